// Resampling of one volume with its output slices split over the cores (issue 18: "every
// core busy"): the calling thread computes the first slab and worker threads the others,
// each with the core's resampleSlices on the same grids, so the result is exactly
// resampleOntoGrid's. Input and output live in SharedArrayBuffers, so no voxel is copied
// between threads (an input that is not shared is copied into one first: sharedVolume).
// For the CLI's single-volume commands and the bench; a cohort already keeps every core
// busy with one patient per worker (imaging_pool.ts) and resamples in one thread there.
import os from 'node:os'
import { Worker } from 'node:worker_threads'
import { resampleSlices, type Interpolation } from '../core/preprocess/resample.ts'
import { voxelCount, type Grid, type Vec3, type Volume } from '../core/image/volume.ts'
import { BUNDLED } from './root.ts'

type Numeric = Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array

/** One slab of a resampling, as a worker receives it. */
export interface SlabTask {
  id: number
  image: Omit<Volume, 'data'> & { data: Numeric }
  target: Grid
  interpolation: Interpolation
  kBegin: number
  kEnd: number
  /** the whole output volume (shared); the slab writes its slices */
  out: Float32Array
}

/** A copy of a typed array in a SharedArrayBuffer (the array itself when it is shared already). */
export function sharedArray<T extends Numeric>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a
  const C = a.constructor as { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }
  const s = new C(new SharedArrayBuffer(a.length * C.BYTES_PER_ELEMENT))
  s.set(a as ArrayLike<number> & T)
  return s
}

/** The volume with its voxels in shared memory (see sharedArray). */
export function sharedVolume(v: Volume): Volume<Numeric> {
  const d = v.data
  const typed = ArrayBuffer.isView(d) && !(d instanceof DataView) && !(d instanceof BigInt64Array) && !(d instanceof BigUint64Array) && !(d instanceof Uint8ClampedArray)
  return { ...v, data: sharedArray(typed ? (d as Numeric) : Float64Array.from(d)) }
}

/** Output slice ranges of nearly equal size, one per part. */
export function slabRanges(nz: number, parts: number): [number, number][] {
  const p = Math.max(1, Math.min(parts, nz))
  return Array.from({ length: p }, (_, i) => [Math.floor((i * nz) / p), Math.floor(((i + 1) * nz) / p)] as [number, number])
}

export class ResamplePool {
  private workers: Worker[] = []
  private next = 0
  private waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>()

  /** `threads` in all, the calling thread included (default: one per core). */
  constructor(readonly threads = os.availableParallelism?.() ?? os.cpus().length) {}

  private start(): void {
    if (this.workers.length || this.threads < 2) return
    // from the bundle the worker entry is build/cli/resample_worker.mjs; from the sources, tsx boots the .ts
    const boot = new URL(BUNDLED ? './resample_worker.mjs' : './worker_boot.mjs', import.meta.url)
    const module = new URL('./resample_worker.ts', import.meta.url).href
    for (let i = 1; i < this.threads; i++) {
      const w = new Worker(boot, { workerData: { module } })
      w.on('message', (m: { id: number; error?: string }) => {
        const p = this.waiting.get(m.id)
        this.waiting.delete(m.id)
        if (m.error) p?.reject(new Error(m.error))
        else p?.resolve()
      })
      w.on('error', (e) => {
        for (const p of this.waiting.values()) p.reject(e)
        this.waiting.clear()
      })
      // an idle pool does not keep the process alive
      w.unref()
      this.workers.push(w)
    }
  }

  /** Start the workers now (they load the resampling code), so that the first call does not wait for them. */
  async warm(): Promise<void> {
    this.start()
    const tiny: Volume = { dims: [2, 2, 2], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data: new Float32Array(8) }
    await Promise.all(this.workers.map((w) => this.post(w, tiny as Volume<Numeric>, tiny, 'linear', 0, 1, new Float32Array(new SharedArrayBuffer(32)))))
  }

  private post(w: Worker, image: Volume<Numeric>, target: Grid, interpolation: Interpolation, kBegin: number, kEnd: number, out: Float32Array): Promise<void> {
    const id = this.next++
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      w.ref()
      w.postMessage({ id, image, target, interpolation, kBegin, kEnd, out } satisfies SlabTask)
    }).finally(() => w.unref())
  }

  /** resampleOntoGrid(image, target, interpolation) over the pool; the output's voxels are shared. */
  async resample(image: Volume, target: Grid, interpolation: Interpolation = 'linear'): Promise<Volume<Float32Array>> {
    this.start()
    const [nx, ny, nz] = target.dims
    const plane = nx * ny
    const out = new Float32Array(new SharedArrayBuffer(voxelCount(target.dims) * 4))
    const ranges = slabRanges(nz, this.workers.length + 1)
    const src = ranges.length > 1 ? sharedVolume(image) : image
    const jobs = ranges.slice(1).map(([a, b], i) => this.post(this.workers[i], src as Volume<Numeric>, target, interpolation, a, b, out))
    const [a0, b0] = ranges[0]
    resampleSlices(src, target, interpolation, a0, b0, out.subarray(a0 * plane, b0 * plane))
    await Promise.all(jobs)
    return { dims: [...target.dims] as Vec3, spacing: [...target.spacing] as Vec3, origin: [...target.origin] as Vec3, direction: [...target.direction], data: out }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()))
    this.workers = []
  }
}
