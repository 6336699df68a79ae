// JSON as the project writes it (analysis.json, --json output, metrics files): typed arrays
// as plain arrays, NaN/±Infinity as null (JSON has no such numbers), Maps as objects.

/** JSON.stringify replacer: typed arrays as arrays, NaN/Infinity as null, Maps as objects. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>)
  if (typeof value === 'number' && !Number.isFinite(value)) return null
  if (value instanceof Map) return Object.fromEntries(value)
  return value
}
