// IBSI-2 phase 2: intensity statistics of filter response maps of the IBSI-1 CT radiomics phantom
// (../shared/data/ibsi/ct_phantom) against the consensus values of
// ../shared/data/ibsi2/reference_feature_values.csv (filter_id;feature;feature_tag;consensus_value;tolerance),
// each configuration by its preset ibsi2-phase2-<id>. Prints the count per configuration.
// Skips with a message when the data is absent.
import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import { readVolume } from '../../../src/cli/image_io.ts'
import type { Volume } from '../../../src/core/image/volume.ts'
import { loadPreset } from '../../../src/core/radiomics/presets.ts'
import { extractFeatures } from '../../../src/core/radiomics/extract.ts'
import { PHASE2_IDS } from '../../../src/core/radiomics/filters/ibsi2_configs.ts'
import { DATA } from '../shared_data.ts'

const REF = `${DATA}/ibsi2/reference_feature_values.csv`
const CT = `${DATA}/ibsi/ct_phantom`
const have = fs.existsSync(REF) && fs.existsSync(`${CT}/image.nii.gz`)
if (!have) console.log(`IBSI-2 phase 2 tests skipped: ${REF} or ${CT} not found`)

interface Row { id: string; tag: string; value: number; tolerance: number }
function reference(): Row[] {
  const lines = fs.readFileSync(REF, 'utf8').trim().split(/\r?\n/)
  expect(lines[0]).toBe('filter_id;feature;feature_tag;consensus_value;tolerance')
  return lines.slice(1).map((l) => {
    const [id, , tag, value, tolerance] = l.split(';')
    return { id, tag, value: Number(value), tolerance: Number(tolerance) }
  })
}

describe.skipIf(!have)('IBSI-2 phase 2 (CT phantom, intensity statistics of response maps)', () => {
  const rows = have ? reference() : []
  const ids = [...new Set(rows.map((r) => r.id))]
  let image: Volume, mask: Volume
  const summary: string[] = []
  it('every reference configuration id is a preset', () => {
    expect(ids.filter((id) => !PHASE2_IDS.includes(id))).toEqual([])
  })
  for (const id of ids) {
    it(`${id}: every feature within its tolerance`, async () => {
      image ??= await readVolume(`${CT}/image.nii.gz`)
      mask ??= await readVolume(`${CT}/mask.nii.gz`)
      const f = extractFeatures(image, mask, loadPreset(`ibsi2-phase2-${id}`)).features
      const refs = rows.filter((r) => r.id === id)
      const misses = refs.filter((r) => !(Math.abs(f[r.tag] - r.value) <= r.tolerance)).map((r) => `${r.tag} ${f[r.tag]?.toPrecision(4)} (reference ${r.value} ± ${r.tolerance})`)
      summary.push(`${id}: ${refs.length - misses.length}/${refs.length}${misses.length ? ' — ' + misses.join('; ') : ''}`)
      expect(misses).toEqual([])
    }, 120_000)
  }
  it('reports the counts', () => {
    console.log(`IBSI-2 phase 2 features within tolerance per configuration:\n  ${summary.join('\n  ')}`)
    expect(summary.length).toBe(ids.length)
  })
})

// The 3D (B) configurations 4.B–9.B are not in the reference file; their consensus values (as the
// MIRP test suite asserts them) are in tests/fixtures/radiomics/ibsi2_phase2_B_consensus.csv.
// Each takes 0.5–2.5 min at 1 mm isotropic, so this check runs only with IBSI2_PHASE2_B=1.
const B_FIXTURE = 'tests/fixtures/radiomics/ibsi2_phase2_B_consensus.csv'
const runB = have && process.env.IBSI2_PHASE2_B === '1'
if (have && !runB) console.log('IBSI-2 phase 2 4.B–9.B (fixture consensus values) skipped: set IBSI2_PHASE2_B=1 to run them (slow)')
describe.skipIf(!runB)('IBSI-2 phase 2, 3D configurations 4.B–9.B (fixture)', () => {
  const rows = runB
    ? fs.readFileSync(B_FIXTURE, 'utf8').split(/\r?\n/).filter((l) => l && !l.startsWith('#')).slice(1).map((l) => {
        const [id, tag, value, tolerance] = l.split(';')
        return { id, tag, value: Number(value), tolerance: Number(tolerance) }
      })
    : []
  for (const id of [...new Set(rows.map((r) => r.id))]) {
    it(`${id}: every feature within its tolerance`, async () => {
      const image = await readVolume(`${CT}/image.nii.gz`), mask = await readVolume(`${CT}/mask.nii.gz`)
      const f = extractFeatures(image, mask, loadPreset(`ibsi2-phase2-${id}`)).features
      const misses = rows.filter((r) => r.id === id && !(Math.abs(f[r.tag] - r.value) <= r.tolerance)).map((r) => `${r.tag} ${f[r.tag]} (reference ${r.value} ± ${r.tolerance})`)
      console.log(`${id}: ${rows.filter((r) => r.id === id).length - misses.length}/${rows.filter((r) => r.id === id).length}`)
      expect(misses).toEqual([])
    }, 600_000)
  }
})
