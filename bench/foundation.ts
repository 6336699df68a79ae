// Benchmarks of the foundation engine (see bench/run.ts).
export const benchmarks: Record<string, () => Promise<object>> = {}
