// Figure specifications (src/core/figures): the C-index axis is linear with the 0.5
// reference, the colour convention (up = red, down = blue) holds in the spec, the SVG and
// the plotly traces, no formatted p reads "= <", a bootstrap p is never shown below
// 1/(B + 1), KM legends name the variable and the risk table sits at the x ticks, volcano
// labels never overlap, the PAM heatmap is samples × genes with its annotation bar.
import { describe, expect, it } from 'vitest'
import { cindexSpec, DOWN, enrichmentSpec, figurePlotly, figureSvg, forestSpec, kmSpec, signatureHeatmapSpec, UP, volcanoSpec, Z_CLIP, type GeneTest } from '../../../src/core/figures/index.ts'
import { formatP, pLabel } from '../../../src/core/math/pvalue.ts'
import { createRng } from '../../../src/core/random.ts'

const km = (p: number | null) =>
  kmSpec({
    id: 'km-hscae', variable: 'HSCAE group', logrankP: p,
    groups: [
      { level: '1', n: 3, curve: { time: [5, 12, 30], surv: [0.667, 0.333, 0.333], nCensor: [0, 0, 1], nRisk: [3, 2, 1] } },
      { level: '2', n: 2, curve: { time: [8, 40], surv: [1, 0.5], nCensor: [1, 0], nRisk: [2, 1] } },
    ],
  })

describe('C-index figure', () => {
  const spec = cindexSpec('cindex', 'C', [{ model: 'clinical', mean: 0.62, lower: 0.55, upper: 0.7 }, { model: 'clinical + HSCAE', mean: 0.71, lower: 0.64, upper: 0.78 }], 5)
  it('is on a linear axis with the chance reference 0.5 inside its range', () => {
    expect(spec.x.scale).toBe('linear')
    expect(spec.x.reference).toBe(0.5)
    expect(spec.x.range[0]).toBeLessThanOrEqual(0.5)
    expect(spec.x.range[1]).toBeLessThanOrEqual(1)
    const p = figurePlotly(spec).layout as { xaxis: { type: string }; shapes: { x0: number }[] }
    expect(p.xaxis.type).toBe('linear')
    expect(p.shapes.map((s) => s.x0)).toEqual([0.5])
    expect(spec.caption).toContain('C = 0.5')
  })
  it('the forest plot of hazard ratios is on a log axis with reference 1', () => {
    const f = forestSpec('forest', 'F', [{ label: 'HSCAE group: 2', hr: 2.1, lower: 1.2, upper: 3.9, p: 0.004 }])
    expect(f.x.scale).toBe('log')
    expect(f.x.reference).toBe(1)
    expect(f.x.ticks).toContain(1)
  })
  it('a wide forest axis (an interval to 0 or ∞) keeps at most 7 ticks through 1, labelled 1/64 … 64', () => {
    const f = forestSpec('forest', 'F', [{ label: 'Histotype: myxofibrosarcoma', hr: 1e-9, lower: 0, upper: Infinity, p: 0.999 }, { label: 'Size (mm)', hr: 1.06, lower: 1.01, upper: 1.1, p: 0.01 }, { label: 'Grade III', hr: 40, lower: 2, upper: 900, p: 0.01 }])
    expect(f.x.range).toEqual([1 / 64, 64])
    expect(f.x.ticks).toEqual([1 / 64, 1 / 16, 1 / 4, 1, 4, 16, 64])
    const p = figurePlotly(f).layout as { xaxis: { ticktext: string[] } }
    expect(p.xaxis.ticktext).toEqual(['1/64', '1/16', '0.25', '1', '4', '16', '64'])
    expect(figureSvg(f)).toContain('>1/64</text>')
  })
})

