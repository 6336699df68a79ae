// Building blocks checked against closed forms and brute force.
import { describe, expect, it } from 'vitest'
import { alignedAxis, discretise, resample } from '../../../src/core/radiomics/image_processing.ts'
import { marchingCubes, meshAreaVolume } from '../../../src/core/radiomics/features/mesh.ts'
import { spatialAutocorrelation } from '../../../src/core/radiomics/features/spatial_autocorrelation.ts'
import { ellipsoidArea, symmetricEigenvalues3 } from '../../../src/core/radiomics/features/morphology.ts'
import { validateSettings } from '../../../src/core/radiomics/settings.ts'
import { loadPreset, PRESET_NAMES } from '../../../src/core/radiomics/presets.ts'
import { createRng } from '../../../src/core/random.ts'
import { convexHull } from '../../../src/core/radiomics/features/convex_hull.ts'
import { FftPlan, fftLines } from '../../../src/core/math/fft.ts'
import { mveeSemiAxes } from '../../../src/core/radiomics/features/mvee.ts'

describe('grid alignment (IBSI align centres)', () => {
  it('gives the IBSI CT phantom grid for 2 mm', () => {
    expect(alignedAxis(204, 0.977, 2).n2).toBe(100)
    expect(alignedAxis(201, 0.977, 2).n2).toBe(99)
    expect(alignedAxis(60, 3, 2).n2).toBe(90)
    const a = alignedAxis(60, 3, 2)
    // centres coincide: middle of the new grid maps to the middle of the old one
    expect(a.x0 + ((a.n2 - 1) / 2) * a.step).toBeCloseTo(29.5, 12)
  })
  it('linear resampling reproduces a linear ramp exactly (inside the grid)', () => {
    const n = 10
    const data = new Float64Array(n * n * n).map((_, v) => 3 * (v % n) + 2 * (((v / n) | 0) % n) - ((v / (n * n)) | 0))
    const r = resample({ dims: [n, n, n], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data }, [0.5, 0.5, 0.5], 'linear')
    const a = alignedAxis(n, 1, 0.5)
    const [mx, my] = r.dims
    for (const [i, j, k] of [[3, 4, 5], [10, 11, 12], [1, 1, 1]]) {
      const x = a.x0 + i * a.step, y = a.x0 + j * a.step, z = a.x0 + k * a.step
      expect(r.data[i + mx * (j + my * k)]).toBeCloseTo(3 * x + 2 * y - z, 10)
    }
  })
})

describe('discretisation', () => {
  it('fixed bin number puts the maximum in the last bin', () => {
    const v = Float64Array.from([0, 1, 2, 3, 4])
    const d = discretise(v, new Uint8Array(5).fill(1), { method: 'fbn', bins: 4 })
    expect(Array.from(d.levels)).toEqual([1, 2, 3, 4, 4])
  })
  it('fixed bin size starts at the re-segmentation lower bound', () => {
    const v = Float64Array.from([-500, -476, -475, 399, 400])
    const d = discretise(v, new Uint8Array(5).fill(1), { method: 'fbs', binWidth: 25 }, -500, 400)
    expect(Array.from(d.levels)).toEqual([1, 1, 2, 36, 37])
  })
})

describe('marching cubes mesh', () => {
  it('is closed: every edge is shared by exactly two triangles with opposite orientation', () => {
    const rng = createRng(7)
    const dims: [number, number, number] = [9, 8, 7]
    const mask = new Uint8Array(9 * 8 * 7).map(() => (rng.next() < 0.45 ? 1 : 0))
    const m = marchingCubes(mask, dims, [1, 1, 1])
    const edges = new Map<string, number>()
    for (let t = 0; t < m.triangles.length; t += 3)
      for (let e = 0; e < 3; e++) {
        const a = m.triangles[t + e], b = m.triangles[t + ((e + 1) % 3)]
        const key = `${a},${b}`
        edges.set(key, (edges.get(key) ?? 0) + 1)
      }
    for (const [key, count] of edges) {
      const [a, b] = key.split(',')
      expect(count).toBe(1)
      expect(edges.get(`${b},${a}`)).toBe(1)
    }
  })
  it('gives the closed-form area and volume of a box of voxels', () => {
    const dims: [number, number, number] = [5, 4, 3]
    const mask = new Uint8Array(60).fill(1)
    const { area, volume } = meshAreaVolume(marchingCubes(mask, dims, [2, 1, 3]))
    // the iso-surface of a solid box is the box shrunk by half a voxel at the corners:
    // faces at the outer voxel centres ± 0.5 voxel, with bevelled edges and corners
    expect(volume).toBeGreaterThan(4 * 3 * 2 * 2 * 1 * 3)
    expect(volume).toBeLessThan(5 * 4 * 3 * 2 * 1 * 3)
    expect(area).toBeGreaterThan(0)
  })
})

