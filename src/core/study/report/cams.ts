// Fig. 4 of the report: Grad-CAM example cases of the HSCAE (CAE when no HSCAE ran) — for
// the worse- and the better-MFS group, the two patients with the highest and the lowest
// model output (risk score; for the CAE, its reconstruction error): the model's input slice
// and the Grad-CAM map over it (red → yellow where the target is most sensitive), from the
// maps the study kept (deep_cams.ts). Raster images as PNG data: URLs inside one SVG.
import type { StudyResult } from '../run_study.ts'
import { camInputOf, camMapOf } from '../deep_cams.ts'
import type { ReportFigure } from './html.ts'
import { pngDataUrl } from './png.ts'
import { esc } from './svg.ts'

function greyRgba(x: Float32Array): Uint8Array {
  const out = new Uint8Array(x.length * 4)
  for (let i = 0; i < x.length; i++) {
    const g = Math.round(255 * x[i])
    out.set([g, g, g, 255], 4 * i)
  }
  return out
}

/** The input in grey with the map blended over it: transparent at 0, red at 0.5, yellow at 1. */
function overlayRgba(x: Float32Array, m: Float32Array): Uint8Array {
  const out = new Uint8Array(x.length * 4)
  for (let i = 0; i < x.length; i++) {
    const g = 255 * x[i], a = Math.min(1, m[i] * 1.2)
    const r = 255, gg = 255 * Math.max(0, 2 * m[i] - 1), b = 0
    out.set([Math.round(g * (1 - a) + r * a), Math.round(g * (1 - a) + gg * a), Math.round(g * (1 - a) + b * a), 255], 4 * i)
  }
  return out
}

/** The Grad-CAM example figure, or null without kept maps. */
export function gradCamFigure(r: StudyResult): ReportFigure | null {
  const model = r.deep.hscae?.cam ? 'hscae' : r.deep.cae?.cam ? 'cae' : null
  if (!model) return null
  const cam = r.deep[model]!.cam!
  const s = r.survival[model]
  const groups = r.groups[model]
  if (!s || !groups || s.km.groups.length < 2) return null
  const mfs = (g: (typeof s.km.groups)[number]) => g.at[0]?.surv ?? 1 - g.events / Math.max(1, g.n)
  const ranked = [...s.km.groups].sort((a, b) => mfs(a) - mfs(b))
  const worse = ranked[0].group, better = ranked[ranked.length - 1].group
  const value = (id: string) => cam.values[id] ?? NaN
  const pick = (g: string) => {
    const ids = Object.keys(groups).filter((id) => groups[id] === g && cam.maps[id] && Number.isFinite(value(id))).sort((a, b) => value(b) - value(a))
    return ids.length > 1 ? [ids[0], ids[ids.length - 1]] : ids
  }
  const cases = [...pick(worse).map((id) => ({ id, g: worse })), ...pick(better).map((id) => ({ id, g: better }))]
  if (!cases.length) return null
  const n = cam.size, cell = 150, gap = 12, top = 48
  const width = cases.length * (cell + gap), height = top + 2 * (cell + 6) + 20
  const what = cam.target === 'risk' ? 'risk' : 'reconstruction MSE'
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="Grad-CAM example cases" data-figure="gradcam" font-family="system-ui, sans-serif" font-size="11">`]
  cases.forEach((c, i) => {
    const x = i * (cell + gap)
    const input = camInputOf(cam, c.id)!, map = camMapOf(cam, c.id)!
    // three short lines per case, each narrower than its image (no label runs into the next)
    parts.push(`<text x="${x}" y="12" font-weight="600">${esc(c.id)}</text><text x="${x}" y="26">group ${esc(c.g)} (${c.g === worse ? 'worse' : 'better'} MFS)</text><text x="${x}" y="40">${what} ${value(c.id).toPrecision(3)}</text>`)
    parts.push(`<image x="${x}" y="${top}" width="${cell}" height="${cell}" style="image-rendering:pixelated" href="${pngDataUrl(greyRgba(input), n, n)}" data-role="input"/>`)
    parts.push(`<image x="${x}" y="${top + cell + 6}" width="${cell}" height="${cell}" style="image-rendering:pixelated" href="${pngDataUrl(overlayRgba(input, map), n, n)}" data-role="gradcam"/>`)
  })
  parts.push(`<text x="0" y="${height - 4}">top: model input (mid-tumour CE-T1 slice, background removed); bottom: Grad-CAM over it</text></svg>`)
  const label = model === 'hscae' ? 'HSCAE' : 'CAE'
  return {
    id: 'gradcam',
    title: `Fig. 4. Grad-CAM of the ${label} on example cases of its worse (${worse}) and better (${better}) MFS groups`,
    svg: parts.join(''),
    caption: `Grad-CAM of the ${label} ${cam.target === 'risk' ? 'risk head' : 'reconstruction error'} on ${cam.layer}, upsampled to the ${n} × ${n} input and scaled to [0, 1]; red → yellow where the target is most sensitive. Per group, the patients with the highest and the lowest ${what}.`,
  }
}
