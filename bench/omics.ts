// Benchmarks of the omics engine (see bench/run.ts).
export const benchmarks: Record<string, () => Promise<object>> = {}
