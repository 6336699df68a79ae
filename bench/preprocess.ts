// Benchmarks of the preprocess engine (see bench/run.ts).
export const benchmarks: Record<string, () => Promise<object>> = {}
