// Worker jobs of the stats engine: thin adapters over src/core/stats.
import type { JobTable } from './types.ts'
import type { Table } from '../../src/core/table/table.ts'
import { kmReport, type KmSpec } from '../../src/core/stats/km_report.ts'
import { buildModelFrame, type FrameSpec } from '../../src/core/stats/model_frame.ts'
import { coxph, type Ties } from '../../src/core/stats/cox.ts'
import { stepwiseBackward } from '../../src/core/stats/stepwise_aic.ts'
import { cindexAssessment, type CindexOptions } from '../../src/core/stats/cindex_cv.ts'
import { table1 } from '../../src/core/stats/table1.ts'

export const jobs = {
  'stats.km': (a: { table: Table } & KmSpec) => kmReport(a.table, a),
  'stats.cox': (a: { table: Table; spec: FrameSpec; ties?: Ties }) => coxph(buildModelFrame(a.table, a.spec), { ties: a.ties }),
  'stats.stepwise': (a: { table: Table; spec: FrameSpec; ties?: Ties; forced?: string[] }, ctx) =>
    stepwiseBackward(buildModelFrame(a.table, a.spec), { ties: a.ties, forced: a.forced }, ctx),
  'stats.cindex': (a: { table: Table; spec: FrameSpec; models: string[][]; options: CindexOptions }, ctx) =>
    cindexAssessment(buildModelFrame(a.table, a.spec), a.models, a.options, ctx),
  'stats.table1': (a: { table: Table; variables: string[]; group?: string }) => table1(a.table, a.variables, a.group),
} satisfies JobTable
