// Offline readiness: registers the service worker written at build time (dist/sw.js, see
// scripts/service-worker.ts) in production builds only — `vite` dev serves source modules
// that must never be cached — and tracks whether the whole app is cached ("offline ready")
// and whether the network is up.

export type OfflineStatus = 'dev' | 'unsupported' | 'installing' | 'ready' | 'error'

export const offline: { status: OfflineStatus; online: boolean; detail: string } = $state({
  status: 'installing',
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  detail: '',
})

/** Register ./sw.js once the page has loaded; `offline.status` becomes 'ready' when every asset is cached. */
export function registerServiceWorker(): void {
  addEventListener('online', () => (offline.online = true))
  addEventListener('offline', () => (offline.online = false))
  if (!import.meta.env.PROD) {
    offline.status = 'dev'
    return
  }
  if (!('serviceWorker' in navigator)) {
    offline.status = 'unsupported'
    return
  }
  const start = async () => {
    try {
      await navigator.serviceWorker.register('./sw.js', { scope: './' })
      // resolves once a worker is active, i.e. its install step cached every asset
      await navigator.serviceWorker.ready
      offline.status = 'ready'
    } catch (e) {
      offline.status = 'error'
      offline.detail = (e as Error).message
    }
  }
  if (document.readyState === 'complete') void start()
  else addEventListener('load', () => void start(), { once: true })
}
