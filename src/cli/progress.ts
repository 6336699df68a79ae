// Progress of long CLI jobs on stderr: nothing for the first second (so quick runs and
// early errors print only their result or their one-line error), then one line at most
// every 2 s, "[12 s] 40% message". `--quiet` turns it off. Returns a JobContext progress.
import type { Args } from './args.ts'

export function progressLine(args: Args, label: string, opts: { delayMs?: number; everyMs?: number } = {}): (fraction: number, message?: string) => void {
  const quiet = args.flag('quiet')
  const started = Date.now()
  const delay = opts.delayMs ?? 1000
  const every = opts.everyMs ?? 2000
  let last = 0
  return (f, message) => {
    if (quiet) return
    const now = Date.now()
    if (now - started < delay) return
    if (now - last < every && f < 1) return
    last = now
    const pct = Number.isFinite(f) ? `${Math.round(Math.min(1, Math.max(0, f)) * 100)}%` : ''
    process.stderr.write(`[${label} ${((now - started) / 1000).toFixed(0)} s] ${pct} ${message ?? ''}`.trimEnd() + '\n')
  }
}
