// Feature extraction for one image and mask: the IBSI-1 processing chain (chain.ts), the
// image-filter stage (filters/, IBSI-2), then every requested feature family of the registry
// (families/) in registry order. Returns a plain record {features, settings, warnings}; names
// are IBSI tags (e.g. cm_contrast_3D_comb). Presets with their own naming (paper.ts) post-process.

import type { Volume } from '../image/volume.ts'
import { sameGrid } from '../image/volume.ts'
import { InputError } from '../errors.ts'
import { throwIfCancelled, type JobContext } from '../job.ts'
import type { RadiomicsSettings } from './settings.ts'
import { discretise, type Discretised } from './image_processing.ts'
import { occupiedSlices, type LevelGrid } from './matrices/grid.ts'
import { crop, cropForFilter, processRoi, roiBox } from './chain.ts'
import { applyFilter, imageFilter } from './filters/index.ts'
import { FAMILY_REGISTRY, type ExtractOptions, type FamilyInput } from './families/index.ts'
import { fillUncomputable } from './families/aggregation.ts'

export type { ExtractOptions } from './families/index.ts'

export interface RadiomicsResult {
  features: Record<string, number>
  settings: RadiomicsSettings
  warnings: string[]
}

/** Extract features from an image and a mask on the same grid. */
export function extractFeatures(image0: Volume, mask: Volume, settings: RadiomicsSettings, ctx?: JobContext, options: ExtractOptions = {}): RadiomicsResult {
  // one element type for every hot loop below (monomorphic typed-array access)
  const image: Volume<Float64Array> = { ...image0, data: image0.data instanceof Float64Array ? image0.data : new Float64Array(image0.data as unknown as ArrayLike<number>) }
  if (!sameGrid(image, mask, 1e-3)) throw new InputError(`the mask grid (${mask.dims.join('×')}) differs from the image grid (${image.dims.join('×')}); resample the mask onto the image first`, 'mask')
  const warnings: string[] = []
  const features: Record<string, number> = {}
  const families = FAMILY_REGISTRY.filter((f) => settings.families.includes(f.id))

  const roi = processRoi(image, mask, settings, warnings, settings.families.includes('diag') ? features : null)
  ctx?.progress?.(0.1, 're-segmentation')
  throwIfCancelled(ctx)

  // image filter on the interpolated grid (boundary conditions are the image's): for a filter of
  // finite reach only on the part the ROI box depends on (identical responses there), then the
  // box around the morphological mask with the margin the families need
  const marginMm = Math.max(0, ...families.map((f) => f.marginMm ?? 0))
  const spec = settings.filter
  const reach = spec && spec.filter !== 'original' ? imageFilter(spec.filter)?.reach?.(roi.image, spec) ?? null : null
  const work = reach ? cropForFilter(roi, reach, marginMm, spec!.boundary === 'periodic') : roi
  const filtered = applyFilter(work.image, spec)
  const box = roiBox(work, marginMm)
  const dims: [number, number, number] = [box.hi[0] - box.lo[0] + 1, box.hi[1] - box.lo[1] + 1, box.hi[2] - box.lo[2] + 1]
  const spacing: [number, number, number] = [filtered.spacing[0], filtered.spacing[1], filtered.spacing[2]]
  const bImg = crop(filtered.data, filtered.dims, box, (n) => new Float64Array(n))
  const bMorph = crop(work.morph, filtered.dims, box, (n) => new Uint8Array(n))
  const bInt = crop(work.int, filtered.dims, box, (n) => new Uint8Array(n))
  let nInt = 0
  for (let v = 0; v < bInt.length; v++) nInt += bInt[v]
  if (nInt === 0) throw new InputError('the ROI is empty after re-segmentation; widen the re-segmentation range', 'mask')
  const roiValues = new Float64Array(nInt)
  for (let v = 0, t = 0; v < bInt.length; v++) if (bInt[v]) roiValues[t++] = bImg[v]

  // the re-segmentation range bounds the unfiltered intensities only
  const unfiltered = filtered === work.image
  const range = settings.resegmentation?.range
  const rangeLo = unfiltered ? range?.[0] ?? null : null, rangeHi = unfiltered ? range?.[1] ?? null : null
  let disc: Discretised | undefined, grid: LevelGrid | undefined, occupied: boolean[] | undefined
  const memo = new Map<string, unknown>()
  const inp: FamilyInput = {
    settings, options, dims, spacing, image: bImg, morphMask: bMorph, intMask: bInt, roiValues, rangeLo, rangeHi,
    want2D: settings.dimensions.includes('2D'), want25: settings.dimensions.includes('2.5D'), want3D: settings.dimensions.includes('3D'),
    wants: (v) => !options.variants || options.variants.includes(v),
    discretised: () => (disc ??= discretise(bImg, bInt, settings.discretisation, rangeLo, rangeHi)),
    grid: () => (grid ??= { dims, levels: inp.discretised().levels, ng: inp.discretised().ng }),
    occupied: () => (occupied ??= occupiedSlices(inp.grid())),
    memo: <T>(key: string, make: () => T): T => {
      if (!memo.has(key)) memo.set(key, make())
      return memo.get(key) as T
    },
  }
  for (const f of families) {
    if (!f.compute) continue
    f.compute(inp, features)
    if (f.progress) ctx?.progress?.(f.progress[0], f.progress[1])
    throwIfCancelled(ctx)
  }
  // variants with nothing to count (tiny ROI) become NA columns, with a warning
  fillUncomputable(features, families.flatMap((f) => f.docs), warnings)
  ctx?.progress?.(1, 'done')
  return { features, settings, warnings }
}
