// pyradiomics parameter files (params.yaml): the three sections `setting`, `imageType` and
// `featureClass` of pyradiomics' schema (radiomics/schemas/paramSchema.yaml, documented in
// pyradiomics "Customizing the extraction" → "Parameter file"), parsed with the `yaml` package and
// validated here: an unknown section, setting, image type, feature class or feature name is an
// InputError naming it. Defaults are pyradiomics' (featureextractor._getDefaultSettings and the
// feature classes' kwargs.get defaults).

import { parseDocument, isSeq, isScalar } from 'yaml'
import { InputError } from '../../errors.ts'

export type Interpolator = 'sitkNearestNeighbor' | 'sitkLinear' | 'sitkBSpline'
export type WeightingNorm = 'manhattan' | 'euclidean' | 'infinity' | 'no_weighting'

/** Settings that pyradiomics reads (global `setting`, or per image type). */
export interface PyrSettings {
  binWidth: number
  binCount: number | null
  label: number
  resampledPixelSpacing: [number, number, number] | null
  interpolator: Interpolator | null
  padDistance: number
  normalize: boolean
  normalizeScale: number
  removeOutliers: number | null
  voxelArrayShift: number
  resegmentRange: number[] | null
  resegmentMode: 'absolute' | 'relative' | 'sigma'
  resegmentShape: boolean
  force2D: boolean
  force2Ddimension: 0 | 1 | 2
  distances: number[]
  weightingNorm: WeightingNorm | null
  symmetricalGLCM: boolean
  gldm_a: number
  minimumROIDimensions: number
  minimumROISize: number | null
  additionalInfo: boolean
  preCrop: boolean
  // filter settings (pyradiomics accepts them in `setting` or per image type)
  sigma: number[]
  wavelet: string
  start_level: number
  level: number
  gradientUseSpacing: boolean
  lbp2DRadius: number
  lbp2DSamples: number
  lbp2DMethod: string
  lbp3DLevels: number
  lbp3DIcosphereRadius: number
  lbp3DIcosphereSubdivision: number
}

export const IMAGE_TYPES = ['Original', 'LoG', 'Wavelet', 'Square', 'SquareRoot', 'Logarithm', 'Exponential', 'Gradient', 'LBP2D', 'LBP3D'] as const
export type ImageType = (typeof IMAGE_TYPES)[number]

