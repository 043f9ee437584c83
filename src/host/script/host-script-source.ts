import type { PolicyStore } from '../../model/policy.js'
import { storeDocument, type StorePort } from '../../store/port.js'
import { parseXmlStore } from '../../xml/policy/parse-xml-store.js'
import type { HostScriptStore } from './host-script.js'

/** A store read for a host script: its policy, and the {@link HostScriptStore} the script is planned from. */
export interface HostScriptSource {
  readonly policy: PolicyStore
  readonly store: HostScriptStore
}

/**
 * Reads a store for `hostScript`. An XML store's file is read once and parsed from those bytes, so
 * the store a script installs is exactly the version it was checked against; an AD store is loaded
 * as it is (it has no bytes to install).
 *
 * @param reference how the script names the store (the REST store name, the CLI argument)
 */
export async function hostScriptSource(port: StorePort, reference: string): Promise<HostScriptSource> {
  const document = storeDocument(port)
  if (document === undefined) {
    const { policy, version } = await port.load()
    return { policy, store: { reference, version } }
  }
  const bytes = await document.bytes()
  const { policy, version } = parseXmlStore(bytes, reference)
  return { policy, store: { reference, version, bytes } }
}
