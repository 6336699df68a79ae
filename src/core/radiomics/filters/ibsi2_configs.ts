// Every IBSI-2 test configuration as data (reference manual arXiv:2006.05470, the phase 1 and
// phase 2 test configurations): phase 1 — filter, digital phantom and parameters, one
// response map per id; phase 2 — the filter applied to the IBSI-1 CT radiomics phantom after the
// phase-2 image processing (A: 2D, by slice, no interpolation; B: 3D, 1 mm isotropic tricubic
// interpolation), both with re-segmentation to [−1000, 400] HU and intensity statistics of the
// response. Ids are the manual's (1.a.1 … ; 1.A … 9.B).
import type { FilterSpec } from './filter.ts'

export interface Phase1Config {
  id: string
  phantom: 'checkerboard' | 'impulse' | 'sphere' | 'pattern_1' | 'noise' | 'empty' | 'orientation'
  filter: FilterSpec
}

const mean = (boundary: string, dimensions: string) => ({ filter: 'mean', support: 15, boundary, dimensions })
const laws = (kernel: string, boundary: string, rot: boolean, energy: boolean) => ({ filter: 'laws', kernel, boundary, rotationInvariant: rot, pooling: 'max', ...(energy ? { energyDistance: 7 } : {}) })
const wav = (wavelet: string, band: string, level: number, rot: boolean, boundary: string) => ({ filter: 'wavelet', wavelet, band, level, rotationInvariant: rot, pooling: 'average', boundary })

export const PHASE1_CONFIGS: Phase1Config[] = [
  { id: '1.a.1', phantom: 'checkerboard', filter: mean('zero', '3D') },
  { id: '1.a.2', phantom: 'checkerboard', filter: mean('nearest', '3D') },
  { id: '1.a.3', phantom: 'checkerboard', filter: mean('periodic', '3D') },
  { id: '1.a.4', phantom: 'checkerboard', filter: mean('mirror', '3D') },
  { id: '1.b.1', phantom: 'impulse', filter: mean('zero', '2D') },
  { id: '2.a', phantom: 'impulse', filter: { filter: 'log', sigma: 3, truncate: 4, boundary: 'zero', dimensions: '3D' } },
  { id: '2.b', phantom: 'checkerboard', filter: { filter: 'log', sigma: 5, truncate: 4, boundary: 'mirror', dimensions: '3D' } },
  { id: '2.c', phantom: 'checkerboard', filter: { filter: 'log', sigma: 5, truncate: 4, boundary: 'mirror', dimensions: '2D' } },
  { id: '3.a.1', phantom: 'impulse', filter: laws('E5L5S5', 'zero', false, false) },
  { id: '3.a.2', phantom: 'impulse', filter: laws('E5L5S5', 'zero', true, false) },
  { id: '3.a.3', phantom: 'impulse', filter: laws('E5L5S5', 'zero', true, true) },
  { id: '3.b.1', phantom: 'checkerboard', filter: laws('E3W5R5', 'mirror', false, false) },
  { id: '3.b.2', phantom: 'checkerboard', filter: laws('E3W5R5', 'mirror', true, false) },
  { id: '3.b.3', phantom: 'checkerboard', filter: laws('E3W5R5', 'mirror', true, true) },
  { id: '3.c.1', phantom: 'checkerboard', filter: laws('L5S5', 'mirror', false, false) },
  { id: '3.c.2', phantom: 'checkerboard', filter: laws('L5S5', 'mirror', true, false) },
  { id: '3.c.3', phantom: 'checkerboard', filter: laws('L5S5', 'mirror', true, true) },
  { id: '4.a.1', phantom: 'impulse', filter: { filter: 'gabor', sigma: 10, lambda: 4, gamma: 0.5, theta: 60, rotationInvariant: false, boundary: 'zero', dimensions: '2D' } },
  { id: '4.a.2', phantom: 'impulse', filter: { filter: 'gabor', sigma: 10, lambda: 4, gamma: 0.5, theta: 0, rotationInvariant: true, thetaStep: 45, pooling: 'average', boundary: 'zero', dimensions: '3D' } },
  { id: '4.b.1', phantom: 'sphere', filter: { filter: 'gabor', sigma: 20, lambda: 8, gamma: 2.5, theta: 225, rotationInvariant: false, boundary: 'mirror', dimensions: '2D' } },
  { id: '4.b.2', phantom: 'sphere', filter: { filter: 'gabor', sigma: 20, lambda: 8, gamma: 2.5, theta: 0, rotationInvariant: true, thetaStep: 22.5, pooling: 'average', boundary: 'mirror', dimensions: '3D' } },
  { id: '5.a.1', phantom: 'impulse', filter: wav('db2', 'LHL', 1, false, 'zero') },
  { id: '5.a.2', phantom: 'impulse', filter: wav('db2', 'LHL', 1, true, 'zero') },
  { id: '6.a.1', phantom: 'sphere', filter: wav('coif1', 'HHL', 1, false, 'periodic') },
  { id: '6.a.2', phantom: 'sphere', filter: wav('coif1', 'HHL', 1, true, 'periodic') },
  { id: '7.a.1', phantom: 'checkerboard', filter: wav('haar', 'LLL', 2, true, 'mirror') },
  { id: '7.a.2', phantom: 'checkerboard', filter: wav('haar', 'HHH', 2, true, 'mirror') },
  { id: '8.a.1', phantom: 'checkerboard', filter: { filter: 'simoncelli', level: 1, boundary: 'periodic', dimensions: '3D' } },
  { id: '8.a.2', phantom: 'checkerboard', filter: { filter: 'simoncelli', level: 2, boundary: 'periodic', dimensions: '3D' } },
  { id: '8.a.3', phantom: 'checkerboard', filter: { filter: 'simoncelli', level: 3, boundary: 'periodic', dimensions: '3D' } },
  { id: '9.a', phantom: 'impulse', filter: { filter: 'riesz', base: 'log', sigma: 3, truncate: 4, order: [1, 0, 0], boundary: 'zero', dimensions: '3D' } },
  { id: '9.b.1', phantom: 'sphere', filter: { filter: 'riesz', base: 'log', sigma: 3, truncate: 4, order: [0, 2, 0], boundary: 'zero', dimensions: '3D' } },
  { id: '9.b.2', phantom: 'sphere', filter: { filter: 'riesz', base: 'log', sigma: 3, truncate: 4, order: [0, 2, 0], steered: true, tensorSigma: 1, boundary: 'zero', dimensions: '3D' } },
  { id: '10.a', phantom: 'impulse', filter: { filter: 'riesz', base: 'simoncelli', level: 1, order: [1, 0, 0], boundary: 'zero', dimensions: '3D' } },
  { id: '10.b.1', phantom: 'pattern_1', filter: { filter: 'riesz', base: 'simoncelli', level: 1, order: [0, 2, 0], boundary: 'nearest', dimensions: '3D' } },
  { id: '10.b.2', phantom: 'pattern_1', filter: { filter: 'riesz', base: 'simoncelli', level: 1, order: [0, 2, 0], steered: true, tensorSigma: 1, boundary: 'nearest', dimensions: '3D' } },
]