describe('mixed-radix FFT', () => {
  it('equals the naive DFT for lengths with factors 2, 3, 4, 5 (forward and inverse)', () => {
    const rng = createRng(5)
    for (const n of [1, 2, 3, 4, 5, 6, 8, 12, 15, 16, 20, 30, 45, 60, 80, 100, 120]) {
      for (const sign of [-1, 1]) {
        const re = Float64Array.from({ length: n }, () => rng.normal()), im = Float64Array.from({ length: n }, () => rng.normal())
        const er = new Float64Array(n), ei = new Float64Array(n)
        for (let k = 0; k < n; k++)
          for (let j = 0; j < n; j++) {
            const a = (sign * 2 * Math.PI * j * k) / n
            er[k] += re[j] * Math.cos(a) - im[j] * Math.sin(a)
            ei[k] += re[j] * Math.sin(a) + im[j] * Math.cos(a)
          }
        fftLines(re, im, new FftPlan(n), 1, 0, 1, sign)
        for (let k = 0; k < n; k++) {
          expect(re[k]).toBeCloseTo(er[k], 9)
          expect(im[k]).toBeCloseTo(ei[k], 9)
        }
      }
    }
  })
})

describe("Moran's I and Geary's C", () => {
  it('FFT path equals the direct pair sum', () => {
    const rng = createRng(3)
    const dims: [number, number, number] = [18, 16, 12]
    const n = dims[0] * dims[1] * dims[2]
    const values = new Float64Array(n).map(() => rng.normal() * 10 + 5)
    const roi = new Uint8Array(n).map(() => (rng.next() < 0.95 ? 1 : 0))
    let count = 0
    for (const r of roi) count += r
    expect(count).toBeGreaterThan(3000) // FFT path
    const fast = spatialAutocorrelation(values, roi, dims, [0.8, 0.9, 2])
    // direct sums
    const idx: number[] = []
    for (let v = 0; v < n; v++) if (roi[v]) idx.push(v)
    const pos = idx.map((v) => [(v % 18) * 0.8, (((v / 18) | 0) % 16) * 0.9, ((v / 288) | 0) * 2])
    const mean = idx.reduce((s, v) => s + values[v], 0) / idx.length
    let W = 0, num = 0, g = 0, ss = 0
    for (let p = 0; p < idx.length; p++) {
      ss += (values[idx[p]] - mean) ** 2
      for (let q = 0; q < idx.length; q++) {
        if (p === q) continue
        const w = 1 / Math.hypot(pos[p][0] - pos[q][0], pos[p][1] - pos[q][1], pos[p][2] - pos[q][2])
        W += w
        num += w * (values[idx[p]] - mean) * (values[idx[q]] - mean)
        g += w * (values[idx[p]] - values[idx[q]]) ** 2
      }
    }
    const N = idx.length
    expect(fast.moran_i).toBeCloseTo(((N / W) * num) / ss, 10)
    expect(fast.geary_c).toBeCloseTo(((N - 1) * g) / (2 * W * ss), 10)
  })
})

describe('convex hull', () => {
  it('encloses every point, with the exact volume of a lattice cube full of interior points', () => {
    const pts: number[] = []
    for (let z = 0; z <= 6; z++) for (let y = 0; y <= 6; y++) for (let x = 0; x <= 6; x++) pts.push(x, y, z)
    const h = convexHull(Int32Array.from(pts))
    let vol = 0
    const T = h.triangles
    for (let t = 0; t < T.length; t += 3) {
      const [a, b, c] = [T[t], T[t + 1], T[t + 2]].map((i) => pts.slice(3 * i, 3 * i + 3))
      vol += (a[0] * (b[1] * c[2] - b[2] * c[1]) - a[1] * (b[0] * c[2] - b[2] * c[0]) + a[2] * (b[0] * c[1] - b[1] * c[0])) / 6
    }
    expect(vol).toBeCloseTo(216, 9)
    const rng = createRng(11)
    const rp = Int32Array.from({ length: 3 * 400 }, () => rng.int(50))
    const hr = convexHull(rp)
    for (let p = 0; p < 400; p++)
      for (let t = 0; t < hr.triangles.length; t += 3) {
        const [a, b, c] = [hr.triangles[t], hr.triangles[t + 1], hr.triangles[t + 2]]
        const v = (i: number) => [rp[3 * i], rp[3 * i + 1], rp[3 * i + 2]]
        const A = v(a), B = v(b), C = v(c), D = v(p)
        const u = [B[0] - A[0], B[1] - A[1], B[2] - A[2]], w = [C[0] - A[0], C[1] - A[1], C[2] - A[2]], d = [D[0] - A[0], D[1] - A[1], D[2] - A[2]]
        expect((u[1] * w[2] - u[2] * w[1]) * d[0] + (u[2] * w[0] - u[0] * w[2]) * d[1] + (u[0] * w[1] - u[1] * w[0]) * d[2]).toBeLessThanOrEqual(0)
      }
  })
})

