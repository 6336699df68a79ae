// Which series of a PACS export is T1, T2, CE-T1 and the tumour segmentation, proposed from
// description rules: case-insensitive regular expressions on SeriesDescription (0008,103E)
// and on ROI / segment names. Localisers (ImageType LOCALIZER, or a description matching
// `exclude`) and series that are not one stack are never proposed. Precedence: a series
// matching T2 is T2; else matching CE-T1 is CE-T1; else matching T1 is T1 — so "T1 FS POST"
// is CE-T1 and "T2 FS" stays T2. When several series fit a role, the one with the most
// slices wins (then the higher series number: the later acquisition). A lone image series
// with a segmentation is taken as CE-T1. Rules are plain JSON (saved with a project, passed
// with `dicom-import --rules`).

import { InputError } from '../../errors.ts'
import type { SeriesInfo } from './scan.ts'

export interface SeriesRules {
  t1: string
  t2: string
  ce_t1: string
  /** ROI / segment names of the tumour */
  roi: string
  /** descriptions never assigned (localisers, subtractions, derived maps) */
  exclude?: string
}

export const DEFAULT_SERIES_RULES: SeriesRules = {
  t1: 't1',
  t2: 't2|stir',
  ce_t1: 'fs|fat.?sat|gado|gd|\\+c|post|contrast|vibe|thrive|lava',
  roi: 'GTV|tumou?r|lesion',
  exclude: 'loc|scout|survey|3.?plane|sub|mip|adc|dwi|trace|map',
}

export type SeriesRole = 't1' | 't2' | 'ce_t1'
export const SERIES_ROLES: SeriesRole[] = ['t1', 't2', 'ce_t1']

export interface Assignment {
  t1?: string
  t2?: string
  ce_t1?: string
  /** the segmentation series (RTSTRUCT or SEG) and the ROIs chosen in it */
  mask?: { uid: string; rois: string[] }
  /** further segmentations drawn on T1 or T2 (they reference that series): that sequence's own mask (manifest mask_t1, mask_t2) */
  masks?: Partial<Record<'t1' | 't2', { uid: string; rois: string[] }>>
  /** why each series got (or did not get) a role, for the user to check */
  notes: string[]
}

function regex(src: string, field: string, file?: string): RegExp {
  try {
    return new RegExp(src, 'i')
  } catch (e) {
    throw new InputError(`rule "${field}" is not a valid regular expression (${(e as Error).message})`, file, field)
  }
}

/** A selector (for selectRois, `--roi`) that picks exactly these ROI names, whatever characters they hold. */
export function roiSelector(names: string[]): string {
  return `^(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`
}

/** Validate a rules object (from JSON): the missing fields take the defaults. */
export function parseSeriesRules(raw: unknown, file?: string): SeriesRules {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError('must be a JSON object {"t1": REGEX, "t2": REGEX, "ce_t1": REGEX, "roi": REGEX}', file)
  const out: SeriesRules = { ...DEFAULT_SERIES_RULES }
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (!['t1', 't2', 'ce_t1', 'roi', 'exclude'].includes(k)) throw new InputError(`unknown rule "${k}"; the rules are t1, t2, ce_t1, roi and exclude`, file, k)
    if (typeof v !== 'string') throw new InputError(`rule "${k}" must be a string (a regular expression)`, file, k)
    regex(v, k, file)
    ;(out as unknown as Record<string, string>)[k] = v
  }
  return out
}

/** True when a series is a localiser or matches the exclusion rule. */
export function isExcluded(s: SeriesInfo, rules: SeriesRules): boolean {
  if (/LOCALIZER/i.test(s.imageType ?? '')) return true
  return !!rules.exclude && regex(rules.exclude, 'exclude').test(s.description)
}

/**
 * Propose the roles of a patient's series.
 * @param series - the series of one patient (dicom-scan)
 * @returns series UIDs per role, the segmentation and its ROIs, and notes
 */
