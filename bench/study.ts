// Benchmarks of the study engine (see bench/run.ts).
export const benchmarks: Record<string, () => Promise<object>> = {}
