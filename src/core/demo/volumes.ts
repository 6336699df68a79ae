// Renders one demo patient's MRI: T1, T2 and fat-suppressed contrast-enhanced T1
// (CE-T1) on one anisotropic grid (~1.5–1.8 × 1.5–1.8 × 5–6 mm, 96 × 96 × 30), and the
// tumour mask. Only the patient's own random stream is used, so patient k is the same
// whether generated alone or within a cohort (volumes are made lazily, one patient at a time).
//
// Image model, per voxel p:
//   tissue(p) ∈ air, subcutaneous fat, muscle (with intermuscular fat septa and a mild
//   texture), cortical bone, fatty marrow, tumour, necrotic core; a limb-like elliptic
//   cross-section extruded (slightly tapered) along z.
//   Tumour: lobulated ellipsoid, ρ(p) = |q̂| / (1 + Σ_k a_k cos(f_k (û·w_k) + φ_k)) ≤ 1 with q̂ the
//   position in the tumour frame scaled by the semi-axes; intra-tumoural signal
//   s·(1 + heterogeneity·T(p)), T a smooth random field (two scales, trilinear on coarse
//   grids); necrotic core ρ < necrosisFraction·(1 + 0.25 T_n) — bright on T2, not enhancing
//   on CE-T1; peritumoural enhancement: CE-T1 rim outside the tumour, decaying over
//   rimThickness mm.
//   Signal: I = Rician(scale · b(p) · s_rel(p)^power, σ = noise · scale), rounded to integers,
//   with the scanner's scale/power/noise (src/core/demo/patient.ts) and the smooth
//   multiplicative bias field b (generateDemoBiasField, identical for the three sequences).
// Relative tissue signals follow the usual MR appearance: fat bright on T1 and T2 and dark
// on fat-suppressed CE-T1, muscle intermediate, cortical bone dark, sarcoma T1-iso/hypo,
// T2-bright, enhancing.

import type { Mask, Vec3, Volume } from '../image/volume.ts'
import { IDENTITY_DIRECTION, voxelCount } from '../image/volume.ts'
import type { Rng } from '../random.ts'
import { demoPatient, patientRng, type DemoBiasParams, type DemoPatient } from './patient.ts'

export interface DemoVolumes {
  t1: Volume<Float32Array>
  t2: Volume<Float32Array>
  ce_t1: Volume<Float32Array>
  mask: Mask
}

const AIR = 0, FAT = 1, MUSCLE = 2, CORTEX = 3, MARROW = 4, TUMOUR = 5, NECROSIS = 6
/** Codes of the tissue label map (generateDemoTissueLabels). */
export const DEMO_TISSUES = { air: AIR, fat: FAT, muscle: MUSCLE, cortex: CORTEX, marrow: MARROW, tumour: TUMOUR, necrosis: NECROSIS } as const
//                        air  fat   muscle cortex marrow tumour necrosis
const SIGNAL_T1 = [0, 1.0, 0.35, 0.04, 0.9, 0.42, 0.28]
const SIGNAL_T2 = [0, 0.75, 0.22, 0.03, 0.65, 0.7, 0.95]
const SIGNAL_CE = [0, 0.12, 0.28, 0.03, 0.12, 0.8, 0.12]
const MYXOID_T2 = 0.9

/** T1, T2, CE-T1 and the tumour mask of patient `index` (0-based) of the demo cohort. */
export function generateDemoPatientVolumes(seed: number, patients: number, index: number): DemoVolumes {
  checkIndex(patients, index)
  const { t1, t2, ce_t1, mask } = renderPatient(demoPatient(seed, patients, index), seed)
  return { t1, t2, ce_t1, mask }
}

/** The tissue label map of patient `index` (DEMO_TISSUES codes; tumour ∪ necrosis = the mask). */
export function generateDemoTissueLabels(seed: number, patients: number, index: number): Mask {
  checkIndex(patients, index)
  return renderPatient(demoPatient(seed, patients, index), seed, true).labels!
}

/** The true multiplicative bias field of patient `index` (same grid as its images). */
export function generateDemoBiasField(seed: number, patients: number, index: number): Volume<Float32Array> {
  checkIndex(patients, index)
  const p = demoPatient(seed, patients, index)
  return { dims: [...p.dims], spacing: [...p.spacing], origin: [...p.origin], direction: [...IDENTITY_DIRECTION], data: biasField(p.dims, p.bias) }
}

