// The shard job id (src/cli/shard.ts) is the project's one SHA-256 (src/core/math/hash.ts) over
// the parts, each followed by a NUL byte: equal to Node's own SHA-256 fed the same parts, so job
// ids written by earlier versions (node:crypto) still match.
import { describe, expect, it } from 'vitest'
import crypto from 'node:crypto'
import { sha256 } from '../../../src/cli/shard.ts'

describe('shard job hash', () => {
  it('equals node:crypto over the NUL-separated parts (text, UTF-8, bytes, empty)', () => {
    const cases: (string | Uint8Array)[][] = [[], [''], ['abc'], ['abc', 'é\u0001x', new Uint8Array([0, 1, 255, 7]), ''], [new Uint8Array(100_000).map((_, i) => i * 7)]]
    for (const parts of cases) {
      const h = crypto.createHash('sha256')
      for (const p of parts) h.update(p).update('\u0000')
      expect(sha256(...parts)).toBe(h.digest('hex'))
    }
  })
})
