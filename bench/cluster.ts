// Benchmarks of the cluster engine (see bench/run.ts).
export const benchmarks: Record<string, () => Promise<object>> = {}
