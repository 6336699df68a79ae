// One demo patient, drawn from its own random stream deriveSeed(seed, index) so that
// any patient can be generated alone (lazily, in a worker) and equals the same patient
// of a full cohort. Everything here is cheap (no voxels): the latent variables, the
// clinical row, and the parameters of the patient's images (anatomy, tumour, scanner,
// bias field), which src/core/demo/volumes.ts renders.
//
// Generative model (all coefficients are the planted truth that analyses should recover):
//   risk z ~ N(0, 1)                                latent prognostic risk
//   heterogeneity h = 0.7 z + 0.71 ε                imaging heterogeneity latent
//   imagePhenotype = "B" if h > 0 else "A"          (B: heterogeneous, worse)
//   molecular group G2 ~ Bernoulli(logistic(1.0 z)) (G2: worse, proliferative/EMT-high, immune-low)
//   grade: ordinal on 1.2 z + ε (cuts -1.3, 0)      FNCLCC 1/2/3 ≈ 20/30/50 %
//   size_mm = exp(log 65 + 0.3 z + 0.2 ε) in [20, 110]   maximal tumour diameter
//   necrosis ~ Bernoulli(logistic(-0.3 + 1.6 z)); peritumoural enhancement ~ Bernoulli(logistic(-0.4 + 1.3 z))
//   heterogeneous_t2 = [h + 0.4 ε > 0]
//   SARCULATOR-like 10-year OS = 100 · 0.8^exp(lp_s), lp_s from age, size, grade and histotype
//   metastasis-free survival: Weibull(shape 1.3) with log-hazard log λ0 + 1.0 z + 0.7 [G2]
//   (log-HR 1 per SD of risk, 0.7 for the molecular group given the risk), censored by
//   administrative end of follow-up ~ U(24, 132) months and loss to follow-up ~ Exp(mean 400 months).

import { createRng, deriveSeed, type Rng } from '../random.ts'
import type { Vec3 } from '../image/volume.ts'
import { bernoulli, categorical, clamp, logistic, uniform, unitVector } from './sampling.ts'

export const HISTOTYPES = [
  'UPS',
  'myxofibrosarcoma',
  'leiomyosarcoma',
  'dedifferentiated liposarcoma',
  'myxoid/round cell liposarcoma',
  'synovial sarcoma',
  'other',
] as const
export type Histotype = (typeof HISTOTYPES)[number]

export const LOCATIONS = ['limb', 'girdle', 'trunk wall'] as const
export type Location = (typeof LOCATIONS)[number]

/** The clinical table's columns, in file order (a contract with the other engines). */
export const DEMO_CLINICAL_COLUMNS = [
  'patient_id',
  'cohort',
  'age',
  'sex',
  'who_ps',
  'histotype',
  'grade',
  'size_mm',
  'depth',
  'location',
  'chemotherapy',
  'radiotherapy',
  'margins',
  'sarculator_os10',
  'necrosis',
  'peritumoral_enhancement',
  'heterogeneous_t2',
  'mfs_time',
  'mfs_event',
] as const

export interface DemoClinicalRow {
  patient_id: string
  cohort: 'train' | 'test'
  age: number
  sex: 'M' | 'F'
  who_ps: 0 | 1 | 2
  histotype: Histotype
  grade: 1 | 2 | 3
  /** maximal tumour diameter, mm */
  size_mm: number
  depth: 'superficial' | 'deep'
  location: Location
  chemotherapy: 0 | 1
  radiotherapy: 0 | 1
  margins: 'R0' | 'R1' | 'R2'
  /** predicted 10-year overall survival, percent */
  sarculator_os10: number
  necrosis: 0 | 1
  peritumoral_enhancement: 0 | 1
  heterogeneous_t2: 0 | 1
  /** months */
  mfs_time: number
  mfs_event: 0 | 1
}

export type RnaGroup = 'G1' | 'G2'
export type ImagePhenotype = 'A' | 'B'

/** Scanner model: a global scale per sequence and a non-linear (power) contrast mapping. */
export interface DemoScanner {
  name: 'S1' | 'S2' | 'S3'
  /** intensity of relative signal 1 for t1, t2, ce_t1 */
  scale: [number, number, number]
  /** relative signal is mapped through x^power before scaling */
  power: number
  /** Rician noise σ as a fraction of scale, per sequence */
  noise: [number, number, number]
}

/**
 * Smooth multiplicative bias field b(p) = exp(Σ c_j m_j(x̂,ŷ,ẑ) + A·exp(-|p̂ - p̂0|²/(2 s²))),
 * with x̂, ŷ, ẑ ∈ [-1, 1] the voxel index scaled over the grid and m_j the monomials
 * x, y, z, x², y², z², xy, xz, yz (in that order); the same field multiplies T1, T2 and CE-T1.
 */
