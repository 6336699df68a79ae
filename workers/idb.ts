// The one IndexedDB helper of the app (plain IndexedDB, no dependency): a key–value object
// store in a named database, opened once per database and shared by its stores' users, closed
// when another tab deletes the database (wipe). Used on the main thread (the project, its job
// checkpoints and the trained deep models: src/ui/lib/persist.ts, src/ui/components/deep/
// model_store.ts) and in the workers (the study's step cache: workers/jobs/study.ts).
// Each database holds one object store, created on first open (version 1).

export interface IdbStore {
  get<T>(key: IDBValidKey): Promise<T | undefined>
  /** put a value (under `key`, or under its own key path when the store has one) */
  put(value: unknown, key?: IDBValidKey): Promise<void>
  delete(key: IDBValidKey): Promise<void>
  getAll<T>(): Promise<T[]>
  clear(): Promise<void>
}

export interface StoreOptions {
  /** in-line keys (the value's own field) instead of out-of-line ones */
  keyPath?: string
}

const open = new Map<string, Promise<IDBDatabase>>()

function database(name: string, store: string, options: StoreOptions): Promise<IDBDatabase> {
  let p = open.get(name)
  if (!p) {
    p = new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name, 1)
      req.onupgradeneeded = () => req.result.createObjectStore(store, options.keyPath ? { keyPath: options.keyPath } : undefined)
      req.onsuccess = () => {
        const d = req.result
        // another tab wiping the data: let it delete the database
        d.onversionchange = () => {
          d.close()
          open.delete(name)
        }
        resolve(d)
      }
      req.onerror = () => reject(req.error)
    })
    open.set(name, p)
    p.catch(() => open.delete(name))
  }
  return p
}

/** The object store `store` of database `name`; each call is one transaction, settled when it completes. */
export function idbStore(name: string, store: string, options: StoreOptions = {}): IdbStore {
  const tx = <T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest): Promise<T> =>
    database(name, store, options).then(
      (d) =>
        new Promise<T>((resolve, reject) => {
          const t = d.transaction(store, mode)
          const req = fn(t.objectStore(store))
          t.oncomplete = () => resolve(req.result as T)
          t.onerror = () => reject(t.error ?? req.error)
          t.onabort = () => reject(t.error ?? new Error('IndexedDB transaction aborted'))
        }),
    )
  return {
    get: <T>(key: IDBValidKey) => tx<T | undefined>('readonly', (s) => s.get(key)),
    put: (value, key) => tx<unknown>('readwrite', (s) => (key === undefined ? s.put(value) : s.put(value, key))).then(() => undefined),
    delete: (key) => tx<unknown>('readwrite', (s) => s.delete(key)).then(() => undefined),
    getAll: <T>() => tx<T[]>('readonly', (s) => s.getAll()),
    clear: () => tx<unknown>('readwrite', (s) => s.clear()).then(() => undefined),
  }
}

/** Close this context's open databases (before deleting them). */
export async function closeDatabases(): Promise<void> {
  const all = [...open.values()]
  open.clear()
  for (const p of all) (await p.catch(() => null))?.close()
}
