// Benchmarks of the deep engine (see bench/run.ts).
export const benchmarks: Record<string, () => Promise<object>> = {}
