// Mean filter (IBSI-2 reference manual, "mean filter"): the average over an M × M (× M) neighbourhood, as a
// separable convolution with 1/M taps along each filtered axis. Parameters: support M (odd, voxels).
import type { ImageFilter } from './filter.ts'
import { separable } from './boundary.ts'
import { SpecReader } from './spec.ts'

export const meanFilter: ImageFilter = {
  id: 'mean',
  title: 'Mean filter',
  section: 'IBSI-2, mean filter',
  module: 'mean.ts',
  parameters: 'support M (odd, voxels); dimensions 2D|3D; boundary',
  validate(spec, name) {
    const r = new SpecReader(spec, name)
    const M = r.number('support', { min: 1, integer: true })
    if (M % 2 === 0) r.fail('support', 'must be odd')
    return { filter: 'mean', support: M, ...r.common() }
  },
  reach(_image, spec) {
    const r = ((spec.support as number) - 1) / 2
    return [r, r, spec.dimensions === '2D' ? 0 : r]
  },
  apply(image, spec) {
    const M = spec.support as number
    const k = new Float64Array(M).fill(1 / M)
    const planar = spec.dimensions === '2D'
    return { ...image, data: separable(image.data, image.dims, [k, k, planar ? null : k], spec.boundary as never) }
  },
}
