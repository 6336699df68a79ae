// pyradiomics parameter files: schema validation (unknown keys are InputErrors naming the key),
// PyYAML behaviours (repeated keys, empty values = None / all features), and the feature names of a
// documentation example with Original + LoG + Wavelet (tests/fixtures/radiomics/pyradiomics/exampleMR_3mm.yaml)
// checked against pyradiomics' naming scheme written out here independently of the engine's tables.
import { describe, expect, it } from 'vitest'
import fs from 'node:fs'
import { InputError } from '../../../src/core/errors.ts'
import { extractPyradiomics, parsePyradiomicsParams } from '../../../src/core/radiomics/pyradiomics/index.ts'
import type { Volume } from '../../../src/core/image/volume.ts'

const FIX = 'tests/fixtures/radiomics/pyradiomics'

function thrown(f: () => unknown): InputError {
  try {
    f()
  } catch (e) {
    if (e instanceof InputError) return e
    throw e
  }
  throw new Error('no InputError thrown')
}

describe('pyradiomics params.yaml validation', () => {
  it('names an unknown setting, section, image type, feature class and feature', () => {
    expect(thrown(() => parsePyradiomicsParams('setting:\n  binWidht: 25\n', 'p.yaml')).message).toMatch(/p\.yaml, setting\.binWidht: unknown pyradiomics setting "binWidht"/)
    expect(thrown(() => parsePyradiomicsParams('settings:\n  binWidth: 25\n')).message).toMatch(/unknown section "settings"/)
    expect(thrown(() => parsePyradiomicsParams('imageType:\n  Wavelets: {}\n')).message).toMatch(/imageType\.Wavelets: unknown image type "Wavelets"/)
    expect(thrown(() => parsePyradiomicsParams('featureClass:\n  glcmm:\n')).message).toMatch(/unknown feature class "glcmm"/)
    expect(thrown(() => parsePyradiomicsParams('featureClass:\n  glcm: [Contrast, Energy]\n')).message).toMatch(/unknown glcm feature "Energy"/)
    expect(thrown(() => parsePyradiomicsParams('setting:\n  binWidth: -5\n')).message).toMatch(/setting\.binWidth: must be a number > 0/)
    expect(thrown(() => parsePyradiomicsParams('setting:\n  interpolator: sitkGaussian\n')).message).toMatch(/setting\.interpolator/)
    expect(thrown(() => parsePyradiomicsParams('setting: [1, 2\n')).message).toMatch(/not valid YAML/)
  })

  it('reads PyYAML-style files: repeated keys, empty values, per-image-type settings', () => {
    const p = parsePyradiomicsParams('setting:\n  binWidth: 10\n  resampledPixelSpacing:\n  weightingNorm:\nimageType:\n  Original: {}\n  LoG: {sigma: [1, 2.5], binWidth: 3}\nfeatureClass:\n  shape:\n  shape:\n  firstorder: []\n  glcm: [Contrast]\n')
    expect(p.setting.binWidth).toBe(10)
    expect(p.setting.resampledPixelSpacing).toBeNull()
    expect(p.imageTypes.map((t) => t.type)).toEqual(['Original', 'LoG'])
    expect(p.imageTypes[1].settings.binWidth).toBe(3)
    expect(p.imageTypes[1].settings.sigma).toEqual([1, 2.5])
    expect(p.sigmaTexts).toEqual(['1', '2.5'])
    expect(p.featureClasses.firstorder).toHaveLength(18)
    expect(p.featureClasses.glcm).toEqual(['Contrast'])
    expect(p.featureClasses.shape).toHaveLength(14)
  })
})

