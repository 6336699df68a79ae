// Radiomics settings: plain, JSON-serialisable parameters of the IBSI-1 image
// processing chain (Zwanenburg et al., IBSI reference manual v1, ch. 2) and of the
// feature families to compute. Presets are JSON files validated here at load, so a
// run is reproducible from its parameter file.

import { InputError } from '../errors.ts'
import { validateFilter, type FilterSpec } from './filters/index.ts'

export type Dimension = '2D' | '2.5D' | '3D'
export type Family = 'diag' | 'morph' | 'loc' | 'stat' | 'ih' | 'ivh' | 'cm' | 'rlm' | 'szm' | 'dzm' | 'ngt' | 'ngl'
export const FAMILIES: Family[] = ['diag', 'morph', 'loc', 'stat', 'ih', 'ivh', 'cm', 'rlm', 'szm', 'dzm', 'ngt', 'ngl']

export interface Discretisation {
  /** 'none': intensities are already grey levels (rounded); 'fbn': fixed bin number; 'fbs': fixed bin size */
  method: 'none' | 'fbn' | 'fbs'
  bins?: number
  binWidth?: number
}

export interface RadiomicsSettings {
  name: string
  /** mask label to use (default: every voxel > 0) */
  label?: number
  interpolation?: {
    /** new voxel spacing in mm per axis; null keeps the axis as is */
    spacing: [number | null, number | null, number | null]
    method: 'nearest' | 'linear' | 'cubic'
    /** round interpolated intensities to the nearest integer (CT) */
    round?: boolean
    maskMethod: 'nearest' | 'linear'
    /** partial-volume threshold for the interpolated mask (IBSI: 0.5) */
    maskThreshold: number
  }
  resegmentation?: {
    /** intensity range [lo, hi]; null for an open bound */
    range?: [number | null, number | null]
    /** exclude voxels outside mean ± k·SD (after the range) */
    outlierSigma?: number
  }
  discretisation: Discretisation
  /** discretisation for the intensity-volume histogram; 'none' keeps intensities (integers) */
  ivh?: Discretisation
  dimensions: Dimension[]
  /** GLCM distances (Chebyshev), default [1] */
  glcmDistances?: number[]
  /** NGLDM distance and coarseness, default 1 and 0 */
  ngldm?: { distance: number; coarseness: number }
  families: Family[]
  /** image filter applied after interpolation and re-segmentation (filters/; default none) */
  filter?: FilterSpec
  /** output naming: 'ibsi' tags (default) or the study's LIFEx-style columns, directions averaged ('paper', 175) or merged ('paper-merged', 181) */
  output?: 'ibsi' | 'paper' | 'paper-merged'
}

function fail(name: string, field: string, what: string): never {
  throw new InputError(what, name, `field "${field}"`)
}

function isNum(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x)
}

function validateDiscretisation(d: unknown, name: string, field: string): Discretisation {
  if (!d || typeof d !== 'object') fail(name, field, 'must be an object {method, bins|binWidth}')
  const o = d as Record<string, unknown>
  if (o.method !== 'none' && o.method !== 'fbn' && o.method !== 'fbs') fail(name, `${field}.method`, 'must be "none", "fbn" or "fbs"')
  if (o.method === 'fbn' && !(isNum(o.bins) && o.bins >= 1 && Number.isInteger(o.bins))) fail(name, `${field}.bins`, 'must be a positive integer for fixed bin number')
  if (o.method === 'fbs' && !(isNum(o.binWidth) && o.binWidth > 0)) fail(name, `${field}.binWidth`, 'must be a positive number for fixed bin size')
  return { method: o.method, bins: o.bins as number | undefined, binWidth: o.binWidth as number | undefined }
}