/** Feature names per class, in pyradiomics' spelling; `deprecated` ones are computed only when named. */
export const FEATURE_CLASSES: Record<string, { enabled: string[]; deprecated: string[] }> = {
  firstorder: {
    enabled: ['Energy', 'TotalEnergy', 'Entropy', 'Minimum', '10Percentile', '90Percentile', 'Maximum', 'Mean', 'Median', 'InterquartileRange', 'Range', 'MeanAbsoluteDeviation', 'RobustMeanAbsoluteDeviation', 'RootMeanSquared', 'Skewness', 'Kurtosis', 'Variance', 'Uniformity'],
    deprecated: ['StandardDeviation'],
  },
  shape: {
    enabled: ['MeshVolume', 'VoxelVolume', 'SurfaceArea', 'SurfaceVolumeRatio', 'Sphericity', 'Maximum3DDiameter', 'Maximum2DDiameterSlice', 'Maximum2DDiameterColumn', 'Maximum2DDiameterRow', 'MajorAxisLength', 'MinorAxisLength', 'LeastAxisLength', 'Elongation', 'Flatness'],
    deprecated: ['Compactness1', 'Compactness2', 'SphericalDisproportion'],
  },
  shape2D: {
    enabled: ['MeshSurface', 'PixelSurface', 'Perimeter', 'PerimeterSurfaceRatio', 'Sphericity', 'MaximumDiameter', 'MajorAxisLength', 'MinorAxisLength', 'Elongation'],
    deprecated: ['SphericalDisproportion'],
  },
  glcm: {
    enabled: ['Autocorrelation', 'JointAverage', 'ClusterProminence', 'ClusterShade', 'ClusterTendency', 'Contrast', 'Correlation', 'DifferenceAverage', 'DifferenceEntropy', 'DifferenceVariance', 'JointEnergy', 'JointEntropy', 'Imc1', 'Imc2', 'Idm', 'MCC', 'Idmn', 'Id', 'Idn', 'InverseVariance', 'MaximumProbability', 'SumAverage', 'SumEntropy', 'SumSquares'],
    deprecated: [],
  },
  glrlm: {
    enabled: ['ShortRunEmphasis', 'LongRunEmphasis', 'GrayLevelNonUniformity', 'GrayLevelNonUniformityNormalized', 'RunLengthNonUniformity', 'RunLengthNonUniformityNormalized', 'RunPercentage', 'GrayLevelVariance', 'RunVariance', 'RunEntropy', 'LowGrayLevelRunEmphasis', 'HighGrayLevelRunEmphasis', 'ShortRunLowGrayLevelEmphasis', 'ShortRunHighGrayLevelEmphasis', 'LongRunLowGrayLevelEmphasis', 'LongRunHighGrayLevelEmphasis'],
    deprecated: [],
  },
  glszm: {
    enabled: ['SmallAreaEmphasis', 'LargeAreaEmphasis', 'GrayLevelNonUniformity', 'GrayLevelNonUniformityNormalized', 'SizeZoneNonUniformity', 'SizeZoneNonUniformityNormalized', 'ZonePercentage', 'GrayLevelVariance', 'ZoneVariance', 'ZoneEntropy', 'LowGrayLevelZoneEmphasis', 'HighGrayLevelZoneEmphasis', 'SmallAreaLowGrayLevelEmphasis', 'SmallAreaHighGrayLevelEmphasis', 'LargeAreaLowGrayLevelEmphasis', 'LargeAreaHighGrayLevelEmphasis'],
    deprecated: [],
  },
  gldm: {
    enabled: ['SmallDependenceEmphasis', 'LargeDependenceEmphasis', 'GrayLevelNonUniformity', 'DependenceNonUniformity', 'DependenceNonUniformityNormalized', 'GrayLevelVariance', 'DependenceVariance', 'DependenceEntropy', 'LowGrayLevelEmphasis', 'HighGrayLevelEmphasis', 'SmallDependenceLowGrayLevelEmphasis', 'SmallDependenceHighGrayLevelEmphasis', 'LargeDependenceLowGrayLevelEmphasis', 'LargeDependenceHighGrayLevelEmphasis'],
    deprecated: ['GrayLevelNonUniformityNormalized'],
  },
  ngtdm: { enabled: ['Coarseness', 'Contrast', 'Busyness', 'Complexity', 'Strength'], deprecated: [] },
}

export interface PyrParams {
  setting: PyrSettings
  /** enabled image types with their custom settings (merged over `setting`) */
  imageTypes: { type: ImageType; settings: PyrSettings }[]
  /** enabled feature classes and the features of each (null list = all non-deprecated) */
  featureClasses: Record<string, string[]>
}

export function defaultSettings(): PyrSettings {
  return {
    binWidth: 25, binCount: null, label: 1, resampledPixelSpacing: null, interpolator: 'sitkBSpline', padDistance: 5,
    normalize: false, normalizeScale: 1, removeOutliers: null, voxelArrayShift: 0, resegmentRange: null, resegmentMode: 'absolute',
    resegmentShape: false, force2D: false, force2Ddimension: 0, distances: [1], weightingNorm: null, symmetricalGLCM: true, gldm_a: 0,
    minimumROIDimensions: 2, minimumROISize: null, additionalInfo: true, preCrop: false,
    sigma: [], wavelet: 'coif1', start_level: 0, level: 1, gradientUseSpacing: true,
    lbp2DRadius: 1, lbp2DSamples: 8, lbp2DMethod: 'uniform', lbp3DLevels: 2, lbp3DIcosphereRadius: 1, lbp3DIcosphereSubdivision: 1,
  }
}

// settings pyradiomics knows that change nothing here (logging, geometry checks, voxel-based mode)
const ACCEPTED_NO_EFFECT = new Set(['geometryTolerance', 'correctMask', 'label_channel', 'enableCExtensions', 'kernelRadius', 'maskedKernel', 'initValue', 'voxelBatch'])

const INTERPOLATORS: Record<string, Interpolator> = {
  sitkNearestNeighbor: 'sitkNearestNeighbor', sitkLinear: 'sitkLinear', sitkBSpline: 'sitkBSpline', '1': 'sitkNearestNeighbor', '2': 'sitkLinear', '3': 'sitkBSpline',
}
const WAVELETS = /^(haar|db([1-9]|1[0-9]|20)|sym([2-9]|1[0-9]|20)|coif[1-5]|bior(1\.[135]|2\.[2468]|3\.[13579]|4\.4|5\.5|6\.8)|rbio(1\.[135]|2\.[2468]|3\.[13579]|4\.4|5\.5|6\.8)|dmey)$/