/** A small synthetic MR-like volume with an ellipsoidal ROI (label 1). */
function phantom(): { image: Volume; mask: Volume } {
  const dims: [number, number, number] = [32, 30, 14]
  const n = dims[0] * dims[1] * dims[2]
  const img = new Int16Array(n), m = new Int32Array(n)
  for (let k = 0, v = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 0; i < dims[0]; i++, v++) {
        img[v] = Math.round(400 + 150 * Math.sin(i / 3) * Math.cos(j / 4) + 40 * Math.sin(k * 1.7 + i))
        const r = ((i - 16) / 9) ** 2 + ((j - 15) / 8) ** 2 + ((k - 7) / 4) ** 2
        if (r <= 1) m[v] = 1
      }
  const geo = { dims, spacing: [0.9, 0.9, 2.5] as [number, number, number], origin: [0, 0, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }
  return { image: { ...geo, data: img }, mask: { ...geo, data: m } }
}

describe('pyradiomics documentation example exampleMR_3mm.yaml (Original + LoG + Wavelet)', () => {
  it('extracts every feature under pyradiomics names', () => {
    const params = parsePyradiomicsParams(fs.readFileSync(`${FIX}/exampleMR_3mm.yaml`, 'utf8'), 'exampleMR_3mm.yaml')
    const { image, mask } = phantom()
    const r = extractPyradiomics(image, mask, params)
    // pyradiomics' names (documentation "Radiomic Features"; image type names from imageoperations)
    const firstorder = ['Energy', 'TotalEnergy', 'Entropy', 'Minimum', '10Percentile', '90Percentile', 'Maximum', 'Mean', 'Median', 'InterquartileRange', 'Range', 'MeanAbsoluteDeviation', 'RobustMeanAbsoluteDeviation', 'RootMeanSquared', 'Skewness', 'Kurtosis', 'Variance', 'Uniformity']
    const glcm = ['Autocorrelation', 'JointAverage', 'ClusterProminence', 'ClusterShade', 'ClusterTendency', 'Contrast', 'Correlation', 'DifferenceAverage', 'DifferenceEntropy', 'DifferenceVariance', 'JointEnergy', 'JointEntropy', 'Imc1', 'Imc2', 'Idm', 'Idmn', 'Id', 'Idn', 'InverseVariance', 'MaximumProbability', 'SumEntropy', 'SumSquares']
    const glrlm = ['ShortRunEmphasis', 'LongRunEmphasis', 'GrayLevelNonUniformity', 'GrayLevelNonUniformityNormalized', 'RunLengthNonUniformity', 'RunLengthNonUniformityNormalized', 'RunPercentage', 'GrayLevelVariance', 'RunVariance', 'RunEntropy', 'LowGrayLevelRunEmphasis', 'HighGrayLevelRunEmphasis', 'ShortRunLowGrayLevelEmphasis', 'ShortRunHighGrayLevelEmphasis', 'LongRunLowGrayLevelEmphasis', 'LongRunHighGrayLevelEmphasis']
    const glszm = ['SmallAreaEmphasis', 'LargeAreaEmphasis', 'GrayLevelNonUniformity', 'GrayLevelNonUniformityNormalized', 'SizeZoneNonUniformity', 'SizeZoneNonUniformityNormalized', 'ZonePercentage', 'GrayLevelVariance', 'ZoneVariance', 'ZoneEntropy', 'LowGrayLevelZoneEmphasis', 'HighGrayLevelZoneEmphasis', 'SmallAreaLowGrayLevelEmphasis', 'SmallAreaHighGrayLevelEmphasis', 'LargeAreaLowGrayLevelEmphasis', 'LargeAreaHighGrayLevelEmphasis']
    const gldm = ['SmallDependenceEmphasis', 'LargeDependenceEmphasis', 'GrayLevelNonUniformity', 'DependenceNonUniformity', 'DependenceNonUniformityNormalized', 'GrayLevelVariance', 'DependenceVariance', 'DependenceEntropy', 'LowGrayLevelEmphasis', 'HighGrayLevelEmphasis', 'SmallDependenceLowGrayLevelEmphasis', 'SmallDependenceHighGrayLevelEmphasis', 'LargeDependenceLowGrayLevelEmphasis', 'LargeDependenceHighGrayLevelEmphasis']
    const shape = ['MeshVolume', 'VoxelVolume', 'SurfaceArea', 'SurfaceVolumeRatio', 'Sphericity', 'Maximum3DDiameter', 'Maximum2DDiameterSlice', 'Maximum2DDiameterColumn', 'Maximum2DDiameterRow', 'MajorAxisLength', 'MinorAxisLength', 'LeastAxisLength', 'Elongation', 'Flatness']
    const types = ['original', 'log-sigma-2-0-mm-3D', 'log-sigma-3-0-mm-3D', 'log-sigma-4-0-mm-3D', 'log-sigma-5-0-mm-3D', 'wavelet-LLH', 'wavelet-LHL', 'wavelet-LHH', 'wavelet-HLL', 'wavelet-HLH', 'wavelet-HHL', 'wavelet-HHH', 'wavelet-LLL']
    const expected = [...shape.map((f) => `original_shape_${f}`)]
    for (const t of types) for (const [c, names] of [['firstorder', firstorder], ['glcm', glcm], ['glrlm', glrlm], ['glszm', glszm], ['gldm', gldm]] as const) for (const f of names) expected.push(`${t}_${c}_${f}`)
    expect(Object.keys(r.features).sort()).toEqual(expected.sort())
    expect(expected).toHaveLength(14 + 13 * 86)
    for (const [k, v] of Object.entries(r.features)) expect(Number.isFinite(v), k).toBe(true)
    expect(r.diagnostics['diagnostics_Image-interpolated_Spacing']).toBe('(2, 2, 2)')
  })
})
