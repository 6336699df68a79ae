// The build's service worker (scripts/service-worker.ts): it precaches every file of the
// build (index.html, hashed chunks, workers, WebAssembly) but itself and source maps, and its
// cache name follows the build's contents so a new build replaces the old cache.
import { describe, it, expect } from 'vitest'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { serviceWorker } from '../../../scripts/service-worker.ts'

function build(root: string): string {
  const plugin = serviceWorker() as unknown as { configResolved(c: object): void; closeBundle(): void }
  plugin.configResolved({ root, build: { outDir: 'dist' } })
  plugin.closeBundle()
  return fs.readFileSync(path.join(root, 'dist', 'sw.js'), 'utf8')
}

describe('service worker generated at build', () => {
  it('lists every asset, the app root and the wasm; not itself nor maps; cache name tracks contents', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reliability-sw-'))
    const dist = path.join(root, 'dist')
    for (const [f, text] of [['index.html', '<html></html>'], ['assets/index-abc.js', 'x'], ['assets/index-abc.js.map', '{}'], ['itk/image-io/nifti-read-image.wasm.zst', 'w'], ['tfjs/tfjs-backend-wasm.wasm', 'w']]) {
      fs.mkdirSync(path.dirname(path.join(dist, f)), { recursive: true })
      fs.writeFileSync(path.join(dist, f), text)
    }
    const sw = build(root)
    const assets = JSON.parse(/const ASSETS = (\[.*\])/.exec(sw)![1])
    expect(assets).toEqual(['./', './assets/index-abc.js', './index.html', './itk/image-io/nifti-read-image.wasm.zst', './tfjs/tfjs-backend-wasm.wasm'])
    const cache = /const CACHE = '(solab-[0-9a-f]+)'/.exec(sw)![1]
    expect(build(root)).toContain(cache) // same build, same cache (sw.js itself is not hashed)
    fs.writeFileSync(path.join(dist, 'assets/index-abc.js'), 'y')
    expect(build(root)).not.toContain(cache)
    expect(sw).toContain('ignoreVary: true')
    expect(sw).toMatch(/url\.origin !== self\.location\.origin\) return/)
    fs.rmSync(root, { recursive: true, force: true })
  })
})
