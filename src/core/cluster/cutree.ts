// Cutting a hierarchical tree into k groups as R `cutree(tree, k)` (hclust-utils.c):
// the partition after the first n − k merges, groups numbered 1..k by order of first
// appearance of the items (item 1 is always in group 1). Uses the merge matrix, not
// the heights, so tied heights cut exactly as in R.

import { InputError } from '../errors.ts'

/** The part of an hclust result that cutting needs. */
export interface MergeTree {
  n: number
  /** R merge convention, row s at [2s, 2s + 1] */
  merge: Int32Array
}

/** Group labels (1..k) of the n items for each k in `ks`, in one pass over the merges. */
export function cutreeMany(tree: MergeTree, ks: readonly number[]): Map<number, Int32Array> {
  const { n, merge } = tree
  for (const k of ks) if (!Number.isInteger(k) || k < 1 || k > n) throw new InputError(`cannot cut ${n} items into ${k} groups; k must be an integer in 1..${n}`, undefined, '--k')
  const parent = new Int32Array(n)
  for (let i = 0; i < n; i++) parent[i] = i
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]]
      x = parent[x]
    }
    return x
  }
  const rep = new Int32Array(Math.max(0, n - 1)) // an item of the cluster made at step s
  const out = new Map<number, Int32Array>()
  const wanted = new Set(ks)
  const label = (): Int32Array => {
    const lab = new Int32Array(n)
    const byRoot = new Int32Array(n)
    let next = 0
    for (let l = 0; l < n; l++) {
      const r = find(l)
      if (byRoot[r] === 0) byRoot[r] = ++next
      lab[l] = byRoot[r]
    }
    return lab
  }
  if (wanted.has(n)) out.set(n, label())
  for (let s = 0; s < n - 1; s++) {
    const a = merge[2 * s], b = merge[2 * s + 1]
    const x = a < 0 ? -a - 1 : rep[a - 1]
    const y = b < 0 ? -b - 1 : rep[b - 1]
    const rx = find(x), ry = find(y)
    parent[ry] = rx
    rep[s] = rx
    const k = n - s - 1
    if (wanted.has(k)) out.set(k, label())
  }
  return out
}

/** Group labels 1..k of the n items (R `cutree(tree, k)`). */
export function cutree(tree: MergeTree, k: number): Int32Array {
  return cutreeMany(tree, [k]).get(k)!
}
