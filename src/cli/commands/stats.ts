// CLI commands of the stats engine: cox, km, cindex-cv, stepwise, test.
// Thin wrappers: read the table, call src/core/stats, print the plain records.
import fs from 'node:fs'
import path from 'node:path'
import type { Command } from '../command.ts'
import { readInputTable } from '../input_files.ts'
import { flag } from '../args.ts'
import { emit } from '../command.ts'
import type { Args } from '../args.ts'
import { InputError } from '../../core/errors.ts'
import { parseTable, columnIndex, isMissing, parseNumber, type Table } from '../../core/table/table.ts'
import { buildModelFrame } from '../../core/stats/model_frame.ts'
import { uniqueIds } from '../../core/table/survival_columns.ts'
import { coxph, type Ties } from '../../core/stats/cox.ts'
import type { ConfType } from '../../core/stats/kaplan_meier.ts'
import { kmReport } from '../../core/stats/km_report.ts'
import { cindexAssessment } from '../../core/stats/cindex_cv.ts'
import { stepwiseCox, type StepDirection } from '../../core/stats/stepwise_aic.ts'
import { runTest, TEST_NAMES, type TestName } from '../../core/stats/run_test.ts'

/** Read --data; the patient id column (--id, or a column named patient_id / id) must hold unique ids. */
function readTable(args: Args): Table {
  const file = args.string('data')
  const t = readInputTable(file)
  const id = args.optionalString('id') ?? t.columns.find((c) => /^(patient_?id|id)$/i.test(c))
  if (id) uniqueIds(t, id)
  return t
}

/** Flags of every command that reads a survival table. */
const TABLE_FLAGS = { data: flag.input(), id: flag.string(), time: flag.string(), event: flag.string() }

const ties = (args: Args): Ties => args.choice('ties', ['efron', 'breslow'], 'efron')

function refLevels(args: Args): Record<string, string> {
  const out: Record<string, string> = {}
  for (const item of args.list('ref', [])) {
    const eq = item.indexOf('=')
    if (eq <= 0) throw new InputError(`--ref expects COL=LEVEL pairs separated by commas, got "${item}"`)
    out[item.slice(0, eq)] = item.slice(eq + 1)
  }
  return out
}

/** The model frame of cox and stepwise: --time, --event, --covariates, --ref, --strata. */
function coxFrame(args: Args, t: Table) {
  return buildModelFrame(t, { time: args.string('time'), event: args.string('event'), covariates: args.list('covariates'), ref: refLevels(args), strata: args.list('strata', []) })
}

const fmt = (x: number | null, d = 4) => (x === null || !Number.isFinite(x) ? 'NA' : Math.abs(x) < 1e-4 && x !== 0 ? x.toExponential(2) : x.toFixed(d))

const cox: Command = {
  name: 'cox',
  summary: 'Cox proportional hazards model (R coxph parity): HR with 95% CI, tests, concordance, AIC',
  usage: 'cox --data FILE.csv [--id COL (default: a patient_id or id column; must be unique)] --time COL --event COL --covariates a,b,c [--strata COL,... (stratified model, as strata())] [--ref COL=LEVEL,...] [--ties efron|breslow] [--json]',
  flags: { ...TABLE_FLAGS, covariates: flag.list(), ref: flag.list(), ties: flag.choice(['efron', 'breslow']) , strata: flag.list() },
  async run(args) {
    const t = readTable(args)
    const frame = coxFrame(args, t)
    if (frame.n === 0) throw new InputError('no complete rows left after removing missing values', t.name)
    const m = coxph(frame, { ties: ties(args) })
    const result = {
      n: m.n, events: m.events, deleted: m.deleted, ties: m.ties, ...(m.strata ? { strata: m.strata } : {}), loglik: m.loglik, terms: m.terms,
      lrt: m.lrt, wald: m.wald, score: m.score, concordance: m.concordance, aic: m.aic,
      iter: m.iter, converged: m.converged, warnings: m.warnings,
    }
    emit(args, result, () =>
      [
        `n = ${m.n}, events = ${m.events}${m.deleted ? ` (${m.deleted} rows deleted for missing values)` : ''}, ties = ${m.ties}${m.strata ? `, ${m.strata.length} strata` : ''}`,
        `${'term'.padEnd(24)} ${'coef'.padStart(10)} ${'se'.padStart(9)} ${'HR'.padStart(9)} ${'95% CI'.padStart(19)} ${'p'.padStart(9)}`,
        ...m.terms.map((x) => `${x.term.padEnd(24)} ${fmt(x.coef).padStart(10)} ${fmt(x.se).padStart(9)} ${fmt(x.hr, 3).padStart(9)} ${`${fmt(x.lower, 3)}–${fmt(x.upper, 3)}`.padStart(19)} ${fmt(x.p).padStart(9)}`),
        `log-likelihood ${fmt(m.loglik[0])} → ${fmt(m.loglik[1])}; AIC ${fmt(m.aic, 2)}; concordance ${fmt(m.concordance)}`,
        `LRT ${fmt(m.lrt.stat, 2)} on ${m.lrt.df} df, p = ${fmt(m.lrt.p)}; Wald ${fmt(m.wald.stat, 2)}, p = ${fmt(m.wald.p)}; score ${fmt(m.score.stat, 2)}, p = ${fmt(m.score.p)}`,
        ...m.warnings.map((w) => `warning: ${w}`),
      ].join('\n'),
    )
  },
}

