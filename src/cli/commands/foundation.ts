// CLI commands of the foundation: image information (demo is added by src/core/demo).
import type { Command } from '../command.ts'
import { emit } from '../command.ts'
import { readVolume } from '../image_io.ts'
import { volumeStats } from '../../core/image/volume.ts'
import { componentTypeOf } from '../../core/image/itk_image.ts'

const info: Command = {
  name: 'info',
  summary: 'dimensions, spacing, origin, direction and intensity range of an image (file or DICOM folder)',
  usage: 'info --image FILE|DICOM_DIR [--json]',
  async run(args) {
    const file = args.string('image')
    const v = await readVolume(file)
    const s = volumeStats(v)
    const result = { dims: v.dims, spacing: v.spacing, origin: v.origin, direction: v.direction, min: s.min, max: s.max, mean: s.mean, dtype: componentTypeOf(v.data), ...(s.nonFinite ? { nonFinite: s.nonFinite } : {}) }
    emit(args, result, () =>
      [`dims      ${v.dims.join(' × ')}`, `spacing   ${v.spacing.map((x) => x.toFixed(4)).join(' × ')} mm`, `origin    ${v.origin.map((x) => x.toFixed(3)).join(', ')}`, `direction ${v.direction.map((x) => x.toFixed(4)).join(' ')}`, `range     ${s.min} … ${s.max} (mean ${s.mean.toFixed(3)})`, `dtype     ${result.dtype}`].join('\n'),
    )
  },
}

export const commands: Command[] = [info]
