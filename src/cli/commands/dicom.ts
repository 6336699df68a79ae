// CLI commands for PACS exports: `dicom-scan` lists the series of a folder of DICOM files
// (any names, any nesting, several series mixed), `dicom-import` assigns them to T1 / T2 /
// CE-T1 / mask by description rules and writes NIfTI volumes, masks and manifest.csv.
// Scanning, rules and rasterisation live in src/core/image/dicom; this file reads and writes.
import fs from 'node:fs'
import path from 'node:path'
import type { Command } from '../command.ts'
import { flag } from '../args.ts'
import { emit } from '../command.ts'
import { InputError } from '../../core/errors.ts'
import { looksLikeDicom } from '../../core/image/dicom/dataset.ts'
import { scanDicomFiles, seriesRecord, type SeriesInfo } from '../../core/image/dicom/scan.ts'
import { DEFAULT_SERIES_RULES, parseSeriesRules, proposeAssignment, roiSelector, SERIES_ROLES, type SeriesRules } from '../../core/image/dicom/series_rules.ts'
import { parseRtStruct } from '../../core/image/dicom/rtstruct.ts'
import { maskFromRtStruct } from '../../core/image/dicom/mask_from_rtstruct.ts'
import { segMaskOnGrid } from '../../core/image/dicom/seg.ts'
import { sameGrid, type Volume } from '../../core/image/volume.ts'
import { resampleMaskNearest } from '../../core/image/resample_mask.ts'
import { toCsv } from '../../core/table/table.ts'
import { readVolume, writeVolume } from '../image_io.ts'

/** Every file under `dir` (recursively), hidden files left out. */
function listFiles(dir: string): string[] {
  let stat: fs.Stats
  try {
    stat = fs.statSync(dir)
  } catch {
    throw new InputError('folder not found; check the path', dir)
  }
  if (!stat.isDirectory()) throw new InputError('is not a folder; give the folder of the PACS export', dir)
  const out: string[] = []
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.isFile()) out.push(p)
    }
  }
  walk(dir)
  return out.sort()
}

/** Scan a folder: series with file names relative to it. */
export function scanFolder(dir: string): { series: SeriesInfo[]; skipped: { file: string; reason: string }[] } {
  const files = listFiles(dir)
  const dicom = []
  const skipped: { file: string; reason: string }[] = []
  for (const f of files) {
    const bytes = new Uint8Array(fs.readFileSync(f))
    const name = path.relative(dir, f)
    if (!looksLikeDicom(bytes)) skipped.push({ file: name, reason: 'not a DICOM file' })
    else dicom.push({ name, bytes })
  }
  if (dicom.length === 0) throw new InputError('holds no DICOM files', dir)
  const r = scanDicomFiles(dicom)
  return { series: r.series, skipped: [...skipped, ...r.skipped] }
}

const scan: Command = {
  name: 'dicom-scan',
  summary: 'list the series of a folder of DICOM files (PACS export): uid, number, description, modality, dims, spacing, frame of reference, files; referenced series and ROI names of RTSTRUCT/SEG',
  usage: 'dicom-scan --dir FOLDER [--json]',
  flags: { dir: flag.input() },
  async run(args) {
    const dir = args.string('dir')
    const r = scanFolder(dir)
    emit(args, { series: r.series.map(seriesRecord), skipped: r.skipped }, () =>
      r.series
        .map((s) => `${String(s.number ?? '-').padStart(4)}  ${s.modality.padEnd(8)} ${s.dims.join('×').padEnd(12)} ${s.files.length} file(s)  ${s.description || '(no description)'}${s.rois ? `  ROIs: ${s.rois.join(', ')}` : ''}`)
        .join('\n'),
    )
  },
}

function readRules(file: string | undefined): SeriesRules {
  if (!file) return DEFAULT_SERIES_RULES
  let raw: unknown
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (e) {
    throw new InputError(`could not be read as JSON (${(e as Error).message}); check the path and the syntax`, file)
  }
  return parseSeriesRules(raw, file)
}