/** Validate a settings object (from a preset or a user file); throws InputError naming the field. */
export function validateSettings(raw: unknown, name = 'settings'): RadiomicsSettings {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError('must be a JSON object', name)
  const o = raw as Record<string, unknown>
  const known = new Set(['name', 'label', 'interpolation', 'resegmentation', 'discretisation', 'ivh', 'dimensions', 'glcmDistances', 'ngldm', 'families', 'filter', 'output', 'description'])
  for (const k of Object.keys(o)) if (!known.has(k)) fail(name, k, `is not a known setting (known: ${[...known].join(', ')})`)
  const s: RadiomicsSettings = {
    name: typeof o.name === 'string' ? o.name : name,
    discretisation: validateDiscretisation(o.discretisation, name, 'discretisation'),
    dimensions: [],
    families: [],
  }
  if (o.label !== undefined) {
    if (!isNum(o.label) || !Number.isInteger(o.label)) fail(name, 'label', 'must be an integer')
    s.label = o.label
  }
  if (o.interpolation !== undefined && o.interpolation !== null) {
    const it = o.interpolation as Record<string, unknown>
    const sp = it.spacing
    if (!Array.isArray(sp) || sp.length !== 3 || !sp.every((x) => x === null || (isNum(x) && x > 0))) fail(name, 'interpolation.spacing', 'must be 3 positive numbers (mm) or null to keep an axis')
    if (!['nearest', 'linear', 'cubic'].includes(it.method as string)) fail(name, 'interpolation.method', 'must be "nearest", "linear" or "cubic"')
    if (!['nearest', 'linear'].includes((it.maskMethod ?? 'linear') as string)) fail(name, 'interpolation.maskMethod', 'must be "nearest" or "linear"')
    const th = it.maskThreshold ?? 0.5
    if (!isNum(th) || th <= 0 || th > 1) fail(name, 'interpolation.maskThreshold', 'must be in (0, 1]')
    s.interpolation = {
      spacing: sp as [number | null, number | null, number | null],
      method: it.method as 'nearest' | 'linear' | 'cubic',
      round: it.round === true,
      maskMethod: (it.maskMethod ?? 'linear') as 'nearest' | 'linear',
      maskThreshold: th,
    }
  }
  if (o.resegmentation !== undefined && o.resegmentation !== null) {
    const r = o.resegmentation as Record<string, unknown>
    const out: NonNullable<RadiomicsSettings['resegmentation']> = {}
    if (r.range !== undefined) {
      if (!Array.isArray(r.range) || r.range.length !== 2 || !r.range.every((x) => x === null || isNum(x))) fail(name, 'resegmentation.range', 'must be [lo, hi] (numbers or null)')
      const [lo, hi] = r.range as [number | null, number | null]
      if (lo !== null && hi !== null && lo > hi) fail(name, 'resegmentation.range', 'lower bound exceeds upper bound')
      out.range = [lo, hi]
    }
    if (r.outlierSigma !== undefined) {
      if (!isNum(r.outlierSigma) || r.outlierSigma <= 0) fail(name, 'resegmentation.outlierSigma', 'must be a positive number')
      out.outlierSigma = r.outlierSigma
    }
    s.resegmentation = out
  }
  if (o.ivh !== undefined && o.ivh !== null) s.ivh = validateDiscretisation(o.ivh, name, 'ivh')
  if (!Array.isArray(o.dimensions) || o.dimensions.length === 0 || !o.dimensions.every((d) => d === '2D' || d === '2.5D' || d === '3D'))
    fail(name, 'dimensions', 'must be a non-empty list of "2D", "2.5D", "3D"')
  s.dimensions = o.dimensions as Dimension[]
  if (o.glcmDistances !== undefined) {
    if (!Array.isArray(o.glcmDistances) || o.glcmDistances.length === 0 || !o.glcmDistances.every((x) => isNum(x) && Number.isInteger(x) && x >= 1))
      fail(name, 'glcmDistances', 'must be a list of positive integers')
    s.glcmDistances = o.glcmDistances as number[]
  }
  if (o.ngldm !== undefined) {
    const n = o.ngldm as Record<string, unknown>
    if (!isNum(n.distance) || !Number.isInteger(n.distance) || n.distance < 1 || !isNum(n.coarseness) || n.coarseness < 0) fail(name, 'ngldm', 'must be {distance: integer ≥ 1, coarseness: number ≥ 0}')
    s.ngldm = { distance: n.distance, coarseness: n.coarseness }
  }
  if (!Array.isArray(o.families) || o.families.length === 0 || !o.families.every((f) => FAMILIES.includes(f as Family)))
    fail(name, 'families', `must be a non-empty list of ${FAMILIES.join(', ')}`)
  s.families = o.families as Family[]
  if (o.filter !== undefined && o.filter !== null) s.filter = validateFilter(o.filter, name)
  if (o.output !== undefined) {
    if (o.output !== 'ibsi' && o.output !== 'paper' && o.output !== 'paper-merged') fail(name, 'output', 'must be "ibsi", "paper" or "paper-merged"')
    s.output = o.output
  }
  return s
}