export interface DemoBiasParams {
  coefficients: number[]
  bumpAmplitude: number
  bumpCentre: Vec3
  bumpWidth: number
}

/** Anatomy of the limb-like cross-section (mm, in-plane ellipse extruded along z). */
export interface DemoAnatomy {
  limbSemiAxes: [number, number]
  fatThickness: number
  /** null for a trunk-wall location (no long bone in the field) */
  bone: { centre: [number, number]; radius: number; cortex: number } | null
  /** angles of three thin intermuscular fat septa */
  septa: [number, number, number]
}

/** Tumour geometry and appearance. Lengths in mm, centre relative to the grid centre. */
export interface DemoTumour {
  centre: Vec3
  semiAxes: Vec3
  /** in-plane rotation (radians) */
  angle: number
  /** lobulation: radius factor 1 + Σ a_k cos(f_k (u·w_k) + φ_k), u the unit direction */
  lobes: { w: Vec3; f: number; phase: number; a: number }[]
  /** amplitude of the intra-tumoural texture (relative signal) */
  heterogeneity: number
  /** necrotic core radius fraction, 0 when no necrosis */
  necrosisFraction: number
  /** peritumoural enhancement rim thickness (mm) and strength, 0 when absent */
  rimThickness: number
  rimStrength: number
  myxoid: boolean
}

export interface DemoPatient {
  index: number
  id: string
  risk: number
  heterogeneity: number
  rnaGroup: RnaGroup
  imagePhenotype: ImagePhenotype
  /** clinical row without the train/test assignment (a cohort-level draw) */
  clinical: Omit<DemoClinicalRow, 'cohort'>
  /** uncensored metastasis time and censoring time (months) */
  eventTime: number
  censorTime: number
  dims: Vec3
  spacing: Vec3
  origin: Vec3
  anatomy: DemoAnatomy
  tumour: DemoTumour
  scanner: DemoScanner
  bias: DemoBiasParams
}

/** Weibull baseline of the metastasis hazard: H0(t) = λ0 t^k. */
export const MFS_MODEL = { shape: 1.3, lambda0: 0.0012, logHrRisk: 1.0, logHrG2: 0.7 } as const

export const DEMO_DIMS: Vec3 = [96, 96, 30]

const HISTOTYPE_WEIGHTS = [0.25, 0.15, 0.12, 0.1, 0.1, 0.08, 0.2]
const HISTOTYPE_RISK = [0.5, 0, 0.1, 0.2, -0.5, 0, -0.2]
const HISTOTYPE_SARCULATOR = [0.2, 0, 0.3, 0.2, -0.3, 0.1, 0]

/** "STS-D001": zero-padded to at least 3 digits, more when the cohort is larger. */
export function demoPatientId(index: number, patients: number): string {
  return `STS-D${String(index + 1).padStart(Math.max(3, String(patients).length), '0')}`
}

/** Random stream of patient `index`, sub-stream `k` (0 latents, 1 images, 2 RNA-seq). */
export function patientRng(seed: number, index: number, k: number): Rng {
  return createRng(deriveSeed(deriveSeed(seed, index), k))
}

