// Figures: specifications (pure data) built from engine results, drawn as SVG (report, CLI)
// and as plotly traces (app). One colour convention: up = red, down = blue.
export * from './spec.ts'
export { kmSpec, atRisk, type KmFigureInput, type KmGroupInput } from './km.ts'
export { forestSpec, cindexSpec, type HrTerm, type CindexRow } from './interval.ts'
export { volcanoSpec, placeLabels, type GeneTest } from './volcano.ts'
export { enrichmentSpec, type EnrichedSet } from './bars.ts'
export { signatureHeatmapSpec, Z_CLIP, type SignatureInput } from './heatmap.ts'
export { figureSvg, escapeXml } from './svg.ts'
export { flowChartSvg, type FlowChartInput } from './flow.ts'
export { figurePlotly, type PlotlyFigure } from './plotly.ts'
export { divergingColour, DIVERGING_SCALE } from './colour.ts'