type Check = (v: unknown, where: string) => unknown

const num = (min = -Infinity, exclusiveMin = false): Check => (v, where) => {
  if (typeof v !== 'number' || !Number.isFinite(v) || (exclusiveMin ? v <= min : v < min)) throw new InputError(`must be a number ${exclusiveMin ? '>' : '≥'} ${min}`, undefined, where)
  return v
}
const int = (min: number, max = Infinity): Check => (v, where) => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new InputError(`must be an integer in [${min}, ${max}]`, undefined, where)
  return v
}
const bool: Check = (v, where) => {
  if (typeof v !== 'boolean') throw new InputError('must be true or false', undefined, where)
  return v
}
const nullable = (c: Check): Check => (v, where) => (v === null ? null : c(v, where))
const list = (c: Check, minLen = 1, maxLen = Infinity): Check => (v, where) => {
  const arr = Array.isArray(v) ? v : [v]
  if (arr.length < minLen || arr.length > maxLen) throw new InputError(`must be a list of ${minLen}${maxLen < Infinity ? `–${maxLen}` : '+'} value(s)`, undefined, where)
  return arr.map((x, i) => c(x, `${where}[${i}]`))
}

const SETTING_CHECKS: Record<keyof PyrSettings, Check> = {
  binWidth: num(0, true),
  binCount: nullable(int(1)),
  label: int(1),
  resampledPixelSpacing: nullable(list(num(0), 3, 3)),
  interpolator: (v, where) => {
    if (v === null) return null
    const k = String(v)
    if (!(k in INTERPOLATORS)) throw new InputError(`"${k}" is not supported (use sitkNearestNeighbor, sitkLinear or sitkBSpline)`, undefined, where)
    return INTERPOLATORS[k]
  },
  padDistance: int(0),
  normalize: bool,
  normalizeScale: num(0, true),
  removeOutliers: nullable(num(0, true)),
  voxelArrayShift: num(),
  resegmentRange: nullable(list(num(), 1, 2)),
  resegmentMode: (v, where) => {
    if (v !== 'absolute' && v !== 'relative' && v !== 'sigma') throw new InputError('must be "absolute", "relative" or "sigma"', undefined, where)
    return v
  },
  resegmentShape: bool,
  force2D: bool,
  force2Ddimension: int(0, 2),
  distances: list(int(1)),
  weightingNorm: (v, where) => {
    if (v === null) return null
    if (!['manhattan', 'euclidean', 'infinity', 'no_weighting'].includes(v as string)) throw new InputError('must be manhattan, euclidean, infinity, no_weighting or null', undefined, where)
    return v
  },
  symmetricalGLCM: bool,
  gldm_a: num(0),
  minimumROIDimensions: int(1, 3),
  minimumROISize: nullable(int(1)),
  additionalInfo: bool,
  preCrop: bool,
  sigma: list(num(0, true)),
  wavelet: (v, where) => {
    if (typeof v !== 'string' || !WAVELETS.test(v)) throw new InputError(`"${String(v)}" is not a PyWavelets wavelet name (e.g. haar, db2, coif1, sym4)`, undefined, where)
    return v
  },
  start_level: int(0),
  level: int(1),
  gradientUseSpacing: bool,
  lbp2DRadius: num(0, true),
  lbp2DSamples: int(1),
  lbp2DMethod: (v, where) => {
    if (!['default', 'ror', 'uniform', 'var'].includes(v as string)) throw new InputError('must be default, ror, uniform or var', undefined, where)
    return v
  },
  lbp3DLevels: int(1),
  lbp3DIcosphereRadius: num(0, true),
  lbp3DIcosphereSubdivision: int(0),
}

function applySettings(base: PyrSettings, raw: unknown, where: string, file: string | undefined): PyrSettings {
  const s: PyrSettings = structuredClone(base)
  if (raw === null || raw === undefined) return s
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new InputError('must be a mapping of setting: value', file, where)
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (ACCEPTED_NO_EFFECT.has(k)) continue
    const check = SETTING_CHECKS[k as keyof PyrSettings]
    if (!check) throw new InputError(`unknown pyradiomics setting "${k}"; check its spelling (pyradiomics settings are case-sensitive)`, file, `${where}.${k}`)
    try {
      ;(s as unknown as Record<string, unknown>)[k] = check(v, `${where}.${k}`)
    } catch (e) {
      if (e instanceof InputError && file) throw new InputError(e.message.replace(/^[^:]*: /, ''), file, `${where}.${k}`)
      throw e
    }
  }
  return s
}

