// Lazy access to plotly.js-dist-min (a large bundle, loaded on first plot) with the few
// calls the stats plots use, typed here because the package ships no type declarations.

export interface PlotlyApi {
  newPlot(el: HTMLElement, data: object[], layout: object, config?: object): Promise<unknown>
  react(el: HTMLElement, data: object[], layout: object, config?: object): Promise<unknown>
  purge(el: HTMLElement): void
  downloadImage(el: HTMLElement, opts: { format: 'png' | 'svg'; filename: string; width?: number; height?: number }): Promise<string>
}

let cached: Promise<PlotlyApi> | null = null

export function loadPlotly(): Promise<PlotlyApi> {
  // @ts-ignore -- plotly.js-dist-min has no type declarations
  cached ??= import('plotly.js-dist-min').then((m: { default: PlotlyApi }) => m.default)
  return cached
}
