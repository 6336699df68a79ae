// Figure specifications: what a figure shows, as plain data (axes with titles and units,
// series with their colours and legend names, labels already placed, captions), with no
// drawing. The same specification is drawn by plotly in the app (plotly.ts) and written
// as SVG for the report (svg.ts), so the app and the report cannot disagree.
// Colour convention, everywhere: up-regulated / higher = red, down-regulated / lower = blue.

export const UP = '#c0392b'
export const DOWN = '#2456a6'
export const NEUTRAL = '#9aa3b2'
/** colours of the groups of a grouping, in level order */
export const GROUP_COLOURS = ['#2456a6', '#c0392b', '#27ae60', '#8e44ad', '#d35400', '#16a085', '#7f8c8d', '#2c3e50']
export const groupColour = (i: number): string => GROUP_COLOURS[i % GROUP_COLOURS.length]
/** the sentence every figure coloured by direction carries in its caption */
export const DIRECTION_CAPTION = 'Red: up-regulated (higher in the first group of the contrast); blue: down-regulated.'

export type Direction = 'up' | 'down' | 'none'
export const directionColour = (d: Direction): string => (d === 'up' ? UP : d === 'down' ? DOWN : NEUTRAL)

export interface Axis {
  /** title with its unit, e.g. "MFS (months)" */
  title: string
  scale: 'linear' | 'log'
  range: [number, number]
  ticks?: number[]
  /** a reference line drawn across the plot at this value (HR 1, C-index 0.5) */
  reference?: number
}

interface Base {
  id: string
  title: string
  /** a sentence or two saying what is shown, with the colour convention where colours carry meaning */
  caption: string
  /** nominal size in px (the SVG's size; the app scales it) */
  width: number
  height: number
}

export interface KmCurve { name: string; colour: string; time: number[]; surv: number[]; censorTime: number[]; censorSurv: number[] }

export interface KmSpec extends Base {
  kind: 'km'
  x: Axis
  y: Axis
  curves: KmCurve[]
  /** e.g. "log-rank p = 0.012", shown in the plot area */
  note: string
  /** numbers at risk under the x axis, at the axis' tick times */
  risk: { times: number[]; rows: { name: string; colour: string; n: number[] }[] }
}

export interface IntervalRow { label: string; estimate: number; lower: number; upper: number; text: string }

/** Point estimates with intervals on a horizontal axis: forest plots (HR, log axis) and C-indices (linear). */
export interface IntervalSpec extends Base {
  kind: 'interval'
  x: Axis
  rows: IntervalRow[]
}

export interface VolcanoLabel { text: string; x: number; y: number; /** label offset from the point, px */ dx: number; dy: number }

export interface VolcanoSpec extends Base {
  kind: 'volcano'
  x: Axis
  y: Axis
  points: { x: number; y: number; direction: Direction; gene: string }[]
  labels: VolcanoLabel[]
  /** dashed guides: |log2 FC| threshold and the −log10 p of the significance limit, if any */
  guides: { x: number[]; y: number[] }
}

export interface BarsSpec extends Base {
  kind: 'bars'
  x: Axis
  bars: { label: string; value: number; direction: Direction }[]
}

export interface HeatmapSpec extends Base {
  kind: 'heatmap'
  /** rows (genes) top to bottom, columns (samples) left to right */
  rows: string[]
  columns: string[]
  /** rows × columns, row-major */
  values: number[]
  /** one coloured bar above the columns: the group of each sample */
  annotation: { title: string; labels: string[]; colours: Record<string, string> }
  /** diverging scale, blue (min) – white – red (max) */
  scale: { title: string; min: number; max: number }
}

export type FigureSpec = KmSpec | IntervalSpec | VolcanoSpec | BarsSpec | HeatmapSpec

/** Evenly spaced "nice" values covering [min, max], about n intervals. */
export function niceTicks(min: number, max: number, n = 5): number[] {
  if (!(max > min)) return [min]
  const raw = (max - min) / n
  const mag = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw
  const out: number[] = []
  for (let t = Math.ceil(min / step - 1e-9) * step; t <= max + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)))
  return out
}

/** Ticks of a log axis: powers of 2 within the range (HR 0.25, 0.5, 1, 2, 4 …). */
export function logTicks(min: number, max: number, maxTicks = 7): number[] {
  const exps: number[] = []
  for (let e = Math.floor(Math.log2(min)); e <= Math.ceil(Math.log2(max)); e++) if (2 ** e >= min * 0.999 && 2 ** e <= max * 1.001) exps.push(e)
  // a wide axis (1/64 … 64) gets every 2nd or 3rd power of 2, always through 1, so that the
  // labels fit side by side (no rotated, crowded tick labels)
  const step = Math.max(1, Math.ceil(exps.length / maxTicks))
  return exps.filter((e) => e % step === 0).map((e) => 2 ** e)
}

/** Tick text: integers as such, otherwise 3 significant digits; on a log axis, 1/64 rather than 0.0156. */
export function tickText(v: number, scale?: Axis['scale']): string {
  if (Number.isInteger(v)) return String(v)
  if (scale === 'log' && v > 0 && v < 0.1 && Number.isInteger(1 / v)) return `1/${1 / v}`
  return String(Number(v.toPrecision(3)))
}

/** Margins of the plot area inside a figure's nominal size, px (both renderers use them). */
export const MARGIN = { left: 150, right: 24, top: 44, bottom: 56 }
