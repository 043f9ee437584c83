import { snapshotAt } from '../history/at-time.js'
import { openStore, type OpenStoreOptions } from '../store/open-store.js'
import { storeDocument, type StoreSnapshot } from '../store/port.js'
import { parseXmlStore } from '../xml/policy/parse-xml-store.js'
import type { CliIo } from './io.js'
import { Progress } from './progress.js'

/** A store as a command read it: an XML store's bytes too (the version is theirs). */
export interface LoadedSnapshot extends StoreSnapshot {
  readonly bytes?: Uint8Array
}

/**
 * Loads the store a command names, with progress on a terminal for large files and directory reads;
 * with `at` (`--at`, see at-option.ts), the version it held then, from its version archive.
 */
export async function loadStore(ref: string, io: CliIo, options: OpenStoreOptions = {}, at?: string): Promise<LoadedSnapshot> {
  if (at !== undefined) return snapshotAt(openStore(ref, options), at)
  const progress = new Progress(io)
  const store = openStore(ref, { ...options, progress: { read: (entries) => progress.count(`reading ${ref}`, entries, 'entries') } })
  const document = storeDocument(store)
  if (document === undefined) {
    const snapshot = await store.load()
    progress.done()
    return snapshot
  }
  const bytes = await document.bytes()
  progress.start(`reading ${store.displayName}`, bytes.length)
  const { policy, version } = parseXmlStore(bytes, store.displayName)
  progress.done()
  return { policy, version, bytes }
}
