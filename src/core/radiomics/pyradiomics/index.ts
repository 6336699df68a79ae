// pyradiomics-compatible mode of the radiomics engine: parameter files, extraction, names.
export { parsePyradiomicsParams, validatePyradiomicsParams, defaultSettings, FEATURE_CLASSES, IMAGE_TYPES, type PyrParams, type PyrSettings } from './params.ts'
export { extractPyradiomics, type PyradiomicsResult } from './extract.ts'
export { extractPatientPyradiomics } from './patient.ts'
