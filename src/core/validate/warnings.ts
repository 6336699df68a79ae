// Input warnings: a file that was read correctly but not as written (Latin-1 decoded,
// thousands separators removed, a gzip member …). Readers in core call `inputWarning`;
// the CLI prints each on stderr as "warning: …", the UI and workers may listen too.
// Without a listener the warnings are kept in `pendingInputWarnings()` for tests.

type Listener = (message: string) => void
const listeners: Listener[] = []
const pending: string[] = []

/** Report one warning (a message naming the file and what was done). */
export function inputWarning(message: string): void {
  if (listeners.length === 0) pending.push(message)
  for (const l of listeners) l(message)
}

/** Listen to warnings; returns a function that stops listening. */
export function onInputWarning(l: Listener): () => void {
  listeners.push(l)
  for (const m of pending.splice(0)) l(m)
  return () => {
    const i = listeners.indexOf(l)
    if (i >= 0) listeners.splice(i, 1)
  }
}

/** Warnings reported while nobody listened (and clears them). */
export function pendingInputWarnings(): string[] {
  return pending.splice(0)
}