const km: Command = {
  name: 'km',
  summary: 'Kaplan–Meier curves (R survfit parity) with median, survival at times and the log-rank test',
  usage: 'km --data FILE.csv [--id COL (default: a patient_id or id column; must be unique)] --time COL --event COL [--group COL] [--strata COL (stratified log-rank)] [--at t1,t2,...] [--conf-type log|log-log|plain] [--curves] [--json]',
  flags: { ...TABLE_FLAGS, group: flag.string(), strata: flag.string(), at: flag.numbers(0, Infinity), 'conf-type': flag.choice(['log', 'log-log', 'plain']), curves: flag.bool() },
  async run(args) {
    const t = readTable(args)
    const confType = args.choice<ConfType>('conf-type', ['log', 'log-log', 'plain'], 'log')
    const rep = kmReport(t, { time: args.string('time'), event: args.string('event'), group: args.optionalString('group'), strata: args.optionalString('strata'), at: args.numberList('at', []), confType })
    const withCurves = args.flag('curves')
    const result = {
      groups: rep.groups.map(({ curve, ...g }) => (withCurves ? { ...g, curve: { time: curve.time, surv: curve.surv, lower: curve.lower, upper: curve.upper, nRisk: curve.nRisk, nEvent: curve.nEvent, nCensor: curve.nCensor } } : g)),
      logrank: rep.logrank,
      deleted: rep.deleted,
      ...(rep.warnings ? { warnings: rep.warnings } : {}),
    }
    emit(args, result, () =>
      [
        ...(rep.warnings ?? []).map((w) => `warning: ${w}`),
        ...rep.groups.map((g) => `${g.group}: n = ${g.n}, events = ${g.events}, median = ${fmt(g.median, 1)} (95% CI ${fmt(g.medianLower, 1)}–${fmt(g.medianUpper, 1)})` + g.at.map((a) => `\n  S(${a.time}) = ${fmt(a.surv)} [${fmt(a.lower)}, ${fmt(a.upper)}], at risk ${a.nRisk}`).join('')),
        rep.logrank ? `log-rank χ² = ${fmt(rep.logrank.chisq)} on ${rep.logrank.df} df, p = ${fmt(rep.logrank.p)}` : '',
      ].join('\n'),
    )
  },
}

const cindexCv: Command = {
  name: 'cindex-cv',
  summary: "Harrell's C in repeated seeded k-fold CV with 95% CI, and bootstrap comparison of models' C",
  usage: 'cindex-cv --data FILE.csv [--id COL (default: a patient_id or id column; must be unique)] --time COL --event COL --models "a,b;a,b,c" [--strata COL,... (stratified Cox; C within strata)] [--folds 5] [--repeats 1] [--bootstrap 1000] [--seed 1] [--ties efron|breslow] [--json]',
  flags: { ...TABLE_FLAGS, models: flag.string(), folds: flag.int(2, 1000), repeats: flag.int(1, 1000), bootstrap: flag.int(0, 100000), seed: flag.int(0, 4294967295), ties: flag.choice(['efron', 'breslow']) , strata: flag.list() },
  async run(args) {
    const t = readTable(args)
    const models = args.string('models').split(';').map((m) => m.split(',').map((s) => s.trim()).filter(Boolean))
    if (models.some((m) => m.length === 0)) throw new InputError('--models: each model (separated by ";") needs at least one covariate')
    const all = [...new Set(models.flat())]
    const frame = buildModelFrame(t, { time: args.string('time'), event: args.string('event'), covariates: all, strata: args.list('strata', []) })
    const folds = args.number('folds', 5)
    const repeats = args.number('repeats', 1)
    const bootstrap = args.number('bootstrap', 1000)
    const seed = args.number('seed', 1)
    if (!Number.isInteger(folds) || folds < 2 || folds > frame.n) throw new InputError(`--folds must be an integer from 2 to ${frame.n}`)
    if (!Number.isInteger(repeats) || repeats < 1) throw new InputError('--repeats must be a positive integer')
    if (!Number.isInteger(bootstrap) || bootstrap < 0) throw new InputError('--bootstrap must be a non-negative integer')
    const rep = cindexAssessment(frame, models, { folds, repeats, bootstrap, seed, ties: ties(args) })
    emit(args, { ...rep, deleted: frame.deleted }, () =>
      [
        `n = ${rep.n}, events = ${rep.events}; ${folds}-fold CV × ${repeats}, seed ${seed}`,
        ...rep.cv.map((c) => `  ${c.model}: C = ${fmt(c.mean)} (95% CI ${fmt(c.lower)}–${fmt(c.upper)})`),
        ...(rep.bootstrap ? [`bootstrap (${rep.bootstrap.replicates} replicates):`, ...rep.bootstrap.pairs.map((p) => `  ${p.b} vs ${p.a}: ΔC = ${fmt(p.diff)} (95% CI ${fmt(p.lower)}–${fmt(p.upper)}), p = ${fmt(p.p)}`)] : []),
        ...(rep.warnings ?? []).map((w) => `warning: ${w}`),
      ].join('\n'),
    )
  },
}