/** Phase 1 ids of the manual this engine cannot compute, with the reason. */
export const PHASE1_NOT_IMPLEMENTED: Record<string, string> = {}

/** Phase 2 filters (boundary condition mirror); A runs the filter in 2D, B in 3D. */
const PHASE2_FILTERS: Record<string, { A: FilterSpec | null; B: FilterSpec | null }> = {
  '1': { A: null, B: null },
  '2': { A: { filter: 'mean', support: 5, dimensions: '2D' }, B: { filter: 'mean', support: 5, dimensions: '3D' } },
  '3': { A: { filter: 'log', sigma: 1.5, truncate: 4, dimensions: '2D' }, B: { filter: 'log', sigma: 1.5, truncate: 4, dimensions: '3D' } },
  '4': { A: { filter: 'laws', kernel: 'L5E5', rotationInvariant: true, pooling: 'max', energyDistance: 7 }, B: { filter: 'laws', kernel: 'L5E5E5', rotationInvariant: true, pooling: 'max', energyDistance: 7 } },
  '5': {
    A: { filter: 'gabor', sigma: 5, lambda: 2, gamma: 1.5, theta: 0, rotationInvariant: true, thetaStep: 22.5, pooling: 'average', dimensions: '2D' },
    B: { filter: 'gabor', sigma: 5, lambda: 2, gamma: 1.5, theta: 0, rotationInvariant: true, thetaStep: 22.5, pooling: 'average', dimensions: '3D' },
  },
  '6': { A: { filter: 'wavelet', wavelet: 'db3', band: 'LH', level: 1, rotationInvariant: true, pooling: 'average' }, B: { filter: 'wavelet', wavelet: 'db3', band: 'LLH', level: 1, rotationInvariant: true, pooling: 'average' } },
  '7': { A: { filter: 'wavelet', wavelet: 'db3', band: 'HH', level: 2, rotationInvariant: true, pooling: 'average' }, B: { filter: 'wavelet', wavelet: 'db3', band: 'HHH', level: 2, rotationInvariant: true, pooling: 'average' } },
  '8': { A: { filter: 'simoncelli', level: 1, dimensions: '2D' }, B: { filter: 'simoncelli', level: 1, dimensions: '3D' } },
  '9': { A: { filter: 'simoncelli', level: 2, dimensions: '2D' }, B: { filter: 'simoncelli', level: 2, dimensions: '3D' } },
}

/** Phase-2 image processing (IBSI-2 phase 2): A = 2D without interpolation, B = 3D at 1 mm. */
const PHASE2_PROCESSING = {
  A: {},
  B: { interpolation: { spacing: [1, 1, 1], method: 'cubic', round: true, maskMethod: 'linear', maskThreshold: 0.5 } },
}

export const PHASE2_IDS: string[] = Object.keys(PHASE2_FILTERS).flatMap((n) => [`${n}.A`, `${n}.B`])

/** The radiomics settings (plain JSON, validated by validateSettings) of a phase 2 configuration. */
export function phase2Settings(id: string): Record<string, unknown> | null {
  const m = /^(\d)\.([AB])$/.exec(id)
  if (!m || !PHASE2_FILTERS[m[1]]) return null
  const variant = m[2] as 'A' | 'B'
  const f = PHASE2_FILTERS[m[1]][variant]
  return {
    name: `ibsi2-phase2-${id}`,
    description: `IBSI-2 phase 2 configuration ${id}: ${f ? f.filter : 'no filter'}, ${variant === 'A' ? '2D, no interpolation' : '3D, 1 mm isotropic'}, re-segmentation [−1000, 400] HU, intensity statistics`,
    ...PHASE2_PROCESSING[variant],
    resegmentation: { range: [-1000, 400] },
    discretisation: { method: 'none' },
    dimensions: [variant === 'A' ? '2D' : '3D'],
    families: ['stat'],
    ...(f ? { filter: { ...f, boundary: 'mirror' } } : {}),
  }
}
