// Getting the user's files into the page without uploading them: a folder picked with the
// File System Access API (showDirectoryPicker, Chromium), an <input webkitdirectory> (all
// browsers), or files and folders dropped on the page. Every route yields the same list of
// { path, file } with paths relative to the picked folder.

export interface PickedFile {
  /** path relative to the picked folder, '/' separated */
  path: string
  file: File
}

interface DirHandle {
  kind: 'directory'
  name: string
  values(): AsyncIterable<DirHandle | FileHandle>
}
interface FileHandle {
  kind: 'file'
  name: string
  getFile(): Promise<File>
}

/** True when the browser offers showDirectoryPicker. */
export function canPickDirectory(): boolean {
  return typeof (globalThis as { showDirectoryPicker?: unknown }).showDirectoryPicker === 'function'
}

/** Ask for a folder with showDirectoryPicker and list its files (null when the user cancels). */
export async function pickDirectory(): Promise<{ name: string; files: PickedFile[] } | null> {
  const picker = (globalThis as unknown as { showDirectoryPicker: (o?: object) => Promise<DirHandle> }).showDirectoryPicker
  let dir: DirHandle
  try {
    dir = await picker({ mode: 'read' })
  } catch (e) {
    if ((e as Error).name === 'AbortError') return null
    throw e
  }
  const files: PickedFile[] = []
  async function walk(h: DirHandle, prefix: string): Promise<void> {
    for await (const entry of h.values()) {
      if (entry.name.startsWith('.')) continue
      const path = prefix ? `${prefix}/${entry.name}` : entry.name
      if (entry.kind === 'directory') await walk(entry, path)
      else files.push({ path, file: await entry.getFile() })
    }
  }
  await walk(dir, '')
  return { name: dir.name, files }
}

/** Files of an <input type=file webkitdirectory> (paths include the folder's name: strip it later). */
export function filesFromInput(list: FileList | null): PickedFile[] {
  return Array.from(list ?? [], (file) => ({ path: file.webkitRelativePath || file.name, file }))
}

interface Entry {
  isFile: boolean
  isDirectory: boolean
  name: string
  fullPath: string
  file?(ok: (f: File) => void, err: (e: unknown) => void): void
  createReader?(): { readEntries(ok: (e: Entry[]) => void, err: (e: unknown) => void): void }
}

/** Files and folders dropped on the page, walked recursively. */
export async function filesFromDrop(dt: DataTransfer): Promise<PickedFile[]> {
  const entries: Entry[] = []
  for (const item of Array.from(dt.items)) {
    const e = (item as unknown as { webkitGetAsEntry?: () => Entry | null }).webkitGetAsEntry?.()
    if (e) entries.push(e)
  }
  if (entries.length === 0) return Array.from(dt.files, (file) => ({ path: file.name, file }))
  const out: PickedFile[] = []
  async function walk(e: Entry): Promise<void> {
    if (e.name.startsWith('.')) return
    if (e.isFile && e.file) {
      const file = await new Promise<File>((ok, err) => e.file!(ok, err))
      out.push({ path: e.fullPath.replace(/^\//, ''), file })
    } else if (e.isDirectory && e.createReader) {
      const reader = e.createReader()
      for (;;) {
        // readEntries returns the folder in batches until an empty one
        const batch = await new Promise<Entry[]>((ok, err) => reader.readEntries(ok, err))
        if (batch.length === 0) break
        for (const child of batch) await walk(child)
      }
    }
  }
  for (const e of entries) await walk(e)
  return out
}

/** Offer bytes as a download (a blob: URL; nothing leaves the machine). */
export function downloadBytes(bytes: Uint8Array, name: string, type = 'application/octet-stream'): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
