import { ExpirySidecar } from '../expiry/expiry-sidecar.js'
import type { ExpiryEntry } from '../expiry/expiry-schema.js'
import { openStore } from '../store/open-store.js'
import type { GlobalOptions } from './command.js'
import type { CliIo } from './io.js'

/**
 * The store's expiries for a read command (show, who-can, audit): none when
 * the store keeps no expiry file; a file that does not parse is left out with
 * a warning on stderr. None with `at` (`--at`): today's expiry file, at
 * today's time, says nothing true of a past version (no `(until ...)`, no
 * AUDIT_EXPIRED_MEMBER).
 */
export async function expiriesForRead(ref: string, io: CliIo, globals: GlobalOptions, at?: string): Promise<readonly ExpiryEntry[]> {
  if (at !== undefined) return []
  const sidecar = ExpirySidecar.of(openStore(ref, globals.store))
  if (sidecar === undefined) return []
  return sidecar.entriesForRead((message) => io.stderr.write(`azman: warning: ${message}\n`))
}