const stepwise: Command = {
  name: 'stepwise',
  summary: 'stepwise Cox model selection by AIC (R step(direction = "backward" | "forward" | "both"), scope = list(lower = --force, upper = --covariates))',
  usage: 'stepwise --data FILE.csv [--id COL (default: a patient_id or id column; must be unique)] --time COL --event COL --covariates a,b,c (the upper scope) ' +
    '[--direction backward|forward|both (default backward)] [--start a,b (start model; default: all covariates, or the forced ones with forward)] [--force a,b (lower scope)] ' +
    '[--strata COL,...] [--ref COL=LEVEL,...] [--ties efron|breslow] [--json]',
  flags: { ...TABLE_FLAGS, covariates: flag.list(), force: flag.list(), ref: flag.list(), ties: flag.choice(['efron', 'breslow']) , strata: flag.list(), direction: flag.choice(['backward', 'forward', 'both']), start: flag.list() },
  async run(args) {
    const t = readTable(args)
    const frame = coxFrame(args, t)
    const direction = args.choice<StepDirection>('direction', ['backward', 'forward', 'both'], 'backward')
    const start = args.has('start') ? args.list('start') : undefined
    const res = stepwiseCox(frame, { ties: ties(args), forced: args.list('force', []), direction, start, upper: frame.terms.map((x) => x.name) })
    const result = {
      n: frame.n, deleted: frame.deleted, ...(args.has('direction') ? { direction } : {}), selected: res.selected, aic: res.model.aic, steps: res.steps, terms: res.model.terms,
      ...(res.warnings.length || res.model.warnings.length ? { warnings: [...res.warnings, ...res.model.warnings] } : {}),
    }
    emit(args, result, () =>
      [
        ...res.steps.map((s) => `${s.dropped ? `- ${s.dropped}` : s.added ? `+ ${s.added}` : 'start'}: AIC ${fmt(s.aic, 3)}`),
        `selected: ${res.selected.join(', ')}`,
        ...(result.warnings ?? []).map((w) => `warning: ${w}`),
      ].join('\n'),
    )
  },
}

const test: Command = {
  name: 'test',
  summary: 'statistical test between columns: chisq, fisher, wilcoxon, ttest, welch, shapiro, kruskal (R parity)',
  usage: 'test --data FILE.csv [--id COL] --test chisq|fisher|wilcoxon|ttest|welch|shapiro|kruskal --x COL [--y COL] [--json]\n' +
    '  chisq/fisher: --x and --y are two categorical columns; wilcoxon/ttest/welch/kruskal: --x numeric values, --y the group column;\n' +
    '  shapiro: --x only (with --y, one test per group)',
  flags: { data: flag.input(), id: flag.string(), test: flag.choice(TEST_NAMES), x: flag.string(), y: flag.string() },
  async run(args) {
    const t = readTable(args)
    const name = args.string('test') as TestName
    if (!TEST_NAMES.includes(name)) throw new InputError(`--test must be one of ${TEST_NAMES.join(', ')}, got "${name}"`)
    const xCol = args.string('x')
    const yCol = args.optionalString('y')
    const xi = columnIndex(t, xCol)
    const yi = yCol ? columnIndex(t, yCol) : -1
    const x = t.rows.map((r) => r[xi])
    const y = yi >= 0 ? t.rows.map((r) => r[yi]) : undefined
    if (name !== 'shapiro' && !y) throw new InputError(`--test ${name} needs --y (the second column)`)
    if (yCol === xCol) throw new InputError(`--x and --y are the same column (${xCol}); a test needs two different columns`)
    for (let r = 0; r < x.length; r++)
      if (['wilcoxon', 'ttest', 'welch', 'kruskal', 'shapiro'].includes(name) && !isMissing(x[r]) && parseNumber(x[r]) === undefined)
        throw new InputError(`"${x[r]}" is not a number; --x must be a numeric column for ${name}`, t.name, `row ${r + 2}, column ${xCol}`)
    const result = runTest(name, x, y)
    emit(args, result, () => `${result.method}: statistic = ${fmt(result.statistic)}${result.df !== null ? `, df = ${fmt(result.df, 2)}` : ''}, p = ${fmt(result.p)}, n = ${result.n}${result.warnings.map((w) => `\nwarning: ${w}`).join('')}`)
  },
}

export const commands: Command[] = [cox, km, cindexCv, stepwise, test]
