// The diverging colour scale of heatmaps: blue (DOWN) at the minimum, white at the middle,
// red (UP) at the maximum, linear in RGB.

import { DOWN, UP } from './spec.ts'

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))
const [B, R] = [rgb(DOWN), rgb(UP)]

/** Colour of v on the scale [min, max]. */
export function divergingColour(v: number, min: number, max: number): string {
  const t = Math.max(0, Math.min(1, (v - min) / (max - min || 1)))
  const [from, f] = t < 0.5 ? [B, 1 - 2 * t] : [R, 2 * t - 1]
  const c = from.map((x) => Math.round(255 + (x - 255) * f))
  return `#${c.map((x) => x.toString(16).padStart(2, '0')).join('')}`
}

/** The scale as plotly's colorscale. */
export const DIVERGING_SCALE: [number, string][] = [[0, DOWN], [0.5, '#ffffff'], [1, UP]]
