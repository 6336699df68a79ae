// Everything the CLI writes goes through here: files are written to a temporary name in
// the same folder and renamed into place, so an interrupted run never leaves a half file
// that looks complete; an output path that is one of the command's inputs is refused
// before anything runs.
import fs from 'node:fs'
import path from 'node:path'
import { InputError } from '../core/errors.ts'

let counter = 0
/** A temporary name beside `file`, keeping its extension(s) so format-by-extension writers work. */
export function tempBeside(file: string): string {
  const dir = path.dirname(path.resolve(file))
  const base = path.basename(file)
  const dot = base.search(/\.[^.]+(\.gz)?$/)
  const ext = dot > 0 ? base.slice(dot) : ''
  return path.join(dir, `.${base.slice(0, dot > 0 ? dot : undefined)}.${process.pid}.${++counter}.partial${ext}`)
}

function mkdirFor(file: string): void {
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  } catch (e) {
    throw new InputError(`cannot create the output folder (${(e as Error).message}); pick a writable path`, file)
  }
}

// Every file this run reads or will read (the command's input flags, the images a manifest
// names, …), so that no output — whatever the flag — replaces one of them.
let planned: { flag: string; path: string; canon: string }[] = []
const inputsRead = new Map<string, string>()

/** The command's output paths, checked against every input noted from now on. */
export function planOutputs(outputs: { flag: string; path: string }[]): void {
  planned = outputs.map((o) => ({ ...o, canon: canonical(o.path) }))
  for (let a = 0; a < planned.length; a++)
    for (let b = a + 1; b < planned.length; b++)
      if (planned[a].canon === planned[b].canon) throw new InputError(`--${planned[a].flag} and --${planned[b].flag} are the same file; give each output its own path`, planned[b].path)
}

/** Note a file the run reads (or will read); refused at once when it is one of the planned outputs. */
export function noteInput(file: string, what?: string): void {
  const c = canonical(file)
  if (!inputsRead.has(c)) inputsRead.set(c, what ?? file)
  const o = planned.find((x) => x.canon === c)
  if (o) throw new InputError(`--${o.flag} is the same file as ${what ?? `the input ${file}`}; writing it would replace an input — pick another output path`, o.path)
}

/** Refuse to write over a file this run has read. */
function refuseInput(file: string): void {
  const what = inputsRead.get(canonical(file))
  if (what !== undefined) throw new InputError(`is ${what === file ? 'an input' : what} of this run; writing it would replace an input — pick another output path`, file)
}

/** Write a file atomically (temp file + rename), creating its folder. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  refuseInput(file)
  mkdirFor(file)
  if (isDirectory(file)) throw new InputError('is a folder; give a file name for this output', file)
  const tmp = tempBeside(file)
  try {
    fs.writeFileSync(tmp, data)
    fs.renameSync(tmp, file)
  } catch (e) {
    try { fs.rmSync(tmp, { force: true }) } catch { /* already gone */ }
    const code = (e as { code?: string }).code
    if (code === 'EACCES' || code === 'EROFS' || code === 'EPERM' || code === 'ENOSPC') throw new InputError(`cannot be written (${code}); pick a writable path with free space`, file)
    throw e
  }
}

/** Let `write(tmp)` produce the file under a temporary name, then rename it into place. */
export async function writeViaTemp(file: string, write: (tmp: string) => Promise<void>): Promise<void> {
  refuseInput(file)
  mkdirFor(file)
  const tmp = tempBeside(file)
  try {
    await write(tmp)
    fs.renameSync(tmp, file)
  } catch (e) {
    try { fs.rmSync(tmp, { force: true }) } catch { /* already gone */ }
    throw e
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory()
  } catch {
    return false
  }
}

/** The canonical form of a path (symlinks resolved where it exists). */
export function canonical(p: string): string {
  const abs = path.resolve(p)
  try {
    return fs.realpathSync(abs)
  } catch {
    // not there yet: canonicalise the deepest existing parent
    const parent = path.dirname(abs)
    return parent === abs ? abs : path.join(canonical(parent), path.basename(abs))
  }
}

/** Refuse an output that is one of the inputs (`what` names inputs that are not flags, e.g. "image of patient P1 in the manifest"). */
export function checkOutputNotInput(outputs: { flag: string; path: string }[], inputs: { flag?: string; what?: string; path: string }[]): void {
  for (const o of outputs) {
    const co = canonical(o.path)
    for (const i of inputs) {
      if (co === canonical(i.path))
        throw new InputError(`--${o.flag} is the same file as ${i.flag ? `--${i.flag}` : i.what ?? 'an input'}; writing it would replace an input — pick another output path`, o.path)
    }
  }
}

/** An output folder: created if needed, refused when it is a file or not writable. */
export function ensureOutputFolder(dir: string, flagName = 'out'): void {
  if (fs.existsSync(dir) && !isDirectory(dir)) throw new InputError(`--${flagName} is an existing file; it must be a folder (new or existing) — pick another path`, dir)
  try {
    fs.mkdirSync(dir, { recursive: true })
    fs.accessSync(dir, fs.constants.W_OK)
  } catch (e) {
    throw new InputError(`cannot create or write the output folder (${(e as { code?: string }).code ?? (e as Error).message}); pick a writable path`, dir)
  }
}
