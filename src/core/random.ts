// Seeded pseudo-random numbers for every stochastic step (demo cohort, resampling,
// bootstrap, permutations, weight initialisation), so that a seed reproduces a run
// bit for bit in Node, in a worker and in any pool size.
// Generator: xoshiro128** (Blackman & Vigna 2018) seeded through splitmix32.

export interface Rng {
  /** uniform in [0, 1) */
  next(): number
  /** integer uniform in [0, n) */
  int(n: number): number
  /** standard normal (Marsaglia polar method) */
  normal(): number
  /** the 4×32-bit state, to checkpoint and resume */
  state(): [number, number, number, number]
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
}

/** A generator from an integer seed, or from a saved state. */
export function createRng(seed: number | [number, number, number, number]): Rng {
  let a: number, b: number, c: number, d: number
  if (Array.isArray(seed)) {
    ;[a, b, c, d] = seed
  } else {
    const sm = splitmix32(Math.floor(seed) ^ 0x5bd1e995)
    a = sm(); b = sm(); c = sm(); d = sm()
    if ((a | b | c | d) === 0) a = 1
  }
  let spare: number | null = null
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0
    const t = b << 9
    c ^= a; d ^= b; b ^= c; a ^= d
    c ^= t
    d = rotl(d, 11)
    return result
  }
  const rng: Rng = {
    next: () => nextU32() / 4294967296,
    int: (n) => Math.floor((nextU32() / 4294967296) * n),
    normal: () => {
      if (spare !== null) {
        const s = spare
        spare = null
        return s
      }
      let u: number, v: number, s: number
      do {
        u = 2 * rng.next() - 1
        v = 2 * rng.next() - 1
        s = u * u + v * v
      } while (s >= 1 || s === 0)
      const m = Math.sqrt((-2 * Math.log(s)) / s)
      spare = v * m
      return u * m
    },
    state: () => [a >>> 0, b >>> 0, c >>> 0, d >>> 0],
  }
  return rng
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}

/** Independent stream number `stream` derived from a base seed (for per-patient / per-repeat work). */
export function deriveSeed(seed: number, stream: number): number {
  const sm = splitmix32((seed * 2654435761 + stream * 40503 + 0x632be5ab) >>> 0)
  sm()
  return sm()
}

/** Fisher–Yates shuffle in place. */
export function shuffleInPlace<T>(arr: T[] | Int32Array | Uint32Array, rng: Rng): void {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    const t = arr[i]
    arr[i] = arr[j]
    arr[j] = t as never
  }
}