/** Patient `index` of the demo cohort of `patients` patients with seed `seed`. */
export function demoPatient(seed: number, patients: number, index: number): DemoPatient {
  const rng = patientRng(seed, index, 0)
  const z = rng.normal()
  const h = 0.7 * z + 0.71 * rng.normal()
  const rnaGroup: RnaGroup = rng.next() < logistic(1.0 * z) ? 'G2' : 'G1'
  const imagePhenotype: ImagePhenotype = h > 0 ? 'B' : 'A'

  const age = Math.round(clamp(58 + 1.5 * z + 15 * rng.normal(), 18, 92))
  const sex = rng.next() < 0.55 ? 'M' : 'F'
  const psLatent = 0.03 * (age - 60) + 0.3 * z + rng.normal()
  const who_ps = psLatent < 0.4 ? 0 : psLatent < 1.6 ? 1 : 2
  const hi = categorical(rng, HISTOTYPE_WEIGHTS.map((w, i) => w * Math.exp(HISTOTYPE_RISK[i] * z)))
  const histotype = HISTOTYPES[hi]
  const gradeLatent = 1.2 * z + rng.normal()
  const grade = gradeLatent < -1.3 ? 1 : gradeLatent < 0 ? 2 : 3
  const size_mm = Math.round(clamp(Math.exp(Math.log(65) + 0.3 * z + 0.2 * rng.normal()), 20, 110))
  const depth = rng.next() < logistic(1 + 0.8 * Math.log(size_mm / 60)) ? 'deep' : 'superficial'
  const location = LOCATIONS[categorical(rng, [0.6, 0.2, 0.2])]
  const chemotherapy = bernoulli(rng, logistic(-1 + 1.2 * (grade === 3 ? 1 : 0) + 0.5 * (size_mm > 100 ? 1 : 0) - 0.03 * (age - 60)))
  const radiotherapy = bernoulli(rng, logistic(0.8 + 0.5 * (depth === 'deep' ? 1 : 0)))
  const margins = (['R0', 'R1', 'R2'] as const)[categorical(rng, [0.75, 0.22, 0.03])]
  const necrosis = bernoulli(rng, logistic(-0.3 + 1.6 * z))
  const peritumoral_enhancement = bernoulli(rng, logistic(-0.4 + 1.3 * z))
  const heterogeneous_t2: 0 | 1 = h + 0.4 * rng.normal() > 0 ? 1 : 0
  const lpS = 0.025 * (age - 60) + 0.6 * Math.log(size_mm / 80) + [0, 0.55, 1.1][grade - 1] + HISTOTYPE_SARCULATOR[hi]
  const sarculator_os10 = Math.round(1000 * Math.pow(0.8, Math.exp(lpS))) / 10

  const lp = MFS_MODEL.logHrRisk * z + MFS_MODEL.logHrG2 * (rnaGroup === 'G2' ? 1 : 0)
  const eventTime = Math.pow(-Math.log(1 - rng.next()) / (MFS_MODEL.lambda0 * Math.exp(lp)), 1 / MFS_MODEL.shape)
  const adminCensor = uniform(rng, 24, 132)
  const lossCensor = -400 * Math.log(1 - rng.next())
  const censorTime = Math.min(adminCensor, lossCensor)
  const mfs_event: 0 | 1 = eventTime <= censorTime ? 1 : 0
  const mfs_time = Math.max(0.1, Math.round(10 * Math.min(eventTime, censorTime)) / 10)

  // grid: fixed dims, scanner-dependent anisotropic spacing, origin centred
  const dims: Vec3 = [...DEMO_DIMS]
  const inPlane = Math.round(uniform(rng, 1.5, 1.8) * 1000) / 1000
  const slice = [5, 5.5, 6][rng.int(3)]
  const spacing: Vec3 = [inPlane, inPlane, slice]
  const origin: Vec3 = [0, 1, 2].map((a) => Math.round((-((dims[a] - 1) / 2) * spacing[a] + uniform(rng, -5, 5)) * 1000) / 1000) as Vec3
  const fov = [0, 1, 2].map((a) => dims[a] * spacing[a])

  const anatomy = drawAnatomy(rng, location)
  const tumour = drawTumour(rng, { z, h, size_mm, depth, necrosis, peritumoral_enhancement, histotype, anatomy, fov, spacing })
  const scanner = drawScanner(rng)
  const bias = drawBias(rng)

  return {
    index,
    id: demoPatientId(index, patients),
    risk: z,
    heterogeneity: h,
    rnaGroup,
    imagePhenotype,
    clinical: {
      patient_id: demoPatientId(index, patients),
      age,
      sex,
      who_ps,
      histotype,
      grade,
      size_mm,
      depth,
      location,
      chemotherapy,
      radiotherapy,
      margins,
      sarculator_os10,
      necrosis,
      peritumoral_enhancement,
      heterogeneous_t2,
      mfs_time,
      mfs_event,
    },
    eventTime,
    censorTime,
    dims,
    spacing,
    origin,
    anatomy,
    tumour,
    scanner,
    bias,
  }
}

function drawAnatomy(rng: Rng, location: Location): DemoAnatomy {
  const trunk = location === 'trunk wall'
  const limbSemiAxes: [number, number] = trunk ? [uniform(rng, 58, 64), uniform(rng, 40, 48)] : [uniform(rng, 50, 62), uniform(rng, 46, 56)]
  const fatThickness = uniform(rng, 5, 16)
  const theta = uniform(rng, 0, 2 * Math.PI)
  const off = uniform(rng, 0, 14)
  const bone = trunk ? null : { centre: [off * Math.cos(theta), off * Math.sin(theta)] as [number, number], radius: uniform(rng, 10, 14), cortex: uniform(rng, 3, 5) }
  const septa: [number, number, number] = [uniform(rng, 0, 2 * Math.PI), uniform(rng, 0, 2 * Math.PI), uniform(rng, 0, 2 * Math.PI)]
  return { limbSemiAxes, fatThickness, bone, septa }
}

