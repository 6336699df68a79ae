// The clinical-size demo cohort the cohort benchmark processes: `demo --size clinical`
// patients written once as .nii.gz under node_modules/.cache/bench-cohort (a cache), and
// the same volumes pre-decoded for the browser runner (one file per volume: a 4-byte
// little-endian header length, a JSON header with the grid and the array type, the voxels).
import fs from 'node:fs'
import path from 'node:path'
import { demoPatientImageFiles, demoPatientId, DEMO_IMAGE_KINDS } from '../../src/core/demo/index.ts'
import type { Volume } from '../../src/core/image/volume.ts'

export const CACHE = path.resolve('node_modules/.cache/bench-cohort')
export const SEED = 1

/** Folder holding patients 0…n−1 of the seed-1 clinical demo (of a 225-patient cohort), written if missing. */
export function clinicalCohort(n: number, log: (m: string) => void): { dir: string; ids: string[] } {
  const dir = path.join(CACHE, 'clinical')
  fs.mkdirSync(path.join(dir, 'images'), { recursive: true })
  const ids: string[] = []
  for (let i = 0; i < n; i++) {
    const id = demoPatientId(i, 225)
    ids.push(id)
    if (DEMO_IMAGE_KINDS.every((k) => fs.existsSync(path.join(dir, `images/${id}_${k}.nii.gz`)))) continue
    log(`generating clinical-size patient ${i + 1}/${n}`)
    for (const f of demoPatientImageFiles(SEED, 225, i, 'clinical')) fs.writeFileSync(path.join(dir, f.path), f.bytes)
  }
  return { dir, ids }
}

export const niftiPath = (dir: string, id: string, kind: string) => path.join(dir, `images/${id}_${kind}.nii.gz`)

/** A volume as the browser runner fetches it. */
export function encodeRaw(v: Volume): Uint8Array {
  const data = v.data as unknown as ArrayBufferView & { constructor: { name: string } }
  const header = new TextEncoder().encode(JSON.stringify({ dims: v.dims, spacing: v.spacing, origin: v.origin, direction: v.direction, type: data.constructor.name }))
  const out = new Uint8Array(4 + header.length + data.byteLength)
  new DataView(out.buffer).setUint32(0, header.length, true)
  out.set(header, 4)
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 4 + header.length)
  return out
}
