// Benchmarks of the radiomics engine (see bench/run.ts): wall and CPU time per case in Node for
// (1) all IBSI features, configuration C, on the IBSI CT phantom (goal < 1 s) and (2) the paper
// preset on STS_001 with the T1 image used for every sequence (goal < 1.5 s). File reading is
// excluded; the first (cold, JIT warm-up) run and the best of the following runs are reported,
// with the load average (the 2-core machine is shared). No reference radiomics implementation
// (pyradiomics, MIRP) is installed here, so no reference timing is measured in the same run.
import fs from 'node:fs'
import os from 'node:os'
import { readVolume } from '../src/cli/image_io.ts'
import { loadPreset } from '../src/core/radiomics/presets.ts'
import { extractFeatures } from '../src/core/radiomics/extract.ts'
import { extractPaperFeatures, paperColumns } from '../src/core/radiomics/paper.ts'
import { compareWithReference, parseReference } from '../src/core/radiomics/ibsi_reference.ts'
import { extractPyradiomics, parsePyradiomicsParams } from '../src/core/radiomics/pyradiomics/index.ts'
import type { Volume } from '../src/core/image/volume.ts'
import { applyFilter, validateFilter } from '../src/core/radiomics/filters/index.ts'

const RUNS_DEFAULT = Number(process.env.RADIOMICS_BENCH_RUNS ?? 5)

function timeRuns(fn: () => void, RUNS = RUNS_DEFAULT): { cold_s: number; best_s: number; median_s: number; best_cpu_s: number; runs: number } {
  const wall: number[] = [], cpu: number[] = []
  for (let r = 0; r < RUNS; r++) {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    fn()
    wall.push((performance.now() - t0) / 1000)
    const c = process.cpuUsage(c0)
    cpu.push((c.user + c.system) / 1e6)
  }
  const warm = wall.slice(1).sort((a, b) => a - b)
  return { cold_s: wall[0], best_s: warm[0] ?? wall[0], median_s: warm[Math.floor(warm.length / 2)] ?? wall[0], best_cpu_s: Math.min(...cpu.slice(1)), runs: RUNS }
}

// pyradiomics' default extraction: default settings (bin width 25, no resampling), every default
// feature class, on Original + LoG (σ 1, 3, 5 mm) + the 8 coif1 wavelet bands
const PYRADIOMICS_DEFAULT = parsePyradiomicsParams('imageType:\n  Original: {}\n  LoG:\n    sigma: [1.0, 3.0, 5.0]\n  Wavelet: {}\n', 'pyradiomics-default')

/** A clinical-size synthetic MR volume (512×512×48, 0.78×0.78×5 mm) with an ellipsoidal tumour of ~1.1e5 voxels. */
function clinicalVolume(): { image: Volume; mask: Volume } {
  const dims: [number, number, number] = [512, 512, 48]
  const n = dims[0] * dims[1] * dims[2]
  const img = new Int16Array(n), m = new Int32Array(n)
  let seed = 12345
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
  for (let k = 0, v = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 0; i < dims[0]; i++, v++) {
        const r = ((i - 260) / 70) ** 2 + ((j - 240) / 55) ** 2 + ((k - 24) / 7) ** 2
        const tissue = 300 + 120 * Math.sin(i / 9) * Math.cos(j / 13) + (r <= 1 ? 350 + 80 * Math.sin((i + j) / 5) : 0)
        img[v] = Math.round(tissue + 40 * (rnd() - 0.5))
        if (r <= 1) m[v] = 1
      }
  const geo = { dims, spacing: [0.78, 0.78, 5] as [number, number, number], origin: [0, 0, 0] as [number, number, number], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] }
  return { image: { ...geo, data: img }, mask: { ...geo, data: m } }
}

