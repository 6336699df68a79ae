// Documentation rows shared by the run, zone and dependence families (IBSI-1 §3.7–3.9, 3.11).
import type { Family } from '../settings.ts'
import type { FeatureDoc } from './family.ts'

export function zoneRows(family: Family, tags: string[], what: string): FeatureDoc[] {
  const docs = [
    `short ${what} emphasis: Σ m_j / j² / N_s`, `long ${what} emphasis: Σ m_j j² / N_s`, 'low grey level emphasis: Σ m_i / i² / N_s', 'high grey level emphasis: Σ m_i i² / N_s',
    `short ${what} low grey level emphasis: Σ m_ij / (i² j²) / N_s`, `short ${what} high grey level emphasis: Σ m_ij i² / j² / N_s`, `long ${what} low grey level emphasis: Σ m_ij j² / i² / N_s`, `long ${what} high grey level emphasis: Σ m_ij i² j² / N_s`,
    'grey level non-uniformity: Σ_i m_i² / N_s', 'normalised grey level non-uniformity: Σ_i m_i² / N_s²', `${what} non-uniformity: Σ_j m_j² / N_s`, `normalised ${what} non-uniformity: Σ_j m_j² / N_s²`,
    'percentage: N_s / N_v', 'grey level variance: Σ (i − μ_i)² p_ij', `${what} variance: Σ (j − μ_j)² p_ij`, `${what} entropy: −Σ p_ij log2 p_ij`, 'energy: Σ p_ij²',
  ]
  return tags.map((t, i) => ({ tag: `${family}_${t}`, family, name: docs[i].split(':')[0], doc: docs[i] }))
}
