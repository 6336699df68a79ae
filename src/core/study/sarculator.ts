// SARCULATOR risk groups from the nomogram's predicted 10-year overall survival (%),
// with the study's cut-offs (≤ 51%, 51–66%, > 66%; Crombé, Lucchesi et al. 2024, after
// Callegaro et al., Lancet Oncol 2016). The predicted OS is an input column.

export function sarculatorGroup(predictedOs10: number, thresholds: [number, number] = [51, 66]): string | null {
  if (!Number.isFinite(predictedOs10)) return null
  const [lo, hi] = thresholds
  if (predictedOs10 <= lo) return `OS10 ≤ ${lo}%`
  if (predictedOs10 <= hi) return `OS10 ${lo}–${hi}%`
  return `OS10 > ${hi}%`
}

/** Cox reference of the SARCULATOR histotype categories (the category name of coding.ts: myxoid/round cell liposarcoma). */
export const SARCULATOR_HISTOTYPE_REFERENCE = 'M/RC LPS'
