import { openStore } from '../store/open-store.js'
import type { StoreSnapshot } from '../store/port.js'
import { parseXmlStore } from '../store/xml/parse-xml-store.js'
import { XmlStore } from '../store/xml/xml-store.js'
import type { CliIo } from './io.js'
import { Progress } from './progress.js'

/** Loads the store a command names, with progress on a terminal for large files. */
export async function loadStore(ref: string, io: CliIo): Promise<StoreSnapshot> {
  const store = openStore(ref)
  if (!(store instanceof XmlStore)) return store.load()
  const bytes = await store.bytes()
  const progress = new Progress(io)
  progress.start(`reading ${store.displayName}`, bytes.length)
  const { policy, version } = parseXmlStore(bytes, store.displayName)
  progress.done()
  return { policy, version }
}