/** A manifest-safe patient id (letters, digits, . _ -). */
function safeId(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'patient'
}

const importCmd: Command = {
  name: 'dicom-import',
  summary: 'assign the series of a PACS export to T1/T2/CE-T1/mask by description rules; write NIfTI volumes, masks and OUT/manifest.csv',
  usage:
    'dicom-import --dir FOLDER --out OUT [--rules rules.json] [--patient-id ID] [--json]\n' +
    '  rules.json: {"t1": REGEX, "t2": REGEX, "ce_t1": REGEX, "roi": REGEX, "exclude": REGEX} (case-insensitive; on SeriesDescription and ROI/segment names)\n' +
    `  defaults: ${JSON.stringify(DEFAULT_SERIES_RULES)}\n` +
    '  one patient per PatientID; its id is --patient-id, else the folder name (one patient) or a pseudonym P001… (several)',
  flags: { dir: flag.input(), out: flag.output(), rules: flag.input(), 'patient-id': flag.string() },
  async run(args) {
    const dir = args.string('dir'), out = args.string('out')
    const rules = readRules(args.optionalString('rules'))
    const { series } = scanFolder(dir)
    // group by patient; the PatientID itself is never written out
    const byPatient = new Map<string, SeriesInfo[]>()
    for (const s of series) byPatient.set(s.patientKey, [...(byPatient.get(s.patientKey) ?? []), s])
    const keys = [...byPatient.keys()].sort()
    const given = args.optionalString('patient-id')
    if (given && keys.length > 1) throw new InputError(`holds ${keys.length} patients; --patient-id names one, leave it out to number them`, dir)
    const rows: string[][] = []
    // the manifest's columns (src/core/cohort/manifest.ts); per-sequence masks only where some patient has one
    const columns = ['patient_id', 't1', 't2', 'ce_t1', 'mask', 'mask_t1', 'mask_t2']
    const report: Record<string, unknown>[] = []
    const warnings: string[] = []
    for (let pi = 0; pi < keys.length; pi++) {
      const id = safeId(given ?? (keys.length === 1 ? path.basename(path.resolve(dir)) : `P${String(pi + 1).padStart(3, '0')}`))
      const list = byPatient.get(keys[pi])!
      const a = proposeAssignment(list, rules)
      const files: Record<string, string> = {}
      const volumes: Partial<Record<string, Volume>> = {}
      for (const role of SERIES_ROLES) {
        const uid = a[role]
        if (!uid) continue
        const s = list.find((x) => x.uid === uid)!
        const v = await readVolume(dir, { files: s.files.map((f) => path.resolve(dir, f)) })
        if (s.grid && !sameGrid(v, { ...s.grid, data: v.data }, 1e-3)) warnings.push(`${id} ${role}: the grid read by ITK differs from the slice headers' (series "${s.description}"); check the export`)
        volumes[role] = v
        const rel = path.join(id, `${role}.nii.gz`)
        await writeVolume(path.join(out, rel), v)
        files[role] = rel
      }
      const ceSeries = list.find((x) => x.uid === a.ce_t1)
      /** a segmentation series rasterised (RTSTRUCT) or placed (SEG) on an image's grid, written as OUT/<id>/<name>.nii.gz */
      const writeSegmentation = async (pick: { uid: string; rois: string[] }, target: Volume, name: string, frameOfReference: string | undefined) => {
        const seg = list.find((x) => x.uid === pick.uid)!
        const file = path.resolve(dir, seg.files[0])
        let mask: Volume
        if (seg.kind === 'rtstruct') {
          const r = maskFromRtStruct(parseRtStruct(new Uint8Array(fs.readFileSync(file))), target, { roi: roiSelector(pick.rois), file: seg.files[0], frameOfReference })
          warnings.push(...r.warnings.map((w) => `${id}: ${w}`))
          mask = r.mask
        } else mask = segMaskOnGrid(new Uint8Array(fs.readFileSync(file)), target, { file: seg.files[0], segments: pick.rois, frameOfReference })
        const rel = path.join(id, `${name}.nii.gz`)
        await writeVolume(path.join(out, rel), mask)
        files[name] = rel
        return mask
      }
      if (a.mask) {
        const seg = list.find((x) => x.uid === a.mask!.uid)!
        const drawnOn = (seg.references ?? []).map((u) => SERIES_ROLES.find((r) => a[r] === u)).find(Boolean)
        const target = volumes.ce_t1 ?? (drawnOn && volumes[drawnOn]) ?? volumes.t1 ?? volumes.t2
        if (!target) warnings.push(`${id}: segmentation "${seg.description}" has no image series to be placed on; mask left empty`)
        else if (volumes.ce_t1 && (drawnOn === 't1' || drawnOn === 't2') && volumes[drawnOn] && !a.masks?.[drawnOn]) {
          // drawn on T1 or T2, not on the CE-T1: rasterised on the slices it was drawn on (that
          // sequence's own mask), and carried onto the CE-T1 grid through patient coordinates
          const own = await writeSegmentation(a.mask, volumes[drawnOn]!, `mask_${drawnOn}`, list.find((x) => x.uid === a[drawnOn])?.frameOfReference ?? undefined)
          const rel = path.join(id, 'mask.nii.gz')
          await writeVolume(path.join(out, rel), resampleMaskNearest(own as Volume<Uint8Array>, volumes.ce_t1))
          files.mask = rel
          a.notes.push(`segmentation "${seg.description}" was drawn on the ${drawnOn} series: rasterised there (mask_${drawnOn}) and carried onto the CE-T1 grid (nearest neighbour in patient coordinates) as mask`)
        } else await writeSegmentation(a.mask, target, 'mask', ceSeries?.frameOfReference ?? undefined)
      }
      // segmentations drawn on T1 or T2: that sequence's own mask, on its own grid
      for (const role of ['t1', 't2'] as const) {
        const pick = a.masks?.[role]
        if (pick && volumes[role]) await writeSegmentation(pick, volumes[role]!, `mask_${role}`, list.find((x) => x.uid === a[role])?.frameOfReference ?? undefined)
      }
      rows.push(columns.map((c) => (c === 'patient_id' ? id : (files[c] ?? ''))))
      const describe = (uid?: string) => {
        const s = list.find((x) => x.uid === uid)
        return s ? { uid: s.uid, number: s.number, description: s.description } : null
      }
      report.push({ patient_id: id, t1: describe(a.t1), t2: describe(a.t2), ce_t1: describe(a.ce_t1), mask: a.mask ? { ...describe(a.mask.uid), rois: a.mask.rois } : null, ...Object.fromEntries(Object.entries(a.masks ?? {}).map(([r, m]) => [`mask_${r}`, { ...describe(m!.uid), rois: m!.rois }])), notes: a.notes })
    }
    fs.mkdirSync(out, { recursive: true })
    const manifest = path.join(out, 'manifest.csv')
    // the columns no patient uses are left out (patient_id,t1,t2,ce_t1,mask as before)
    const used = columns.map((_c, j) => j < 5 || rows.some((r) => r[j]))
    const header = columns.filter((_c, j) => used[j])
    fs.writeFileSync(manifest, toCsv(header, rows.map((r) => r.filter((_c, j) => used[j]).map((x) => x.split(path.sep).join('/')))))
    for (const w of warnings) process.stderr.write(`warning: ${w}\n`)
    emit(args, { out, manifest, rules, patients: report, warnings }, () =>
      report.map((p) => `${p.patient_id}: ${SERIES_ROLES.map((r) => `${r}=${(p[r] as { description?: string } | null)?.description ?? '—'}`).join(', ')}, mask=${(p.mask as { rois?: string[] } | null)?.rois?.join('+') ?? '—'}`).join('\n') + `\nwrote ${manifest}`,
    )
  },
}

export const commands: Command[] = [scan, importCmd]
