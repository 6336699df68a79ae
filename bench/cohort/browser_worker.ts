// Worker of the browser cohort benchmark (bundled by bench/cohort/browser.ts): fetches one
// patient's pre-decoded volumes and runs the study's imaging (src/core/study/imaging.ts
// patientImaging: preprocessing + `paper` radiomics), transferring the features back.
import { patientImaging } from '../../src/core/study/imaging.ts'
import type { AnalysisPlan } from '../../src/core/study/plan.ts'
import type { Volume } from '../../src/core/image/volume.ts'

type Msg = { type: 'init'; plan: AnalysisPlan; reference: Record<string, Float32Array> | null } | { type: 'patient'; index: number; id: string; keepUnmatched: boolean }

let plan: AnalysisPlan
let reference: Record<string, Float32Array> | null = null

const ARRAYS: Record<string, new (b: ArrayBuffer) => ArrayLike<number>> = { Int16Array, Uint8Array, Float32Array, Uint16Array, Int32Array, Float64Array }

async function fetchVolume(url: string): Promise<Volume> {
  const buf = await (await fetch(url)).arrayBuffer()
  const hl = new DataView(buf).getUint32(0, true)
  const h = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 4, hl)))
  const data = new ARRAYS[h.type](buf.slice(4 + hl))
  return { dims: h.dims, spacing: h.spacing, origin: h.origin, direction: h.direction, data } as Volume
}

self.onmessage = async (e: MessageEvent<Msg>) => {
  const m = e.data
  if (m.type === 'init') {
    plan = m.plan
    reference = m.reference
    ;(self as unknown as Worker).postMessage({ type: 'ready' })
    return
  }
  try {
    const t0 = performance.now()
    const [t1, t2, ce_t1, maskV] = await Promise.all(['t1', 't2', 'ce_t1', 'mask'].map((k) => fetchVolume(`/data/${m.id}/${k}`)))
    const mask = { ...maskV, data: Uint8Array.from(maskV.data as ArrayLike<number>, (v) => (v > 0 ? 1 : 0)) }
    const r = patientImaging({ t1, t2, ce_t1, mask }, plan, reference, m.id, m.keepUnmatched)
    const transfer: Transferable[] = [r.features.buffer as ArrayBuffer]
    if (r.unmatched) for (const a of Object.values(r.unmatched)) transfer.push(a.buffer as ArrayBuffer)
    ;(self as unknown as Worker).postMessage({ type: 'done', index: m.index, features: r.features, unmatched: r.unmatched ?? null, seconds: (performance.now() - t0) / 1000 }, transfer)
  } catch (err) {
    ;(self as unknown as Worker).postMessage({ type: 'done', index: m.index, error: String((err as Error)?.message ?? err) })
  }
}
