// Reading the CLI's input files: a path that is missing, a folder, a device or pipe
// (`/dev/zero` would never end), unreadable, or larger than the reader can hold is an
// InputError naming it, before any byte is read. Tables are decoded by core/table.
import fs from 'node:fs'
import { InputError } from '../core/errors.ts'
import { noteInput } from './output.ts'
import { decodeText } from '../core/table/decode.ts'
import { parseTable, type ParseOptions, type Table } from '../core/table/table.ts'

/** Largest file read into memory (Node's Buffer limit is 2^31 − 1 bytes on some builds). */
export const MAX_INPUT_BYTES = 2 ** 31 - 1

/** Stat an input: must exist and be a regular file (or a folder when `folder` is allowed). */
export function checkInputPath(file: string, opts: { folder?: boolean } = {}): fs.Stats {
  let st: fs.Stats
  try {
    st = fs.statSync(file)
  } catch (e) {
    const code = (e as { code?: string }).code
    if (code === 'EACCES') throw new InputError('cannot be read (permission denied); check its permissions', file)
    throw new InputError('file not found; check the path', file)
  }
  noteInput(file)
  if (st.isDirectory()) {
    if (opts.folder) return st
    throw new InputError('is a folder; give the path of a file', file)
  }
  if (!st.isFile()) throw new InputError('is not a regular file (a device, pipe or socket); give the path of a file', file)
  if (st.size > MAX_INPUT_BYTES) throw new InputError(`is ${(st.size / 2 ** 30).toFixed(1)} GiB, more than the ${(MAX_INPUT_BYTES / 2 ** 30).toFixed(0)} GiB that can be read at once; split or compress it`, file)
  return st
}

/** The bytes of an input file (see checkInputPath). */
export function readInputBytes(file: string): Uint8Array {
  checkInputPath(file)
  try {
    return new Uint8Array(fs.readFileSync(file))
  } catch (e) {
    throw new InputError(`cannot be read (${(e as { code?: string }).code ?? (e as Error).message}); check the file and its permissions`, file)
  }
}

/** The text of an input file: gzip, UTF-8/UTF-16/Latin-1 handled by core/table/decode.ts. */
export function readInputText(file: string): string {
  return decodeText(readInputBytes(file), file)
}

/** A delimited table from an input file. */
export function readInputTable(file: string, opts: ParseOptions = {}): Table {
  return parseTable(readInputBytes(file), file, opts)
}