describe('minimum-volume enclosing ellipsoid', () => {
  it('of a cube is its circumscribed sphere; of points on an ellipsoid, that ellipsoid', () => {
    const cube: number[] = []
    for (let c = 0; c < 8; c++) cube.push(c & 1, (c >> 1) & 1, (c >> 2) & 1)
    for (const a of mveeSemiAxes(Float64Array.from(cube))!) expect(a).toBeCloseTo(Math.sqrt(3) / 2, 5)
    const pts: number[] = []
    for (let a = 0; a < 24; a++) for (let b = 0; b < 13; b++) {
      const th = (a / 24) * 2 * Math.PI, ph = (b / 12) * Math.PI
      pts.push(5 * Math.sin(ph) * Math.cos(th) + 1, 3 * Math.sin(ph) * Math.sin(th) - 2, 2 * Math.cos(ph) + 0.5)
    }
    const ax = mveeSemiAxes(Float64Array.from(pts))!
    expect(ax[0]).toBeCloseTo(5, 5); expect(ax[1]).toBeCloseTo(3, 5); expect(ax[2]).toBeCloseTo(2, 5)
  })
})

describe('geometry helpers', () => {
  it('eigenvalues of a symmetric 3×3 matrix', () => {
    const ev = symmetricEigenvalues3([4, 1, 0, 1, 3, 1, 0, 1, 2])
    // characteristic polynomial check: trace and determinant
    expect(ev[0] + ev[1] + ev[2]).toBeCloseTo(9, 12)
    expect(ev[0] * ev[1] * ev[2]).toBeCloseTo(4 * (6 - 1) - 1 * (2 - 0), 10)
  })
  it('ellipsoid area (IBSI series): sphere 4πr²', () => {
    // The IBSI-1 series is the manual's definition (its reference AEE area densities are
    // matched in ibsi_phantoms.test.ts); it is exact for spheres only, so only that is checked here.
    expect(ellipsoidArea(2, 2, 2)).toBeCloseTo(16 * Math.PI, 10)
  })
})

describe('settings', () => {
  it('every preset validates, D and E included', () => {
    for (const p of PRESET_NAMES) expect(loadPreset(p).name).toBe(p)
    expect(PRESET_NAMES).toEqual(expect.arrayContaining(['ibsi-config-d', 'ibsi-config-e', 'paper']))
  })
  it('rejects a bad field with a message naming it', () => {
    expect(() => validateSettings({ discretisation: { method: 'fbn' }, dimensions: ['3D'], families: ['stat'] }, 'x.json')).toThrow(/discretisation.bins/)
    expect(() => validateSettings({ discretisation: { method: 'none' }, dimensions: ['4D'], families: ['stat'] }, 'x.json')).toThrow(/dimensions/)
  })
})

describe('ROI handling', () => {
  it('excludes NaN/Inf voxels from the ROI with a warning', async () => {
    const { extractFeatures } = await import('../../../src/core/radiomics/extract.ts')
    const n = 6 * 6 * 6
    const data = new Float32Array(n).map((_, v) => 10 + (v % 7))
    const mask = new Uint8Array(n).fill(1)
    data[20] = NaN
    data[40] = Infinity
    const grid = { dims: [6, 6, 6] as [number, number, number], spacing: [1, 1, 1] as [number, number, number], origin: [0, 0, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }
    const r = extractFeatures({ ...grid, data }, { ...grid, data: mask }, validateSettings({ discretisation: { method: 'fbn', bins: 8 }, dimensions: ['3D'], families: ['stat', 'cm'] }))
    expect(r.warnings.join(' ')).toMatch(/2 ROI voxel\(s\) with NaN\/Inf/)
    expect(Number.isFinite(r.features.stat_mean)).toBe(true)
    expect(Number.isFinite(r.features.cm_contrast_3D_comb)).toBe(true)
  })
  it('outlier re-segmentation keeps mean ± k·SD', async () => {
    const { resegmentOutliers } = await import('../../../src/core/radiomics/image_processing.ts')
    const values = Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 100])
    const mask = new Uint8Array(10).fill(1)
    resegmentOutliers(values, mask, 2)
    expect(Array.from(mask)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 0])
  })
})