function checkIndex(patients: number, index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= patients) throw new RangeError(`demo patient index ${index} is outside 0…${patients - 1}`)
}

/** b(p) on a grid, x fastest (see DemoBiasParams). */
export function biasField(dims: Vec3, b: DemoBiasParams): Float32Array {
  const [nx, ny, nz] = dims
  const out = new Float32Array(voxelCount(dims))
  const c = b.coefficients
  const s2 = 2 * b.bumpWidth * b.bumpWidth
  const [x0, y0, z0] = b.bumpCentre
  let n = 0
  for (let k = 0; k < nz; k++) {
    const z = nz > 1 ? (2 * k) / (nz - 1) - 1 : 0
    for (let j = 0; j < ny; j++) {
      const y = ny > 1 ? (2 * j) / (ny - 1) - 1 : 0
      for (let i = 0; i < nx; i++) {
        const x = nx > 1 ? (2 * i) / (nx - 1) - 1 : 0
        const poly = c[0] * x + c[1] * y + c[2] * z + c[3] * x * x + c[4] * y * y + c[5] * z * z + c[6] * x * y + c[7] * x * z + c[8] * y * z
        const d2 = (x - x0) * (x - x0) + (y - y0) * (y - y0) + (z - z0) * (z - z0)
        out[n++] = Math.exp(poly + b.bumpAmplitude * Math.exp(-d2 / s2))
      }
    }
  }
  return out
}

/** A smooth random field: N(0,1) values on a coarse nodes grid spanning a box, trilinearly interpolated. */
export class SmoothField {
  private readonly values: Float64Array
  constructor(
    rng: Rng,
    private readonly nodes: Vec3,
    private readonly lo: Vec3,
    private readonly hi: Vec3,
  ) {
    this.values = new Float64Array(nodes[0] * nodes[1] * nodes[2])
    for (let i = 0; i < this.values.length; i++) this.values[i] = rng.normal()
  }
  at(x: number, y: number, z: number): number {
    const [nx, ny, nz] = this.nodes
    const fx = clampUnit((x - this.lo[0]) / (this.hi[0] - this.lo[0])) * (nx - 1)
    const fy = clampUnit((y - this.lo[1]) / (this.hi[1] - this.lo[1])) * (ny - 1)
    const fz = clampUnit((z - this.lo[2]) / (this.hi[2] - this.lo[2])) * (nz - 1)
    const i = Math.min(nx - 2, Math.floor(fx)), j = Math.min(ny - 2, Math.floor(fy)), k = Math.min(nz - 2, Math.floor(fz))
    const u = fx - i, v = fy - j, w = fz - k
    const v0 = this.values
    const a = i + nx * (j + ny * k)
    const sx = 1, sy = nx, sz = nx * ny
    const c00 = v0[a] * (1 - u) + v0[a + sx] * u
    const c10 = v0[a + sy] * (1 - u) + v0[a + sy + sx] * u
    const c01 = v0[a + sz] * (1 - u) + v0[a + sz + sx] * u
    const c11 = v0[a + sz + sy] * (1 - u) + v0[a + sz + sy + sx] * u
    return (c00 * (1 - v) + c10 * v) * (1 - w) + (c01 * (1 - v) + c11 * v) * w
  }
}

function clampUnit(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x
}

/** A voxel grid (the patient's own, or a clinical-size one) in the scanner frame. */
export interface DemoGrid {
  dims: Vec3
  spacing: Vec3
  origin: Vec3
}

/** The patient's scene: its random fields (drawn from the image stream in a fixed order) and frame. */
export interface DemoScene {
  p: DemoPatient
  rng: Rng
  /** centre and half field of view of the patient's own grid (the frame every grid is rendered in) */
  centre: Vec3
  fovHalf: Vec3
  fields: { coarse: SmoothField; fine: SmoothField; necShape: SmoothField; ceOwn: SmoothField; muscleTex: SmoothField }
}

