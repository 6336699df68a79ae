// One demo patient's MRI: deterministic, lazily reproducible, on an anisotropic grid,
// with scanner scale differences, a smooth multiplicative bias field, Rician noise
// (background follows the Rayleigh law), and tumour phenotypes that follow the truth.
import { describe, expect, it } from 'vitest'
import {
  DEMO_TISSUES,
  demoPatient,
  generateDemoBiasField,
  generateDemoCohort,
  generateDemoPatientVolumes,
  generateDemoTissueLabels,
} from '../../../src/core/demo/index.ts'
import { sameGrid, voxelCount } from '../../../src/core/image/volume.ts'

const mean = (x: ArrayLike<number>) => {
  let s = 0
  for (let i = 0; i < x.length; i++) s += x[i]
  return s / x.length
}
const sd = (x: number[]) => {
  const m = mean(x)
  return Math.sqrt(mean(x.map((v) => (v - m) ** 2)))
}
function select(data: ArrayLike<number>, labels: Uint8Array, code: number): number[] {
  const out: number[] = []
  for (let i = 0; i < labels.length; i++) if (labels[i] === code) out.push(data[i])
  return out
}

const cache = new Map<string, { v: ReturnType<typeof generateDemoPatientVolumes>; labels: Uint8Array; field: Float32Array }>()
/** volumes, tissue labels and bias field of one patient, generated once for the tests below */
function patient(seed: number, n: number, idx: number) {
  const key = `${seed}/${n}/${idx}`
  if (!cache.has(key))
    cache.set(key, { v: generateDemoPatientVolumes(seed, n, idx), labels: generateDemoTissueLabels(seed, n, idx).data, field: generateDemoBiasField(seed, n, idx).data })
  return cache.get(key)!
}

