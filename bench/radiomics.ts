// Benchmarks of the radiomics engine (see bench/run.ts).
export const benchmarks: Record<string, () => Promise<object>> = {}