export function demoScene(p: DemoPatient, seed: number): DemoScene {
  const rng = patientRng(seed, p.index, 1)
  const { dims, spacing, origin, tumour: tu } = p
  const centre: Vec3 = [0, 1, 2].map((a) => origin[a] + (spacing[a] * (dims[a] - 1)) / 2) as Vec3
  const fovHalf: Vec3 = [0, 1, 2].map((a) => (spacing[a] * dims[a]) / 2) as Vec3
  // smooth random fields (tumour frame, mm): two texture scales, necrosis shape, CE-specific part; muscle texture
  const tExt: Vec3 = [1.3 * tu.semiAxes[0], 1.3 * tu.semiAxes[1], 1.3 * tu.semiAxes[2]]
  const neg: Vec3 = [-tExt[0], -tExt[1], -tExt[2]]
  const coarse = new SmoothField(rng, [5, 5, 4], neg, tExt)
  const fine = new SmoothField(rng, [11, 11, 7], neg, tExt)
  const necShape = new SmoothField(rng, [4, 4, 4], neg, tExt)
  const ceOwn = new SmoothField(rng, [8, 8, 5], neg, tExt)
  const muscleTex = new SmoothField(rng, [16, 16, 8], [-fovHalf[0], -fovHalf[1], -fovHalf[2]], fovHalf)
  return { p, rng, centre, fovHalf, fields: { coarse, fine, necShape, ceOwn, muscleTex } }
}

/** Tissue labels, textures, CE rim and tumour mask of the scene sampled at the voxel centres of `g`. */
export function renderTissues(scene: DemoScene, g: DemoGrid): { label: Uint8Array; tex: Float32Array; texCe: Float32Array; rim: Float32Array; mask: Uint8Array } {
  const { p, centre, fovHalf } = scene
  const { coarse, fine, necShape, ceOwn, muscleTex } = scene.fields
  const { anatomy: an, tumour: tu } = p
  const { dims, spacing, origin } = g
  const [nx, ny, nz] = dims
  const n = voxelCount(dims)
  const label = new Uint8Array(n)
  const tex = new Float32Array(n) // tumour texture T (or muscle texture outside)
  const texCe = new Float32Array(n)
  const rim = new Float32Array(n) // peritumoural CE enhancement, relative signal
  const mask = new Uint8Array(n)
  const cosA = Math.cos(tu.angle), sinA = Math.sin(tu.angle)
  const [ta, tb, tc] = tu.semiAxes
  const lobes = tu.lobes
  const reach = 1.25 * Math.max(ta, tb) + tu.rimThickness
  const reachZ = 1.25 * tc + tu.rimThickness
  const bone = an.bone
  const septaDirs = an.septa.map((a) => [Math.cos(a), Math.sin(a)])
  const sc = bone ? bone.centre : [0, 0]

  let idx = 0
  for (let k = 0; k < nz; k++) {
    const z = origin[2] + spacing[2] * k - centre[2]
    const taper = 1 + (0.04 * z) / fovHalf[2]
    const lx = an.limbSemiAxes[0] * taper, ly = an.limbSemiAxes[1] * taper
    const lxIn = lx - an.fatThickness, lyIn = ly - an.fatThickness
    const dzT = z - tu.centre[2]
    const nearZ = Math.abs(dzT) <= reachZ
    for (let j = 0; j < ny; j++) {
      const y = origin[1] + spacing[1] * j - centre[1]
      for (let i = 0; i < nx; i++, idx++) {
        const x = origin[0] + spacing[0] * i - centre[0]
        // anatomy
        let t = AIR
        const e = (x * x) / (lx * lx) + (y * y) / (ly * ly)
        if (e <= 1) {
          t = (x * x) / (lxIn * lxIn) + (y * y) / (lyIn * lyIn) <= 1 ? MUSCLE : FAT
          if (t === MUSCLE) {
            const bx = x - sc[0], by = y - sc[1]
            const rb = Math.sqrt(bx * bx + by * by)
            if (bone && rb <= bone.radius) t = rb <= bone.radius - bone.cortex ? MARROW : CORTEX
            else {
              for (const [cx, cy] of septaDirs) {
                if (bx * cx + by * cy > 0 && Math.abs(-bx * cy + by * cx) < 0.8) {
                  t = FAT
                  break
                }
              }
            }
          }
        }
        if (t === MUSCLE) tex[idx] = 0.04 * muscleTex.at(x, y, z)
        // tumour
        if (nearZ) {
          const dx = x - tu.centre[0], dy = y - tu.centre[1]
          if (Math.abs(dx) <= reach && Math.abs(dy) <= reach) {
            const qx = cosA * dx + sinA * dy, qy = -sinA * dx + cosA * dy, qz = dzT
            const nxq = qx / ta, nyq = qy / tb, nzq = qz / tc
            const r = Math.sqrt(nxq * nxq + nyq * nyq + nzq * nzq)
            let f = 0
            if (r > 1e-9) {
              const ux = nxq / r, uy = nyq / r, uz = nzq / r
              for (const l of lobes) f += l.a * Math.cos(l.f * (ux * l.w[0] + uy * l.w[1] + uz * l.w[2]) + l.phase)
            }
            const rho = r / (1 + f)
            if (rho <= 1) {
              mask[idx] = 1
              const tt = 0.6 * coarse.at(qx, qy, qz) + 0.9 * fine.at(qx, qy, qz)
              tex[idx] = tt
              texCe[idx] = 0.7 * tt + 0.7 * ceOwn.at(qx, qy, qz)
              t = tu.necrosisFraction > 0 && rho < tu.necrosisFraction * (1 + 0.25 * necShape.at(qx, qy, qz)) ? NECROSIS : TUMOUR
            } else if (tu.rimThickness > 0 && (t === MUSCLE || t === FAT)) {
              const qn = Math.sqrt(qx * qx + qy * qy + qz * qz)
              const dist = qn * (1 - 1 / rho)
              if (dist < tu.rimThickness) rim[idx] = tu.rimStrength * Math.exp((-2 * dist) / tu.rimThickness)
            }
          }
        }
        label[idx] = t
      }
    }
  }

  return { label, tex, texCe, rim, mask }
}

