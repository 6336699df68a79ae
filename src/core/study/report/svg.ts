// XML escaping for the offline report's HTML (the figures themselves are written by
// src/core/figures/svg.ts from their specifications).
export function esc(s: string): string {
  // ' too, so that no attribute quoted either way can be closed by user text
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}