/** Validate an already-parsed params object (from YAML or JSON). */
export function validatePyradiomicsParams(raw: unknown, file?: string): PyrParams {
  if (raw === null || raw === undefined) raw = {}
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new InputError('must be a mapping with sections setting, imageType, featureClass', file)
  const o = raw as Record<string, unknown>
  for (const k of Object.keys(o)) if (!['setting', 'imageType', 'featureClass', 'voxelSetting'].includes(k)) throw new InputError(`unknown section "${k}" (pyradiomics sections: setting, imageType, featureClass)`, file, k)
  const setting = applySettings(defaultSettings(), o.setting, 'setting', file)
  const imageTypes: PyrParams['imageTypes'] = []
  const it = o.imageType ?? { Original: {} }
  if (typeof it !== 'object' || Array.isArray(it) || it === null) throw new InputError('must be a mapping of image type: {custom settings}', file, 'imageType')
  for (const [k, v] of Object.entries(it as Record<string, unknown>)) {
    if (!(IMAGE_TYPES as readonly string[]).includes(k)) throw new InputError(`unknown image type "${k}" (known: ${IMAGE_TYPES.join(', ')})`, file, `imageType.${k}`)
    imageTypes.push({ type: k as ImageType, settings: applySettings(setting, v, `imageType.${k}`, file) })
  }
  if (imageTypes.length === 0) imageTypes.push({ type: 'Original', settings: setting })
  const featureClasses: Record<string, string[]> = {}
  const fc = o.featureClass
  if (fc === undefined || fc === null || (typeof fc === 'object' && Object.keys(fc).length === 0)) {
    for (const [c, d] of Object.entries(FEATURE_CLASSES)) if (c !== 'shape2D') featureClasses[c] = d.enabled.slice()
  } else {
    if (typeof fc !== 'object' || Array.isArray(fc)) throw new InputError('must be a mapping of feature class: [features] (or null for all)', file, 'featureClass')
    for (const [c, v] of Object.entries(fc as Record<string, unknown>)) {
      const d = FEATURE_CLASSES[c]
      if (!d) throw new InputError(`unknown feature class "${c}" (known: ${Object.keys(FEATURE_CLASSES).join(', ')})`, file, `featureClass.${c}`)
      if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) { featureClasses[c] = d.enabled.slice(); continue }
      if (!Array.isArray(v)) throw new InputError('must be a list of feature names or null', file, `featureClass.${c}`)
      for (const f of v) if (!d.enabled.includes(f) && !d.deprecated.includes(f)) throw new InputError(`unknown ${c} feature "${f}" (known: ${[...d.enabled, ...d.deprecated].join(', ')})`, file, `featureClass.${c}`)
      featureClasses[c] = v.slice()
    }
  }
  return { setting, imageTypes, featureClasses }
}

/** Parse and validate the text of a params.yaml (JSON is YAML too). */
export function parsePyradiomicsParams(text: string, file?: string): PyrParams & { sigmaTexts?: string[] } {
  // PyYAML lets a repeated key override the earlier one (pyradiomics' own Params.yaml repeats `shape:`)
  const doc = parseDocument(text, { uniqueKeys: false })
  if (doc.errors.length) throw new InputError(`is not valid YAML (${doc.errors[0].message.split('\n')[0]})`, file)
  const params: PyrParams & { sigmaTexts?: string[] } = validatePyradiomicsParams(doc.toJS(), file)
  // LoG image names use Python's str(sigma): keep whether each sigma was written as a float
  const node = doc.getIn(['imageType', 'LoG', 'sigma'], true) ?? doc.getIn(['setting', 'sigma'], true)
  const items = isSeq(node) ? node.items : isScalar(node) ? [node] : []
  const texts = items.map((it) => (isScalar(it) && typeof it.value === 'number' ? (/[.eE]/.test(it.source ?? '') ? (Number.isInteger(it.value) ? `${it.value}.0` : String(it.value)) : String(it.value)) : null))
  if (texts.length && texts.every((t) => t !== null)) params.sigmaTexts = texts as string[]
  return params
}
