// IBSI-1 compliance: digital phantom (every reference value within tolerance) and the CT
// phantom configurations A, B, C (≥ 98% within tolerance each; misses are printed).
// Reference files: ../shared/data/ibsi (reference value;tolerance;tag, 3 significant digits).
import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import { readVolume } from '../../../src/cli/image_io.ts'
import { loadPreset } from '../../../src/core/radiomics/presets.ts'
import { extractFeatures } from '../../../src/core/radiomics/extract.ts'
import { compareWithReference, parseReference } from '../../../src/core/radiomics/ibsi_reference.ts'
import { DATA, haveData } from '../shared_data.ts'

const IBSI = `${DATA}/ibsi`

async function run(dir: string, preset: string, ref: string) {
  const image = await readVolume(`${IBSI}/${dir}/image.nii.gz`)
  const mask = await readVolume(`${IBSI}/${dir}/mask.nii.gz`)
  const res = extractFeatures(image, mask, loadPreset(preset))
  const cmp = compareWithReference(res.features, parseReference(fs.readFileSync(`${IBSI}/${dir}/${ref}`, 'utf8')))
  const lines = cmp.misses.map((m) => `  ${m.tag}: ${m.value} (reference ${m.reference} ± ${m.tolerance})`)
  console.log(`${preset}: ${cmp.passed}/${cmp.total} within tolerance (${(100 * cmp.fraction).toFixed(2)}%)${lines.length ? '\n' + lines.join('\n') : ''}`)
  return cmp
}

describe.skipIf(!haveData('IBSI-1 digital phantom', 'ibsi/digital_phantom/image.nii.gz', 'ibsi/digital_phantom/reference_values.csv'))('IBSI-1 digital phantom', () => {
  it('matches every reference value within tolerance', async () => {
    const cmp = await run('digital_phantom', 'ibsi-digital-phantom', 'reference_values.csv')
    expect(cmp.total).toBeGreaterThan(450)
    expect(cmp.misses).toEqual([])
  })
})

describe.skipIf(!haveData('IBSI-1 CT phantom', 'ibsi/ct_phantom/image.nii.gz'))('IBSI-1 CT phantom', () => {
  for (const c of ['a', 'b', 'c']) {
    it(`configuration ${c.toUpperCase()}: at least 98% of the reference features within tolerance`, async () => {
      const cmp = await run('ct_phantom', `ibsi-config-${c}`, `reference_config_${c}.csv`)
      expect(cmp.total).toBeGreaterThan(250)
      expect(cmp.fraction).toBeGreaterThanOrEqual(0.98)
    })
  }
})