interface TumourInputs {
  z: number
  h: number
  size_mm: number
  depth: 'superficial' | 'deep'
  necrosis: 0 | 1
  peritumoral_enhancement: 0 | 1
  histotype: Histotype
  anatomy: DemoAnatomy
  fov: number[]
  spacing: Vec3
}

function drawTumour(rng: Rng, t: TumourInputs): DemoTumour {
  const c = t.size_mm / 2
  const semiAxes: Vec3 = [Math.min(40, c * uniform(rng, 0.45, 0.8)), Math.min(40, c * uniform(rng, 0.45, 0.8)), c]
  const angle = uniform(rng, 0, Math.PI)
  // in-plane position: deep tumours in the muscle compartment, away from the bone;
  // superficial ones centred in the subcutaneous fat (bulging outwards when large)
  const [lx, ly] = t.anatomy.limbSemiAxes
  const bone = t.anatomy.bone
  const boneAngle = bone ? Math.atan2(bone.centre[1], bone.centre[0]) : 0
  const theta = bone ? boneAngle + Math.PI + uniform(rng, -0.8, 0.8) : uniform(rng, 0, 2 * Math.PI)
  const rLimb = 1 / Math.hypot(Math.cos(theta) / lx, Math.sin(theta) / ly)
  const d = t.depth === 'deep' ? uniform(rng, 0.25, 0.55) * (rLimb - t.anatomy.fatThickness) : rLimb - t.anatomy.fatThickness / 2
  const reach = 1.2 * Math.max(semiAxes[0], semiAxes[1])
  const half = [0, 1].map((a) => t.fov[a] / 2 - reach - 3 * t.spacing[a])
  const cx = clamp(d * Math.cos(theta), -half[0], half[0])
  const cy = clamp(d * Math.sin(theta), -half[1], half[1])
  const zRoom = Math.max(0, t.fov[2] / 2 - 1.2 * c - 1.5 * t.spacing[2])
  const cz = uniform(rng, -zRoom, zRoom)
  // lobulation grows with risk (infiltrative, irregular margins)
  const lobAmp = 0.03 + 0.09 * logistic(1.5 * t.z)
  const lobes = Array.from({ length: 6 }, () => ({ w: unitVector(rng), f: uniform(rng, 2, 5), phase: uniform(rng, 0, 2 * Math.PI), a: (lobAmp * uniform(rng, 0.4, 1)) / 4 }))
  const heterogeneity = 0.06 + 0.3 * logistic(1.6 * t.h)
  const necrosisFraction = t.necrosis ? 0.3 + 0.3 * logistic(t.z) : 0
  const rimThickness = t.peritumoral_enhancement ? uniform(rng, 4, 10) : 0
  const rimStrength = t.peritumoral_enhancement ? uniform(rng, 0.3, 0.5) : 0
  const myxoid = t.histotype === 'myxofibrosarcoma' || t.histotype === 'myxoid/round cell liposarcoma'
  return { centre: [cx, cy, cz], semiAxes, angle, lobes, heterogeneity, necrosisFraction, rimThickness, rimStrength, myxoid }
}

const SCANNERS: { name: DemoScanner['name']; scale: [number, number, number]; power: number }[] = [
  { name: 'S1', scale: [1000, 1500, 800], power: 1 },
  { name: 'S2', scale: [3000, 2500, 2600], power: 0.85 },
  { name: 'S3', scale: [400, 600, 350], power: 1.15 },
]

function drawScanner(rng: Rng): DemoScanner {
  const s = SCANNERS[categorical(rng, [0.45, 0.35, 0.2])]
  const scale = s.scale.map((x) => Math.round(x * Math.exp(0.12 * rng.normal()))) as [number, number, number]
  const noise = [0, 1, 2].map(() => uniform(rng, 0.015, 0.035)) as [number, number, number]
  return { name: s.name, scale, power: s.power, noise }
}

function drawBias(rng: Rng): DemoBiasParams {
  const coefficients = [0.1, 0.1, 0.08, 0.06, 0.06, 0.05, 0.05, 0.04, 0.04].map((sd) => sd * rng.normal())
  return {
    coefficients,
    bumpAmplitude: uniform(rng, 0.1, 0.25),
    bumpCentre: [uniform(rng, -0.8, 0.8), uniform(rng, -0.8, 0.8), uniform(rng, -0.5, 0.5)],
    bumpWidth: uniform(rng, 0.5, 0.9),
  }
}
