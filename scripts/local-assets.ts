// Vite plugin: serve, and copy into the build, the WebAssembly code that libraries would
// otherwise fetch from a CDN at run time — itk-wasm's image readers (.js + .wasm.zst) and
// tfjs's WASM backend binaries — so that the app only ever talks to its own origin.
// Layout under the app root (dist/ after a build, / in `vite` dev):
//   itk/image-io/<pipeline>.{js,wasm.zst}   @itk-wasm/image-io readers we use
//   itk/dicom/<pipeline>.{js,wasm.zst}      @itk-wasm/dicom series, tags and SEG readers
//   tfjs/tfjs-backend-wasm*.wasm            @tensorflow/tfjs-backend-wasm binaries
// src/ui/lib/assets.ts computes the matching URLs at run time. Nothing is committed:
// the files come from node_modules at build time.

import fs from 'node:fs'
import path from 'node:path'
import type { Plugin } from 'vite'

/** itk-wasm pipelines the app loads (file stems under each package's dist/pipelines). */
export const ITK_PIPELINES: Record<string, string[]> = {
  'image-io': ['nifti-read-image', 'nrrd-read-image', 'meta-read-image', 'gdcm-read-image'],
  dicom: ['read-image-dicom-file-series', 'read-dicom-tags', 'read-segmentation'],
}

const TFJS_WASM = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']

/** Map of URL path (relative to the app root) → absolute source file. */
export function localAssetFiles(root: string): Map<string, string> {
  const files = new Map<string, string>()
  for (const [pkg, stems] of Object.entries(ITK_PIPELINES)) {
    const dir = path.join(root, 'node_modules', '@itk-wasm', pkg, 'dist', 'pipelines')
    for (const stem of stems) for (const ext of ['.js', '.wasm.zst']) files.set(`itk/${pkg}/${stem}${ext}`, path.join(dir, stem + ext))
  }
  const tfDir = path.join(root, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist')
  for (const f of TFJS_WASM) files.set(`tfjs/${f}`, path.join(tfDir, f))
  return files
}

const MIME: Record<string, string> = { '.js': 'text/javascript', '.zst': 'application/octet-stream', '.wasm': 'application/wasm' }

export function localAssets(): Plugin {
  let root = process.cwd()
  let outDir = 'dist'
  return {
    name: 'local-wasm-assets',
    configResolved(config) {
      root = config.root
      outDir = path.resolve(config.root, config.build.outDir)
    },
    configureServer(server) {
      const files = localAssetFiles(root)
      server.middlewares.use((req, res, next) => {
        const url = (req.url ?? '').split('?')[0].replace(/^\/+/, '')
        const src = files.get(url)
        if (!src) return next()
        res.setHeader('Content-Type', MIME[path.extname(src)] ?? 'application/octet-stream')
        fs.createReadStream(src).pipe(res)
      })
    },
    writeBundle() {
      for (const [rel, src] of localAssetFiles(root)) {
        if (!fs.existsSync(src)) throw new Error(`local-wasm-assets: ${src} is missing; run npm install`)
        const dst = path.join(outDir, rel)
        fs.mkdirSync(path.dirname(dst), { recursive: true })
        fs.copyFileSync(src, dst)
      }
    },
  }
}