// IBSI-2 filters on the whole clinical-size volume (response map only; 2 runs each)
const FILTER_CASES: Record<string, Record<string, unknown>> = {
  mean_5_3D: { filter: 'mean', support: 5, boundary: 'mirror', dimensions: '3D' },
  log_3mm_3D: { filter: 'log', sigma: 3, boundary: 'mirror', dimensions: '3D' },
  laws_L5E5E5_energy: { filter: 'laws', kernel: 'L5E5E5', energyDistance: 7, boundary: 'mirror' },
  wavelet_coif1_LLH_level1: { filter: 'wavelet', wavelet: 'coif1', band: 'LLH', level: 1, boundary: 'mirror' },
  wavelet_haar_HHH_level2: { filter: 'wavelet', wavelet: 'haar', band: 'HHH', level: 2, boundary: 'mirror' },
  gabor_2D_one_angle: { filter: 'gabor', sigma: 5, lambda: 2, gamma: 1.5, theta: 0, boundary: 'mirror', dimensions: '2D' },
  simoncelli_level1_3D: { filter: 'simoncelli', level: 1, boundary: 'periodic', dimensions: '3D' },
}

export const benchmarks: Record<string, () => Promise<object>> = {
  async ibsi2_filters_clinical() {
    const { image } = clinicalVolume()
    const img: Volume<Float64Array> = { ...image, data: Float64Array.from(image.data as ArrayLike<number>) }
    const timings: Record<string, object> = {}
    for (const [name, spec] of Object.entries(FILTER_CASES)) {
      const f = validateFilter(spec, name)
      timings[name] = timeRuns(() => void applyFilter(img, f), 2)
    }
    return { case: 'IBSI-2 filters (response map of the whole image), synthetic 512×512×48 volume', voxels: img.data.length, timings, loadavg: os.loadavg() }
  },
  async pyradiomics_default_brain1() {
    const image = await readVolume('../shared/data/mri/brain1_image.nrrd'), mask = await readVolume('../shared/data/mri/brain1_label.nrrd')
    let n = 0
    const t = timeRuns(() => (n = Object.keys(extractPyradiomics(image, mask, PYRADIOMICS_DEFAULT).features).length), 3)
    return { case: 'pyradiomics default extraction (Original + LoG σ 1/3/5 + 8 wavelet bands, all default classes), brain1 256×256×25, ROI 4137 voxels', features: n, ...t, loadavg: os.loadavg() }
  },
  async pyradiomics_default_clinical() {
    const { image, mask } = clinicalVolume()
    let roi = 0
    for (let v = 0; v < mask.data.length; v++) if (mask.data[v]) roi++
    let n = 0
    const t = timeRuns(() => (n = Object.keys(extractPyradiomics(image, mask, PYRADIOMICS_DEFAULT).features).length), 2)
    return { case: 'pyradiomics default extraction, synthetic 512×512×48 (0.78×0.78×5 mm) volume', roi_voxels: roi, features: n, ...t, loadavg: os.loadavg() }
  },
  async ibsi_config_c() {
    const dir = '../shared/data/ibsi/ct_phantom'
    const image = await readVolume(`${dir}/image.nii.gz`), mask = await readVolume(`${dir}/mask.nii.gz`)
    const settings = loadPreset('ibsi-config-c')
    let features: Record<string, number> = {}
    const t = timeRuns(() => (features = extractFeatures(image, mask, settings).features))
    const cmp = compareWithReference(features, parseReference(fs.readFileSync(`${dir}/reference_config_c.csv`, 'utf8')))
    return { case: 'IBSI CT phantom, configuration C, all families', features: Object.keys(features).length, ibsi_pass_fraction: cmp.fraction, goal_s: 1, ...t, loadavg: os.loadavg() }
  },
  async paper_sts001() {
    const dir = '../shared/data/sts/STS_001/mr_t1'
    const image = await readVolume(`${dir}/image.nii.gz`), mask = await readVolume(`${dir}/mask.nii.gz`)
    const settings = loadPreset('paper')
    let n = 0
    const t = timeRuns(() => (n = Object.keys(extractPaperFeatures({ t1: image, t2: image, ce_t1: image }, mask, settings).features).length))
    let roi = 0
    for (let v = 0; v < mask.data.length; v++) if (mask.data[v]) roi++
    return { case: 'paper preset, STS_001 (T1 as T1, T2 and CE-T1)', columns: n, expected_columns: paperColumns().length, roi_voxels: roi, goal_s: 1.5, ...t, loadavg: os.loadavg() }
  },
}