describe('colour convention: up = red, down = blue, in the spec, the SVG, plotly and the captions', () => {
  const tests: GeneTest[] = [
    { gene: 'UPGENE', logFC: 2, p: 1e-6, direction: 'up', significant: true },
    { gene: 'DOWNGENE', logFC: -2, p: 1e-5, direction: 'down', significant: true },
    { gene: 'FLAT', logFC: 0.1, p: 0.5, direction: 'none', significant: false },
  ]
  it('volcano', () => {
    const v = volcanoSpec('volcano', 'V', tests, { contrast: 'worst vs others', fcThreshold: 2 })
    expect(v.caption).toMatch(/Red: up-regulated.*blue: down-regulated/)
    const svg = figureSvg(v)
    const fills = [...svg.matchAll(/<circle cx="([\d.]+)"[^>]*fill="(#[0-9a-f]{6})"/g)].map((m) => ({ x: Number(m[1]), fill: m[2] }))
    const right = fills.reduce((a, b) => (b.x > a.x ? b : a)), left = fills.reduce((a, b) => (b.x < a.x ? b : a))
    expect(right.fill).toBe(UP) // the up gene, at log2 FC +2
    expect(left.fill).toBe(DOWN)
    const traces = figurePlotly(v).data as { name: string; marker: { color: string } }[]
    expect(traces.find((t) => t.name === 'up')!.marker.color).toBe(UP)
    expect(traces.find((t) => t.name === 'down')!.marker.color).toBe(DOWN)
  })
  it('enrichment bars', () => {
    const b = enrichmentSpec('enrichment-bars', 'E', [{ set: 'HALLMARK_E2F_TARGETS', adjP: 1e-4, direction: 'up' }, { set: 'HALLMARK_MYOGENESIS', adjP: 1e-3, direction: 'down' }])
    expect(b.caption).toMatch(/Red: .*up-regulated.*blue: .*down-regulated/)
    expect(b.bars.map((x) => x.label)).toEqual(['HALLMARK_E2F_TARGETS', 'HALLMARK_MYOGENESIS']) // full names
    const t = figurePlotly(b).data[0] as { y: string[]; marker: { color: string[] } }
    expect(t.marker.color[t.y.indexOf('HALLMARK_E2F_TARGETS')]).toBe(UP)
    expect(t.marker.color[t.y.indexOf('HALLMARK_MYOGENESIS')]).toBe(DOWN)
    const svg = figureSvg(b)
    expect(svg.indexOf(`fill="${UP}"`)).toBeLessThan(svg.indexOf(`fill="${DOWN}"`)) // the up set (smaller p) is the first bar
  })
})

describe('p-values', () => {
  it('no formatted p reads "= <", small ones read "p < 0.001"', () => {
    for (const p of [0, 1e-12, 1e-4, 0.000999, 0.001, 0.0123, 0.049, 0.5, 1]) {
      expect(pLabel(p)).not.toMatch(/=\s*</)
      expect(km(p).note).not.toMatch(/=\s*</)
      expect(figureSvg(km(p))).not.toMatch(/=\s*&lt;/)
    }
    expect(km(1e-5).note).toBe('log-rank p < 0.001')
    expect(km(0.0123).note).toBe('log-rank p = 0.012')
  })
  it('a bootstrap p from B replicates is never shown below 1/(B + 1)', () => {
    for (const B of [50, 200, 1000]) {
      const floor = 1 / (B + 1)
      for (const p of [0, 1e-9, floor / 2]) {
        const s = formatP(p, { reps: B })
        expect(s.startsWith('<')).toBe(true)
        expect(Number(s.replace('<', ''))).toBeGreaterThanOrEqual(B >= 1000 ? 0.001 : Number(floor.toPrecision(2)))
        expect(s).not.toMatch(/0\.0000/)
      }
    }
    expect(formatP(0, { reps: 200 })).toBe('< 0.005')
  })
})

