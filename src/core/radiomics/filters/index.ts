// The image-filter registry: "original" (no filter) and the IBSI-2 convolutional filters.
// Adding a filter: a module in this folder exporting an ImageFilter and one line here.
import { InputError } from '../../errors.ts'
import type { Volume } from '../../image/volume.ts'
import type { FilterSpec, ImageFilter } from './filter.ts'
import { meanFilter } from './mean.ts'
import { logFilter } from './log.ts'
import { lawsFilter } from './laws.ts'
import { gaborFilter } from './gabor.ts'
import { waveletFilter } from './wavelet.ts'
import { simoncelliFilter } from './simoncelli.ts'
import { rieszFilter } from './riesz.ts'

export type { FilterSpec, ImageFilter } from './filter.ts'

const original: ImageFilter = {
  id: 'original',
  title: 'Original image (no filter)',
  section: 'IBSI-1',
  module: '—',
  parameters: 'none',
  validate: (spec) => spec,
  apply: (image) => image,
}

export const FILTER_REGISTRY: readonly ImageFilter[] = [original, meanFilter, logFilter, lawsFilter, gaborFilter, waveletFilter, simoncelliFilter, rieszFilter]

export function imageFilter(id: string): ImageFilter | undefined {
  return FILTER_REGISTRY.find((f) => f.id === id)
}

/** Validate a filter settings object (settings field `filter`). */
export function validateFilter(raw: unknown, name: string): FilterSpec {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError('must be an object {filter: NAME, …parameters}', name, 'field "filter"')
  const spec = raw as FilterSpec
  const f = typeof spec.filter === 'string' ? imageFilter(spec.filter) : undefined
  if (!f) throw new InputError(`must name a known filter (${FILTER_REGISTRY.map((x) => x.id).join(', ')})`, name, 'field "filter.filter"')
  return f.validate(spec, name)
}

/** The response map of `spec` (the image itself for no filter or "original"). */
export function applyFilter(image: Volume<Float64Array>, spec: FilterSpec | undefined): Volume<Float64Array> {
  if (!spec || spec.filter === 'original') return image
  const f = imageFilter(spec.filter)
  if (!f) throw new InputError(`unknown filter "${spec.filter}"`, undefined, 'filter')
  return f.apply(image, spec)
}
