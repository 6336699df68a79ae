// Display helpers of the preprocessing step: 8-bit windowed slices (1st–99th
// percentile) and plotly traces of before/after histograms.
import type { IntensityHistogram } from '../../../core/preprocess/histogram.ts'

export interface SlicePreview { width: number; height: number; pixels: Uint8ClampedArray }

export function windowSlice(s: { width: number; height: number; data: Float32Array }): SlicePreview {
  const sorted = Float32Array.from(s.data).sort()
  const lo = sorted[Math.floor(0.01 * (sorted.length - 1))]
  const hi = sorted[Math.floor(0.99 * (sorted.length - 1))]
  const scale = hi > lo ? 255 / (hi - lo) : 0
  const pixels = new Uint8ClampedArray(s.data.length)
  for (let i = 0; i < pixels.length; i++) pixels[i] = (s.data[i] - lo) * scale
  return { width: s.width, height: s.height, pixels }
}

export function histogramTrace(h: IntensityHistogram, name: string, xaxis = 'x', yaxis = 'y'): object {
  const x = h.counts.map((_, k) => (h.edges[k] + h.edges[k + 1]) / 2)
  return { type: 'bar', x, y: h.counts, name, xaxis, yaxis, marker: { line: { width: 0 } } }
}
