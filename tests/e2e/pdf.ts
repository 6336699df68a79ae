// Shared by the e2e tests that print a report: read a PDF back with Ghostscript (page count,
// the text of one page, every page as PNG). Tests skip when `gs` is not installed.
import { execFileSync } from 'node:child_process'

export const hasGs = (() => {
  try {
    execFileSync('gs', ['--version'])
    return true
  } catch {
    return false
  }
})()

export const pdfPageCount = (pdf: string): number =>
  Number(execFileSync('gs', ['-q', '-dNODISPLAY', '-dNOSAFER', '-c', `(${pdf}) (r) file runpdfbegin pdfpagecount = quit`]).toString().trim())

/** The text of page `p` (1-based). */
export const pdfPageText = (pdf: string, p: number): string =>
  execFileSync('gs', ['-q', '-dBATCH', '-dNOPAUSE', '-sDEVICE=txtwrite', `-dFirstPage=${p}`, `-dLastPage=${p}`, '-sOutputFile=-', pdf]).toString()

/** Every page as `dir/page-01.png`, … at `dpi`. */
export const pdfToPngs = (pdf: string, dir: string, dpi: number): void => {
  execFileSync('gs', ['-q', '-dBATCH', '-dNOPAUSE', '-sDEVICE=png16m', `-r${dpi}`, `-sOutputFile=${dir}/page-%02d.png`, pdf])
}
