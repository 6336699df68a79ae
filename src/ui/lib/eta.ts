// Time left of a job in words: "40 s", "3 min 20 s", "1 h 05 min".

/** Seconds left as a short human duration (rounded up to the second). */
export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds))
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`
}