export function proposeAssignment(series: SeriesInfo[], rules: SeriesRules = DEFAULT_SERIES_RULES): Assignment {
  const notes: string[] = []
  const re = { t1: regex(rules.t1, 't1'), t2: regex(rules.t2, 't2'), ce_t1: regex(rules.ce_t1, 'ce_t1'), roi: regex(rules.roi, 'roi') }
  const images = series.filter((s) => s.kind === 'image')
  const usable: SeriesInfo[] = []
  for (const s of images) {
    const label = `series ${s.number ?? '?'} "${s.description}"`
    if (isExcluded(s, rules)) notes.push(`${label}: localiser or excluded description, not assigned`)
    else if (!s.grid) notes.push(`${label}: ${s.problems[0] ?? 'no geometry'}; not assigned`)
    else usable.push(s)
    if (s.descriptionFrom) notes.push(`${label}: no SeriesDescription; the rules were matched on its ${s.descriptionFrom}`)
  }
  const candidates: Record<SeriesRole, SeriesInfo[]> = { t1: [], t2: [], ce_t1: [] }
  for (const s of usable) {
    const d = s.description
    const role: SeriesRole | undefined = re.t2.test(d) ? 't2' : re.ce_t1.test(d) ? 'ce_t1' : re.t1.test(d) ? 't1' : undefined
    if (role) candidates[role].push(s)
    else notes.push(`series ${s.number ?? '?'} "${d}": matches no rule, not assigned`)
  }
  const out: Assignment = { notes }
  for (const role of SERIES_ROLES) {
    const c = [...candidates[role]].sort((a, b) => b.files.length - a.files.length || (b.number ?? 0) - (a.number ?? 0))
    if (c.length) {
      out[role] = c[0].uid
      if (c.length > 1) notes.push(`${role}: ${c.length} series match; took series ${c[0].number ?? '?'} "${c[0].description}" (most slices)`)
    }
  }
  // the segmentation: one with ROIs matching the rule (RTSTRUCT or SEG), preferably drawn on CE-T1
  const segs = series.filter((s) => s.kind === 'rtstruct' || s.kind === 'seg')
  const matching: { s: SeriesInfo; rois: string[] }[] = []
  for (const s of segs) {
    const rois = (s.rois ?? []).filter((r) => re.roi.test(r))
    const chosen = rois.length ? rois : (s.rois ?? []).length === 1 ? s.rois! : []
    if (chosen.length) matching.push({ s, rois: chosen })
    else notes.push(`${s.kind.toUpperCase()} "${s.description}": no ROI matches /${rules.roi}/i (ROIs: ${(s.rois ?? []).join(', ') || 'none'})`)
  }
  const drawnOn = (s: SeriesInfo, role: SeriesRole) => !!out[role] && !!s.references?.includes(out[role]!)
  const main = matching.find((m) => drawnOn(m.s, 'ce_t1')) ?? matching.find((m) => !drawnOn(m.s, 't1') && !drawnOn(m.s, 't2')) ?? matching[0]
  if (main) out.mask = { uid: main.s.uid, rois: main.rois }
  if (out.mask && !out.ce_t1) {
    const seg = series.find((s) => s.uid === out.mask!.uid)!
    const referenced = usable.find((s) => seg.references?.includes(s.uid))
    if (usable.length === 1) {
      out.ce_t1 = usable[0].uid
      for (const r of ['t1', 't2'] as const) if (out[r] === usable[0].uid) delete out[r]
      notes.push(`the only image series "${usable[0].description}" has a segmentation: taken as CE-T1`)
    } else if (referenced && !Object.values(out).includes(referenced.uid)) {
      out.ce_t1 = referenced.uid
      notes.push(`no description matches CE-T1; the series the segmentation was drawn on ("${referenced.description}") is taken as CE-T1`)
    }
  }
  // the others, drawn on T1 or T2: that sequence's own mask
  for (const m of matching) {
    if (m.s.uid === out.mask?.uid) continue
    const role = (['t1', 't2'] as const).find((r) => drawnOn(m.s, r))
    if (role && !out.masks?.[role]) {
      out.masks = { ...out.masks, [role]: { uid: m.s.uid, rois: m.rois } }
      notes.push(`${m.s.kind.toUpperCase()} "${m.s.description}" is drawn on the ${role} series: taken as the ${role} mask (mask_${role})`)
    } else notes.push(`${m.s.kind.toUpperCase()} "${m.s.description}": another segmentation is already used; not assigned`)
  }
  return out
}