describe('Kaplan–Meier', () => {
  const s = km(0.03)
  it('legend names the variable, the x axis has its unit', () => {
    expect(s.curves.map((c) => c.name)).toEqual(['HSCAE group = 1 (n = 3)', 'HSCAE group = 2 (n = 2)'])
    expect(s.x.title).toBe('MFS (months)')
  })
  it('the numbers at risk are given at the x axis ticks', () => {
    expect(s.risk.times).toEqual(s.x.ticks)
    expect(s.risk.rows[0].n[0]).toBe(3)
    // the SVG writes each risk number at its tick's x
    const svg = figureSvg(s)
    const tickX = [...svg.matchAll(/<line x1="([\d.]+)" x2="[\d.]+" y1="[\d.]+" y2="[\d.]+" stroke="#333"\/><text x="[\d.]+" y="[\d.]+" text-anchor="middle">/g)].map((m) => m[1])
    const riskX = [...svg.slice(svg.indexOf('Number at risk')).matchAll(/<text x="([\d.]+)" y="[\d.]+" text-anchor="middle">\d+<\/text>/g)].map((m) => m[1])
    expect(riskX.slice(0, tickX.length)).toEqual(tickX)
  })
})

describe('volcano labels', () => {
  it('the top genes are labelled and no two labels overlap', () => {
    const r = createRng(7)
    const rng = () => r.next()
    const tests: GeneTest[] = Array.from({ length: 300 }, (_, i) => {
      const fc = (rng() - 0.5) * 6
      const p = 10 ** -(Math.abs(fc) * 2 + rng() * 2)
      return { gene: `GENE${i}`, logFC: fc, p, direction: Math.abs(fc) > 1 && p < 1e-3 ? (fc > 0 ? 'up' : 'down') : 'none', significant: Math.abs(fc) > 1 && p < 1e-3 }
    })
    const v = volcanoSpec('volcano', 'V', tests, { contrast: 'a vs b', fcThreshold: 2, labelTop: 12 })
    expect(v.labels).toHaveLength(12)
    const W = v.width - 64 - 20, H = v.height - 40 - 52
    const box = (l: (typeof v.labels)[number]) => {
      const px = 64 + ((l.x - v.x.range[0]) / (v.x.range[1] - v.x.range[0])) * W + l.dx
      const py = 40 + H - (l.y / v.y.range[1]) * H + l.dy
      const w = 6.2 * l.text.length + 4
      return { x0: px - w / 2, x1: px + w / 2, y0: py - 6, y1: py + 6 }
    }
    const boxes = v.labels.map(box)
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]]
        expect(a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1, `${v.labels[i].text} × ${v.labels[j].text}`).toBe(false)
      }
    // leader lines: every label is away from its point
    for (const l of v.labels) expect(Math.hypot(l.dx, l.dy)).toBeGreaterThan(10)
  })
})

describe('PAM heatmap', () => {
  it('samples (grouped) × signature genes, z-scores clipped, with the group annotation bar and colour scale', () => {
    const genes = ['A', 'B', 'C']
    const samples = ['s1', 's2', 's3', 's4', 's5']
    const groups = ['others', 'worst', 'others', 'worst', 'others']
    const values = Array.from({ length: 15 }, (_, k) => (k % 5) * (1 + Math.floor(k / 5)))
    const h = signatureHeatmapSpec('pam-heatmap', 'PAM', { genes, samples, values, groups, levels: ['worst', 'others'] })
    expect(h.rows).toEqual(genes)
    expect(h.columns).toEqual(['s2', 's4', 's1', 's3', 's5'])
    expect(h.annotation.labels).toEqual(['worst', 'worst', 'others', 'others', 'others'])
    expect(h.values).toHaveLength(15)
    for (const z of h.values) expect(Math.abs(z)).toBeLessThanOrEqual(Z_CLIP)
    expect(h.scale).toEqual({ title: 'z-score', min: -Z_CLIP, max: Z_CLIP })
    expect(h.caption).toMatch(/red: above.*blue: below/)
    const svg = figureSvg(h)
    expect(svg).toContain('z-score')
    expect((svg.match(/<rect /g) ?? []).length).toBeGreaterThan(15 + 5)
  })
})
