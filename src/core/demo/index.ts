// The demo cohort generator: a synthetic soft-tissue sarcoma study shaped like Crombé,
// Lucchesi et al. (NPJ Precision Oncology 2024), deterministic from a seed (src/core/random.ts).
//
//   generateDemoCohort({ seed, patients = 225, testFraction = 25/225 })
//       → clinical rows (DEMO_CLINICAL_COLUMNS), RNA-seq counts (Hallmark gene symbols, ~49 %
//         of the patients, two planted molecular groups, up/down Hallmark pathways, 2–3 batches),
//         sample sheet and the planted truth (truth.json).
//   generateDemoPatientVolumes(seed, patients, index)
//       → T1, T2, CE-T1 (Float32, anisotropic 96 × 96 × 30 grid) and the tumour mask of one
//         patient, from that patient's own random stream (lazy: never the whole cohort in memory).
//   generateDemoBiasField(seed, patients, index) → the true multiplicative bias field.
//   demoPatientVolumes(seed, patients, index, 'clinical') → the same patient on clinical-size
//         grids (CE-T1 512 × 512 × 48, T1/T2 on their own grids, 12-bit), clinical.ts.
//
// Model: one latent risk z ~ N(0,1) per patient drives grade, size, necrosis, peritumoural
// enhancement, lobulation, the SARCULATOR-like prediction and the metastasis hazard
// (log-HR 1 per SD); an imaging heterogeneity latent (correlation ≈ 0.7 with z) defines the
// imaging phenotype A/B; a molecular group G1/G2 (P(G2) = logistic(z)) has its own
// prognostic effect (log-HR 0.7 given z) and planted pathway changes in the counts.
// Details and coefficients: patient.ts (clinical + images parameters), volumes.ts (MRI),
// rnaseq.ts (counts), cohort.ts (split, RNA subset, batches, truth).

export { generateDemoCohort, demoCohortOptions, type DemoCohort, type DemoCohortOptions, type DemoTruth, type DemoSample } from './cohort.ts'
export { CLINICAL_GRIDS, DEMO_SIZES, demoPatientVolumes, generateClinicalPatientVolumes, type DemoSize } from './clinical.ts'
export { generateDemoPatientVolumes, generateDemoBiasField, generateDemoTissueLabels, DEMO_TISSUES, type DemoVolumes } from './volumes.ts'
export {
  DEMO_CLINICAL_COLUMNS,
  DEMO_DIMS,
  HISTOTYPES,
  LOCATIONS,
  MFS_MODEL,
  demoPatient,
  demoPatientId,
  type DemoClinicalRow,
  type DemoPatient,
  type Histotype,
  type ImagePhenotype,
  type RnaGroup,
} from './patient.ts'
export { PLANTED_UP, PLANTED_DOWN, demoGeneModel } from './rnaseq.ts'
export { HALLMARK_SETS, DEMO_GENES } from './hallmark.ts'
export {
  DEMO_IMAGE_KINDS,
  demoImagePath,
  demoClinicalTable,
  demoSamplesTable,
  demoManifestTable,
  demoCountsCsv,
  demoTextFiles,
  demoPatientImageFiles,
  demoStudyCohort,
  type DemoImageKind,
} from './files.ts'
