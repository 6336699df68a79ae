// The one SHA-256 module (src/core/math/hash.ts): FIPS 180-4 test vectors, and the native-digest
// entry point (sha256HexAsync, used for large volumes) equal to the synchronous one.
import { describe, expect, it } from 'vitest'
import { crc32, sha256Hex, sha256HexAsync, stableJson } from '../../../src/core/math/hash.ts'

describe('sha256', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1')
  })

  it('the async (native) digest equals the synchronous one, on a typed array view with an offset', async () => {
    const f = Float32Array.from({ length: 10_000 }, (_, i) => Math.sin(i))
    const view = new Float32Array(f.buffer, 400, 5000)
    expect(await sha256HexAsync(view)).toBe(sha256Hex(new Uint8Array(view.buffer, view.byteOffset, view.byteLength)))
    expect(await sha256HexAsync(new Uint8Array(0))).toBe(sha256Hex(''))
  })

  it('stableJson sorts keys and drops undefined members', () => {
    expect(stableJson({ b: 1, a: [1, { d: undefined, c: new Float64Array([0.5]) }] })).toBe('{"a":[1,{"c":[0.5]}],"b":1}')
  })
})

describe('crc32 (the gzip and PNG checksum)', () => {
  it('gives the standard check values', () => {
    // "123456789" → 0xCBF43926 (the CRC-32/ISO-HDLC check value); empty input → 0
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926)
    expect(crc32(new Uint8Array(0))).toBe(0)
    // PNG's IEND chunk: CRC over the type "IEND" is AE 42 60 82
    expect(crc32(new TextEncoder().encode('IEND'))).toBe(0xae426082)
  })
})
