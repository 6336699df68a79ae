// Group names as in Crombé, Lucchesi et al. 2024: A = the most numerous group, then B,
// C… by decreasing size (equal sizes: the group whose first item comes first).

export interface GroupNaming {
  /** name of each item's group */
  names: string[]
  /** label → name */
  byLabel: Map<number, string>
  /** names with their sizes, A first */
  groups: { name: string; label: number; size: number }[]
}

/** Letters for the groups of a labeling (any integer labels). */
export function nameGroups(labels: ArrayLike<number>): GroupNaming {
  const size = new Map<number, number>()
  const first = new Map<number, number>()
  for (let i = 0; i < labels.length; i++) {
    size.set(labels[i], (size.get(labels[i]) ?? 0) + 1)
    if (!first.has(labels[i])) first.set(labels[i], i)
  }
  const ordered = [...size.keys()].sort((a, b) => size.get(b)! - size.get(a)! || first.get(a)! - first.get(b)!)
  const byLabel = new Map<number, string>()
  ordered.forEach((l, i) => byLabel.set(l, groupLetter(i)))
  return {
    names: Array.from(labels, (l) => byLabel.get(l)!),
    byLabel,
    groups: ordered.map((l) => ({ name: byLabel.get(l)!, label: l, size: size.get(l)! })),
  }
}

/** 0 → A, 25 → Z, 26 → AA … */
export function groupLetter(i: number): string {
  let s = ''
  let x = i
  do {
    s = String.fromCharCode(65 + (x % 26)) + s
    x = Math.floor(x / 26) - 1
  } while (x >= 0)
  return s
}
