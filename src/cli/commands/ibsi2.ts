// CLI command `ibsi2`: the response map of an IBSI-2 phase 1 configuration (by id, e.g. 1.a.1)
// on the digital phantom it names. Computation: src/core/radiomics/filters (ibsi2.ts, the table
// in ibsi2_configs.ts); this file finds the phantom, calls, writes.
import fs from 'node:fs'
import path from 'node:path'
import type { Command } from '../command.ts'
import { flag } from '../args.ts'
import { emit } from '../command.ts'
import { readVolume, writeVolume } from '../image_io.ts'
import { InputError } from '../../core/errors.ts'
import { PHASE1_CONFIGS } from '../../core/radiomics/filters/ibsi2_configs.ts'
import { phase1Config, phase1Response } from '../../core/radiomics/filters/ibsi2.ts'

/** The phantom image under the IBSI-2 data layout (nifti/<name>/image/<name>.nii.gz) or flat. */
function phantomFile(dir: string, name: string): string {
  const candidates = [path.join(dir, 'nifti', name, 'image', `${name}.nii.gz`), path.join(dir, name, 'image', `${name}.nii.gz`), path.join(dir, `${name}.nii.gz`), path.join(dir, `${name}.nii`)]
  const f = candidates.find((c) => fs.existsSync(c))
  if (!f) throw new InputError(`no "${name}" phantom found (looked for ${candidates.map((c) => path.relative(dir, c)).join(', ')}); give the IBSI-2 phantoms folder`, dir, '--phantoms')
  return f
}

const ibsi2: Command = {
  name: 'ibsi2',
  summary: 'IBSI-2 phase 1 response map of a configuration id (1.a.1 … 10.b.1) on its digital phantom',
  usage: `ibsi2 --config ID --phantoms DIR --out response.nii.gz [--json]\n  ids: ${PHASE1_CONFIGS.map((c) => c.id).join(' ')}`,
  flags: { config: flag.string(), phantoms: flag.input(), out: flag.output() },
  async run(args) {
    const c = phase1Config(args.string('config'))
    const file = phantomFile(args.string('phantoms'), c.phantom)
    const out = args.string('out')
    const v = await readVolume(file)
    const t0 = performance.now()
    const r = phase1Response(c, { ...v, data: Float64Array.from(v.data as ArrayLike<number>) })
    const seconds = (performance.now() - t0) / 1000
    await writeVolume(out, { ...r, data: Float32Array.from(r.data) })
    let min = Infinity, max = -Infinity
    for (const x of r.data) { if (x < min) min = x; if (x > max) max = x }
    emit(args, { config: c.id, phantom: c.phantom, filter: c.filter, image: file, out, dims: r.dims, min, max, seconds }, () => `${c.id}: ${c.filter.filter} on ${c.phantom} → ${out} (range ${min.toPrecision(6)} … ${max.toPrecision(6)}, ${seconds.toFixed(2)} s)`)
  },
}

export const commands: Command[] = [ibsi2]
