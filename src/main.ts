import { mount } from 'svelte'
import App from './ui/App.svelte'
import './ui/app.css'
import { registerServiceWorker } from './ui/lib/offline.svelte.ts'

mount(App, { target: document.getElementById('app')! })
// production builds only: caches the app for offline use (scripts/service-worker.ts)
registerServiceWorker()