describe('generateDemoPatientVolumes', () => {
  it('is deterministic, differs between seeds and patients, and does not depend on the cohort being generated', () => {
    const a = generateDemoPatientVolumes(7, 12, 3)
    const b = generateDemoPatientVolumes(7, 12, 3)
    for (const k of ['t1', 't2', 'ce_t1', 'mask'] as const) expect(Buffer.compare(Buffer.from(a[k].data.buffer), Buffer.from(b[k].data.buffer))).toBe(0)
    expect(Buffer.compare(Buffer.from(generateDemoPatientVolumes(8, 12, 3).t1.data.buffer), Buffer.from(a.t1.data.buffer))).not.toBe(0)
    expect(Buffer.compare(Buffer.from(generateDemoPatientVolumes(7, 12, 4).t1.data.buffer), Buffer.from(a.t1.data.buffer))).not.toBe(0)
    // patient 3 of a 12-patient cohort is patient 3 of a larger one too (own random stream)
    expect(Buffer.compare(Buffer.from(generateDemoPatientVolumes(7, 40, 3).ce_t1.data.buffer), Buffer.from(a.ce_t1.data.buffer))).toBe(0)
    expect(() => generateDemoPatientVolumes(7, 12, 12)).toThrow(RangeError)
  })

  it('gives float32 images and a uint8 tumour mask on one anisotropic grid, the mask inside the field of view', () => {
    for (const idx of [0, 1, 2, 5]) {
      const v = generateDemoPatientVolumes(7, 12, idx)
      expect(v.t1.data).toBeInstanceOf(Float32Array)
      expect(v.mask.data).toBeInstanceOf(Uint8Array)
      expect(v.t1.dims).toEqual([96, 96, 30])
      expect(v.t1.spacing[2] / v.t1.spacing[0]).toBeGreaterThan(2.5)
      for (const k of ['t2', 'ce_t1', 'mask'] as const) expect(sameGrid(v.t1, v[k])).toBe(true)
      const [nx, ny, nz] = v.mask.dims
      let count = 0
      const lo = [nx, ny, nz], hi = [-1, -1, -1]
      for (let k = 0; k < nz; k++)
        for (let j = 0; j < ny; j++)
          for (let i = 0; i < nx; i++) {
            if (!v.mask.data[i + nx * (j + ny * k)]) continue
            count++
            ;[i, j, k].forEach((c, a) => {
              lo[a] = Math.min(lo[a], c)
              hi[a] = Math.max(hi[a], c)
            })
          }
      expect(count).toBeGreaterThan(100)
      for (let a = 0; a < 3; a++) {
        expect(lo[a]).toBeGreaterThanOrEqual(1)
        expect(hi[a]).toBeLessThanOrEqual(v.mask.dims[a] - 2)
      }
      // the tumour's extent along z is the clinical maximal diameter (lobulated, ±25 %)
      const p = demoPatient(7, 12, idx)
      const extentZ = (hi[2] - lo[2] + 1) * v.mask.spacing[2]
      expect(extentZ / p.clinical.size_mm).toBeGreaterThan(0.75)
      expect(extentZ / p.clinical.size_mm).toBeLessThan(1.3)
      // the mask is the tumour of the label map
      const labels = generateDemoTissueLabels(7, 12, idx)
      let mismatches = 0
      for (let i = 0; i < labels.data.length; i++) if (v.mask.data[i] !== (labels.data[i] === DEMO_TISSUES.tumour || labels.data[i] === DEMO_TISSUES.necrosis ? 1 : 0)) mismatches++
      expect(mismatches).toBe(0)
    }
  })

  it('has Rician noise: the air background follows the Rayleigh law of the scanner σ', () => {
    for (const idx of [0, 4]) {
      const p = demoPatient(7, 12, idx)
      const v = generateDemoPatientVolumes(7, 12, idx)
      const labels = generateDemoTissueLabels(7, 12, idx).data
      const air = select(v.t1.data, labels, DEMO_TISSUES.air)
      const sigma = p.scanner.noise[0] * p.scanner.scale[0]
      expect(air.length).toBeGreaterThan(20000)
      // Rayleigh mean σ√(π/2); rounding to integers changes it by far less than 2 %
      expect(Math.abs(mean(air) / (sigma * Math.sqrt(Math.PI / 2)) - 1)).toBeLessThan(0.02)
    }
  })

  it('carries a smooth multiplicative bias field that dividing out flattens', () => {
    for (const idx of [1, 3]) {
      const field = generateDemoBiasField(7, 12, idx)
      const v = generateDemoPatientVolumes(7, 12, idx)
      expect(sameGrid(field, v.t1)).toBe(true)
      let lo = Infinity, hi = -Infinity
      for (const b of field.data) {
        lo = Math.min(lo, b)
        hi = Math.max(hi, b)
      }
      expect(hi / lo).toBeGreaterThan(1.2)
      // smooth: neighbouring voxels differ by < 2 %
      const [nx] = field.dims
      let steepest = 0
      for (let i = 0; i + 1 < field.data.length; i++) if ((i + 1) % nx) steepest = Math.max(steepest, Math.abs(field.data[i + 1] / field.data[i] - 1))
      expect(steepest).toBeLessThan(0.02)
      // fat (a single tissue) is flatter once the true field is divided out
      const labels = generateDemoTissueLabels(7, 12, idx).data
      const fat = select(v.t1.data, labels, DEMO_TISSUES.fat)
      const flat = select(Float32Array.from(v.t1.data, (x, i) => x / field.data[i]), labels, DEMO_TISSUES.fat)
      const cv = (x: number[]) => sd(x) / mean(x)
      expect(cv(flat)).toBeLessThan(0.8 * cv(fat))
    }
  })

  it('has scanner-dependent intensity scales', () => {
    const fatT1 = [0, 1, 2, 3, 4, 5, 6, 7].map((idx) => {
      const v = generateDemoPatientVolumes(3, 8, idx)
      const labels = generateDemoTissueLabels(3, 8, idx).data
      const f = select(v.t1.data, labels, DEMO_TISSUES.fat).sort((a, b) => a - b)
      return f[f.length >> 1]
    })
    expect(Math.max(...fatT1) / Math.min(...fatT1)).toBeGreaterThan(2)
  })

  it('draws tumour phenotypes from the risk: necrosis, peritumoural enhancement, heterogeneity, size', () => {
    const N = 24
    const demo = generateDemoCohort({ seed: 21, patients: N })
    const cvT2: Record<'A' | 'B', number[]> = { A: [], B: [] }
    const volumes: number[] = []
    for (let idx = 0; idx < N; idx++) {
      const row = demo.clinical[idx]
      const { v, labels } = patient(21, N, idx)
      const necrotic = select(v.ce_t1.data, labels, DEMO_TISSUES.necrosis)
      const viable = select(v.ce_t1.data, labels, DEMO_TISSUES.tumour)
      expect(necrotic.length > 0).toBe(row.necrosis === 1)
      // necrosis does not enhance on CE-T1
      if (necrotic.length > 20) expect(mean(necrotic)).toBeLessThan(0.5 * mean(viable))
      const t2 = select(v.t2.data, labels, DEMO_TISSUES.tumour)
      cvT2[demo.truth.imagePhenotype[row.patient_id]].push(sd(t2) / mean(t2))
      volumes.push(mean(v.mask.data) * voxelCount(v.mask.dims) * v.mask.spacing[0] * v.mask.spacing[1] * v.mask.spacing[2])
    }
    // heterogeneous phenotype B has more T2 texture than A
    expect(cvT2.A.length).toBeGreaterThan(3)
    expect(cvT2.B.length).toBeGreaterThan(3)
    expect(mean(cvT2.B)).toBeGreaterThan(1.3 * mean(cvT2.A))
    // tumour volume follows the clinical size (Spearman-like check on ranks of the larger vs smaller half)
    const sizes = demo.clinical.map((r) => r.size_mm)
    const order = sizes.map((_, i) => i).sort((a, b) => sizes[a] - sizes[b])
    const small = order.slice(0, N / 2).map((i) => volumes[i]), large = order.slice(N / 2).map((i) => volumes[i])
    expect(mean(large)).toBeGreaterThan(2 * mean(small))
  })

  it('enhances the peritumoural rim on CE-T1 when the clinical table says so', () => {
    const N = 24
    const demo = generateDemoCohort({ seed: 21, patients: N })
    const rimRatio: Record<0 | 1, number[]> = { 0: [], 1: [] }
    for (let idx = 0; idx < N; idx++) {
      const row = demo.clinical[idx]
      const p = demoPatient(21, N, idx)
      const { v, labels, field } = patient(21, N, idx)
      // muscle voxels touching the tumour (6-neighbourhood) versus all muscle, bias-corrected
      const [nx, ny] = v.ce_t1.dims
      const near: number[] = [], all: number[] = []
      for (let i = 0; i < labels.length; i++) {
        if (labels[i] !== DEMO_TISSUES.muscle) continue
        const x = v.ce_t1.data[i] / field[i]
        all.push(x)
        for (const d of [1, -1, nx, -nx, nx * ny, -nx * ny]) {
          const l = labels[i + d]
          if (l === DEMO_TISSUES.tumour || l === DEMO_TISSUES.necrosis) {
            near.push(x)
            break
          }
        }
      }
      if (near.length < 30) continue
      rimRatio[row.peritumoral_enhancement].push(mean(near) / mean(all))
      expect(p.tumour.rimThickness > 0).toBe(row.peritumoral_enhancement === 1)
    }
    expect(rimRatio[0].length).toBeGreaterThan(3)
    expect(rimRatio[1].length).toBeGreaterThan(3)
    expect(Math.min(...rimRatio[1])).toBeGreaterThan(Math.max(...rimRatio[0]))
  })
})
