// The project file format and snapshot rules of src/ui/lib/persist.ts (IndexedDB itself is
// exercised in the browser by tests/e2e/reliability.spec.ts): typed arrays, Blobs and
// non-finite numbers survive export → import exactly; a file that is not a project is named
// in the message; images above the size limit are left out and listed for re-linking;
// results that cannot be stored are left out, not fatal.
import { describe, it, expect } from 'vitest'
import { exportProject, importProject, projectSnapshot } from '../../../src/ui/lib/persist.ts'
import { demoCohortRecord } from '../../../workers/jobs/foundation.ts'

describe('project export / import', () => {
  it('round-trips a demo cohort with counts, results with typed arrays, NaN and Infinity, and an image Blob', async () => {
    const cohort = demoCohortRecord(4, 12)
    cohort.patients[0].images.t1 = { kind: 'file', name: 'P1/t1.nii.gz', file: new File([new Uint8Array([1, 2, 3, 250])], 't1.nii.gz') }
    const results = {
      'foundation.scan': { 'STS-D001': { id: 'STS-D001', tumourVolumeMl: 12.5, images: {} } },
      features: { ids: ['a', 'b'], data: new Float64Array([1.5, NaN, Infinity, -Infinity]), labels: new Int32Array([1, -2]) },
    }
    const snap = projectSnapshot({ cohort, results, page: 'cluster', patientId: 'STS-D002' })
    const bytes = await exportProject(snap)
    expect(bytes[0]).toBe(0x1f) // gzip
    const back = importProject(bytes, 'p.solab.gz')
    expect(back.page).toBe('cluster')
    expect(back.patientId).toBe('STS-D002')
    const c = back.cohort as typeof cohort
    expect(c.name).toBe(cohort.name)
    expect(c.patients.map((p) => p.id)).toEqual(cohort.patients.map((p) => p.id))
    expect(c.counts!.data).toBeInstanceOf(Float64Array)
    expect(Array.from(c.counts!.data)).toEqual(Array.from(cohort.counts!.data))
    expect(c.clinical).toEqual(cohort.clinical)
    expect(c.mapping).toEqual(cohort.mapping)
    const f = c.patients[0].images.t1 as { kind: 'file'; name: string; file: File }
    expect(f.file).toBeInstanceOf(Blob)
    expect(Array.from(new Uint8Array(await f.file.arrayBuffer()))).toEqual([1, 2, 3, 250])
    const r = (back.results as Record<string, unknown>).features as { data: Float64Array; labels: Int32Array }
    expect(r.data).toBeInstanceOf(Float64Array)
    expect(Array.from(r.data)).toEqual([1.5, NaN, Infinity, -Infinity])
    expect(Array.from(r.labels)).toEqual([1, -2])
    expect(back.results['foundation.scan']).toEqual(results['foundation.scan'])
  })

  it('a file that is not a project gives a message naming it and saying what to do', () => {
    expect(() => importProject(new TextEncoder().encode('patient_id,t1\nP1,a\n'), 'clinical.csv')).toThrow(/^clinical\.csv: not a project file .*choose another file/)
    expect(() => importProject(new TextEncoder().encode('{"format":"other"}'), 'x.json')).toThrow(/^x\.json: field "format" is "other"/)
  })
})

describe('project snapshot', () => {
  it('leaves out images above the size limit and lists them for re-linking', () => {
    const cohort = demoCohortRecord(1, 3)
    cohort.patients[1].images.t2 = { kind: 'file', name: 'P2/t2.nii.gz', file: new Blob([new Uint8Array(2000)]) }
    cohort.patients[2].images.ce_t1 = { kind: 'dicom', name: 'P3/ce', files: [new Blob([new Uint8Array(10)])] }
    const kept = projectSnapshot({ cohort, results: {}, page: 'cohort' })
    expect(kept.relink).toBeUndefined()
    expect((kept.cohort as typeof cohort).patients[1].images.t2).toHaveProperty('file')
    const dropped = projectSnapshot({ cohort, results: {}, page: 'cohort' }, 1000)
    expect(dropped.relink).toEqual(['P2/t2.nii.gz', 'P3/ce'])
    const dc = dropped.cohort as typeof cohort
    expect((dc.patients[1].images.t2 as { file: unknown }).file).toBeNull()
    expect(dc.patients[0].images.t1).toEqual(cohort.patients[0].images.t1) // demo sources are kept
  })

  it('results that cannot be stored are left out; the others are kept', () => {
    const results = { 'foundation.demoLoadSeconds': 1.5, 'stats.km': { f: () => 1 } as never }
    const snap = projectSnapshot({ cohort: null, results, page: 'cohort' })
    expect(Object.keys(snap.results)).toEqual(['foundation.demoLoadSeconds'])
  })
})