/**
 * One sequence's intensities (0 T1, 1 T2, 2 CE-T1) from the rendered tissues: relative
 * signal → scanner power → Rician noise (two normals per voxel from `rng`) → integers,
 * clipped to [0, `max`] (12-bit scanners: 4095).
 */
export function renderSignal(p: DemoPatient, t: { label: Uint8Array; tex: Float32Array; texCe: Float32Array; rim: Float32Array }, seq: 0 | 1 | 2, bias: Float32Array, rng: Rng, max = Infinity): Float32Array {
  const { tumour: tu, scanner } = p
  const { label, tex, texCe, rim } = t
  const n = label.length
  const het = tu.heterogeneity
  const power = scanner.power
  const table = [SIGNAL_T1, SIGNAL_T2, SIGNAL_CE][seq]
  const tumourBase = seq === 1 && tu.myxoid ? MYXOID_T2 : table[TUMOUR]
  const tumourHet = seq === 0 ? 0.4 * het : het
  const texture = seq === 2 ? texCe : tex
  const scale = scanner.scale[seq]
  const sigma = scanner.noise[seq] * scale
  const out = new Float32Array(n)
  for (let v = 0; v < n; v++) {
    const t = label[v]
    let s: number
    if (t === TUMOUR) s = tumourBase * (1 + tumourHet * texture[v])
    else if (t === NECROSIS) s = table[NECROSIS] * (1 + 0.15 * het * tex[v])
    else if (t === MUSCLE) s = (table[MUSCLE] + (seq === 2 ? rim[v] : 0)) * (1 + tex[v])
    else s = table[t] + (seq === 2 ? rim[v] : 0)
    if (power !== 1 && s > 0) s = Math.pow(s, power)
    const a = scale * bias[v] * s + sigma * rng.normal()
    const b = sigma * rng.normal()
    const x = Math.round(Math.sqrt(a * a + b * b))
    out[v] = x > max ? max : x
  }
  return out
}

function renderPatient(p: DemoPatient, seed: number, labelsOnly = false): DemoVolumes & { labels?: Mask } {
  const scene = demoScene(p, seed)
  const { rng } = scene
  const { dims, spacing, origin } = p
  const { label, tex, texCe, rim, mask } = renderTissues(scene, p)
  const grid = () => ({ dims: [...dims] as Vec3, spacing: [...spacing] as Vec3, origin: [...origin] as Vec3, direction: [...IDENTITY_DIRECTION] })
  const labels: Mask = { ...grid(), data: label }
  const empty = new Float32Array(0)
  if (labelsOnly) return { t1: { ...grid(), data: empty }, t2: { ...grid(), data: empty }, ce_t1: { ...grid(), data: empty }, mask: { ...grid(), data: mask }, labels }

  const bias = biasField(dims, p.bias)
  const images = [0, 1, 2].map((seq) => renderSignal(p, { label, tex, texCe, rim }, seq as 0 | 1 | 2, bias, rng))
  return {
    t1: { ...grid(), data: images[0] },
    t2: { ...grid(), data: images[1] },
    ce_t1: { ...grid(), data: images[2] },
    mask: { ...grid(), data: mask },
  }
}
