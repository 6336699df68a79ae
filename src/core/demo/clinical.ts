// Clinical-size demo volumes (`demo --size clinical`): the same patient as the standard
// demo (same clinical row, anatomy, tumour, textures, scanner and bias field — the planted
// truth does not change) rendered on grids shaped like the study's acquisitions: CE-T1
// 512 × 512 × 48 at 0.7 × 0.7 × 4.5 mm, T1 448 × 448 × 44 at 0.8 × 0.8 × 5 mm and T2
// 384 × 384 × 40 at 0.94 × 0.94 × 5.5 mm, each with its own small offset from the CE-T1
// grid centre (so resampling T1/T2 onto the CE-T1 grid is exercised). The mask lies on the
// CE-T1 grid, as segmentations drawn on CE-T1. Intensities are 12-bit integers (clipped to
// 0…4095). The scene is sampled at each grid's voxel centres in the patient's physical frame
// (src/core/demo/volumes.ts renderTissues); the bias field is evaluated at the same physical
// positions for the three sequences (normalised coordinates of the patient's own grid,
// clamped to [−1, 1] outside it). Noise comes from one stream per sequence, so each sequence
// is reproducible on its own. One patient is rendered at a time (lazy, as the standard demo).
import type { Mask, Vec3, Volume } from '../image/volume.ts'
import { IDENTITY_DIRECTION, voxelCount } from '../image/volume.ts'
import { demoPatient, patientRng, type DemoBiasParams } from './patient.ts'
import { demoScene, generateDemoPatientVolumes, renderSignal, renderTissues, type DemoGrid, type DemoScene, type DemoVolumes } from './volumes.ts'

export type DemoSize = 'standard' | 'clinical'
export const DEMO_SIZES: readonly DemoSize[] = ['standard', 'clinical']

/** The clinical grids: dims, spacing (mm) and the offset of the grid centre from the CE-T1 centre (mm). */
export const CLINICAL_GRIDS: Record<'ce_t1' | 't1' | 't2', { dims: Vec3; spacing: Vec3; offset: Vec3 }> = {
  ce_t1: { dims: [512, 512, 48], spacing: [0.7, 0.7, 4.5], offset: [0, 0, 0] },
  t1: { dims: [448, 448, 44], spacing: [0.8, 0.8, 5], offset: [1.3, -0.9, 1.6] },
  t2: { dims: [384, 384, 40], spacing: [0.9375, 0.9375, 5.5], offset: [-1.1, 0.7, -2.2] },
}

/** 12-bit scanner range */
export const CLINICAL_MAX = 4095

const SEQ_INDEX = { t1: 0, t2: 1, ce_t1: 2 } as const

/** Grid of sequence `s`, centred on the patient's frame centre plus the sequence's offset. */
export function clinicalGrid(scene: DemoScene, s: 'ce_t1' | 't1' | 't2'): DemoGrid {
  const g = CLINICAL_GRIDS[s]
  const origin = [0, 1, 2].map((a) => Math.round((scene.centre[a] + g.offset[a] - (g.spacing[a] * (g.dims[a] - 1)) / 2) * 1000) / 1000) as Vec3
  return { dims: [...g.dims], spacing: [...g.spacing], origin }
}

/** The bias field of the patient evaluated at the voxel centres of `g` (physical positions). */
export function physicalBias(scene: DemoScene, g: DemoGrid, b: DemoBiasParams = scene.p.bias): Float32Array {
  const p = scene.p
  const half = [0, 1, 2].map((a) => (p.spacing[a] * (p.dims[a] - 1)) / 2 || 1)
  const norm = (a: number, x: number) => {
    const u = (x - scene.centre[a]) / half[a]
    return u < -1 ? -1 : u > 1 ? 1 : u
  }
  const [nx, ny, nz] = g.dims
  const out = new Float32Array(voxelCount(g.dims))
  const c = b.coefficients
  const s2 = 2 * b.bumpWidth * b.bumpWidth
  const [x0, y0, z0] = b.bumpCentre
  const xs = Float64Array.from({ length: nx }, (_, i) => norm(0, g.origin[0] + g.spacing[0] * i))
  let n = 0
  for (let k = 0; k < nz; k++) {
    const z = norm(2, g.origin[2] + g.spacing[2] * k)
    for (let j = 0; j < ny; j++) {
      const y = norm(1, g.origin[1] + g.spacing[1] * j)
      for (let i = 0; i < nx; i++) {
        const x = xs[i]
        const poly = c[0] * x + c[1] * y + c[2] * z + c[3] * x * x + c[4] * y * y + c[5] * z * z + c[6] * x * y + c[7] * x * z + c[8] * y * z
        const d2 = (x - x0) * (x - x0) + (y - y0) * (y - y0) + (z - z0) * (z - z0)
        out[n++] = Math.exp(poly + b.bumpAmplitude * Math.exp(-d2 / s2))
      }
    }
  }
  return out
}

/** T1, T2, CE-T1 (each on its own clinical grid) and the CE-T1-grid mask of patient `index`. */
export function generateClinicalPatientVolumes(seed: number, patients: number, index: number): DemoVolumes {
  if (!Number.isInteger(index) || index < 0 || index >= patients) throw new RangeError(`demo patient index ${index} is outside 0…${patients - 1}`)
  const scene = demoScene(demoPatient(seed, patients, index), seed)
  const out = {} as DemoVolumes
  for (const s of ['ce_t1', 't1', 't2'] as const) {
    const g = clinicalGrid(scene, s)
    const tissues = renderTissues(scene, g)
    const seq = SEQ_INDEX[s]
    const data = renderSignal(scene.p, tissues, seq, physicalBias(scene, g), patientRng(seed, index, 3 + seq), CLINICAL_MAX)
    const vol: Volume<Float32Array> = { dims: g.dims, spacing: g.spacing, origin: g.origin, direction: [...IDENTITY_DIRECTION], data }
    out[s] = vol
    if (s === 'ce_t1') out.mask = { ...vol, dims: [...g.dims], spacing: [...g.spacing], origin: [...g.origin], direction: [...IDENTITY_DIRECTION], data: tissues.mask } as Mask
  }
  return out
}

/** Patient `index`'s volumes at the given size (standard: src/core/demo/volumes.ts; clinical: above). */
export function demoPatientVolumes(seed: number, patients: number, index: number, size: DemoSize = 'standard'): DemoVolumes {
  return size === 'clinical' ? generateClinicalPatientVolumes(seed, patients, index) : generateDemoPatientVolumes(seed, patients, index)
}
