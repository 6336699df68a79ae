// Layering rules of the house (docs/architecture.md), checked by `npm run lint:deps` in `npm test`.
//   base modules  src/core/{errors,job,random,json}.ts, math/, cohort/, table/, image/
//   engines       src/core/{preprocess,radiomics,deep,cluster,stats,omics}/
//   orchestrator  src/core/study/ (the only place that knows the paper's plan); demo/ (the generator)
//   adapters      workers/ (comlink), src/cli/ (Node), src/ui/ (Svelte, main thread)
const ENGINES = '(preprocess|radiomics|deep|cluster|stats|omics)'

// What the main thread may import from src/core at run time (type-only imports are always
// allowed): base modules and light helpers that compute nothing heavy.
const UI_LIGHT = [
  '^src/core/(errors|job|random|json)\\.ts$',
  '^src/core/(math|cohort|table)/',
  '^src/core/image/(volume|nifti_write)\\.ts$',
  '^src/core/study/(import|plan|plan_schema|labels|coding)\\.ts$',
  '^src/core/study/pseudonyms\\.ts$', // HMAC pseudonyms of the ids and their replacement in an export's text (WebCrypto)
  '^src/core/study/report/bundle\\.ts$', // the zip of the report files
  '^src/core/figures/', // figure specifications (data → plotly traces), no computation
  '^src/core/image/dicom/series_rules\\.ts$', // which DICOM series a folder holds (header rules)
  '^src/core/study/report/(build|html|svg)\\.ts$', // labels and cell formatting of the report
  '^src/core/radiomics/(presets|settings)\\.ts$',
  '^src/core/radiomics/presets/',
  '^src/core/deep/(defaults|model_files|slice)\\.ts$', // architecture record, file names, the model-input mask
  '^src/core/cluster/(naming|index|ari)\\.ts$',
  '^src/core/radiomics/pyradiomics/params\\.ts$', // parameter-file parsing (YAML → settings)
  '^src/core/cluster/consensus\\.ts$', // mergeCounts of sharded consensus results (sums)
  '^src/core/preprocess/nyul\\.ts$', // averaging of per-image landmarks
  '^src/core/stats/risk_times\\.ts$',
  // known exception: paperColumns lives beside the paper extractor (src/core/radiomics/paper.ts)
  '^src/core/radiomics/paper\\.ts$',
]

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-only-core',
      comment: 'src/core is pure computation: it never reaches the UI, the CLI or the workers',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^(src/(ui|cli)|workers)/' },
    },
    {
      name: 'engines-never-import-study',
      comment: 'engines and base modules never import the orchestrator (src/core/study)',
      severity: 'error',
      from: { path: `^src/core/(${ENGINES.slice(1, -1)}|math|cohort|table|image|demo)/|^src/core/[^/]+\\.ts$` },
      to: { path: '^src/core/study/' },
    },
    {
      name: 'engines-never-import-demo',
      comment: 'the synthetic cohort generator (src/core/demo) is for tests, the CLI and the app: engines never depend on it',
      severity: 'error',
      from: { path: `^src/core/${ENGINES}/` },
      to: { path: '^src/core/demo/' },
    },
    {
      name: 'base-never-imports-engines',
      comment: 'base modules sit at the bottom: they import only base modules',
      severity: 'error',
      from: { path: '^src/core/(math|cohort|table|image)/|^src/core/[^/]+\\.ts$' },
      to: { path: `^src/core/${ENGINES}/|^src/core/(study|demo)/` },
    },
    {
      name: 'engines-import-engines-through-index',
      comment: 'an engine reaches another engine only through its public index.ts',
      severity: 'error',
      from: { path: `^src/core/${ENGINES}/` },
      to: { path: `^src/core/${ENGINES}/(?!index\\.ts$)`, pathNot: '^src/core/$1/' },
    },
    {
      name: 'workers-never-import-ui-or-cli',
      comment: 'workers are thin comlink adapters over src/core',
      severity: 'error',
      from: { path: '^workers/' },
      to: { path: '^src/(ui|cli)/' },
    },
    {
      name: 'cli-never-imports-ui',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/ui/' },
    },
    {
      name: 'ui-imports-no-heavy-engine-code',
      comment: 'the main thread imports types and light helpers only; computations run in workers (UI_LIGHT lists the helpers)',
      severity: 'error',
      from: { path: '^src/ui/' },
      to: { path: '^src/core/', pathNot: UI_LIGHT, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      severity: 'warn',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|build)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.mjs', '.svelte', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
}
