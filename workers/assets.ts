// URLs of the app's own WebAssembly assets (copied from node_modules by
// scripts/local-assets.ts), so that libraries never fetch code from a CDN:
//   itkPipelinesUrl('image-io' | 'dicom')  → base URL for itk-wasm's setPipelinesBaseUrl
//   tfjsWasmUrl()                           → prefix for tfjs's setWasmPaths (ends with '/')
// Works on the main thread and in workers, in `vite` dev and in the built dist/.

/** The app root (folder of index.html) as an absolute URL ending with '/'. */
export function appRoot(): string {
  // dev: modules are served from their source path, the app from the server root;
  // build: every chunk (workers included) is emitted in <root>/assets/.
  const up = import.meta.env.DEV ? '/' : '../'
  return new URL(up, import.meta.env.DEV ? self.location.href : import.meta.url).href
}

/** Base URL of the itk-wasm pipelines of one package. */
export function itkPipelinesUrl(pkg: 'image-io' | 'dicom'): string {
  return new URL(`itk/${pkg}`, appRoot()).href
}

/** Prefix for tfjs-backend-wasm's setWasmPaths (the .wasm files live directly under it). */
export function tfjsWasmUrl(): string {
  return new URL('tfjs/', appRoot()).href
}
