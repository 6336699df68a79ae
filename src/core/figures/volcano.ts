// Volcano plot specification: log2 fold change against −log10 p for every gene, red for the
// genes up in the target group, blue for down (spec.ts convention), the top genes labelled
// with leader lines and labels placed so that none overlaps another (greedy placement on a
// ring of candidate offsets, in the figure's pixel space).

import { DIRECTION_CAPTION, niceTicks, type Direction, type VolcanoLabel, type VolcanoSpec } from './spec.ts'

export interface GeneTest { gene: string; logFC: number; p: number; direction: Direction; significant?: boolean }

const M = { left: 64, right: 20, top: 40, bottom: 52 }
const CHAR_PX = 6.2
const LINE_PX = 12

interface Box { x0: number; y0: number; x1: number; y1: number }
const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1

/** Place labels of points (px coordinates) so that no two labels overlap and none covers a labelled point. */
export function placeLabels(points: { px: number; py: number; text: string; side: 1 | -1 }[], area: Box): { dx: number; dy: number }[] {
  const placed: Box[] = []
  const dots: Box[] = points.map((p) => ({ x0: p.px - 3, y0: p.py - 3, x1: p.px + 3, y1: p.py + 3 }))
  return points.map((p) => {
    const w = CHAR_PX * p.text.length + 4
    let best: { dx: number; dy: number; box: Box } | null = null
    search: for (const r of [22, 34, 48, 64, 82, 104, 128]) {
      for (const deg of [-60, -30, -90, 0, -120, 30, 60, -150, 90, 180, 120, 150]) {
        const a = (deg * Math.PI) / 180
        const dx = p.side * Math.cos(a) * r
        const dy = Math.sin(a) * r
        const cx = p.px + dx, cy = p.py + dy
        const box = { x0: cx - w / 2, y0: cy - LINE_PX / 2, x1: cx + w / 2, y1: cy + LINE_PX / 2 }
        if (box.x0 < area.x0 || box.x1 > area.x1 || box.y0 < area.y0 || box.y1 > area.y1) continue
        if (placed.some((b) => overlaps(b, box)) || dots.some((d) => overlaps(d, box))) continue
        best = { dx, dy, box }
        break search
      }
    }
    if (!best) {
      const dx = p.side * 40, dy = -40
      best = { dx, dy, box: { x0: p.px + dx - w / 2, y0: p.py + dy - LINE_PX / 2, x1: p.px + dx + w / 2, y1: p.py + dy + LINE_PX / 2 } }
    }
    placed.push(best.box)
    return { dx: best.dx, dy: best.dy }
  })
}

export function volcanoSpec(id: string, title: string, tests: GeneTest[], opts: { contrast: string; fcThreshold: number; labelTop?: number }): VolcanoSpec {
  const pts = tests.filter((t) => Number.isFinite(t.p) && t.p > 0 && Number.isFinite(t.logFC)).map((t) => ({ x: t.logFC, y: -Math.log10(t.p), direction: t.direction, gene: t.gene }))
  const xmax = Math.ceil(Math.max(1, ...pts.map((p) => Math.abs(p.x))) * 1.1 * 2) / 2
  const ymax = Math.ceil(Math.max(1, ...pts.map((p) => p.y)) * 1.15)
  const width = 620, height = 440
  const W = width - M.left - M.right, H = height - M.top - M.bottom
  const px = (x: number) => M.left + ((x + xmax) / (2 * xmax)) * W
  const py = (y: number) => M.top + H - (y / ymax) * H
  const finite = tests.filter((t) => Number.isFinite(t.p) && t.p > 0 && Number.isFinite(t.logFC)).sort((a, b) => a.p - b.p)
  const significant = finite.filter((t) => t.significant ?? t.direction !== 'none')
  // the most significant genes; when none passes the thresholds, the smallest p-values all the same (said in the caption)
  const top = (significant.length ? significant : finite).slice(0, opts.labelTop ?? 12)
  const offsets = placeLabels(top.map((t) => ({ px: px(t.logFC), py: py(-Math.log10(t.p)), text: t.gene, side: t.logFC >= 0 ? 1 : -1 })), { x0: M.left, y0: M.top, x1: width - M.right, y1: height - M.bottom })
  const labels: VolcanoLabel[] = top.map((t, i) => ({ text: t.gene, x: t.logFC, y: -Math.log10(t.p), dx: offsets[i].dx, dy: offsets[i].dy }))
  const fc = Math.log2(opts.fcThreshold)
  return {
    kind: 'volcano', id, title,
    caption: `Each dot is a gene: log2 fold change (${opts.contrast}) against −log10 p (t-test). ${DIRECTION_CAPTION} Grey: not significant. ${significant.length ? `The ${labels.length} most significant genes are labelled.` : `No gene passes the thresholds; the ${labels.length} genes with the smallest p are labelled.`}`,
    width, height,
    x: { title: `log2 fold change (${opts.contrast})`, scale: 'linear', range: [-xmax, xmax], ticks: niceTicks(-xmax, xmax, 6) },
    y: { title: '−log10 p', scale: 'linear', range: [0, ymax], ticks: niceTicks(0, ymax, 5) },
    points: pts,
    labels,
    guides: { x: fc > 0 ? [-fc, fc] : [], y: [] },
  }
}

export const VOLCANO_MARGIN = M
