// Benchmarks of the stats engine (see bench/run.ts).
export const benchmarks: Record<string, () => Promise<object>> = {}
