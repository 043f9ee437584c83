import type { PrincipalRef } from '../../change-set/change.js'
import { UsageError } from '../../errors/usage-error.js'
import { ExpiryFileError } from '../../errors/input-errors.js'
import { expirySidecarForWrite, recordExpiries } from '../../expiry/record-expiry.js'
import { parseUntil } from '../../expiry/until.js'
import { openStore } from '../../store/open-store.js'
import type { GlobalOptions } from '../command.js'
import type { AfterWrite } from './run-changes.js'

/** The flag of the writes that add members for a time (`delegate`, `role-assignment add-member`). */
export const UNTIL_FLAG = { until: { type: 'string' } } as const

export const UNTIL_USAGE = `  --until TIME        the members leave at TIME (ISO 8601: 2025-01-31T18:00:00Z, or a date:
                      midnight UTC): recorded in the store's expiry file (<store>.expiry.json, beside
                      an AD store's --journal), which azman expire and azman serve act on`

/**
 * `--until`: checks it before anything is written (a time in the future, members by SID, a sidecar
 * that parses) and gives what records the expiry once the write is done; undefined without `--until`.
 *
 * @throws UsageError (exit 3) for a time that does not parse or has passed, or application groups
 * @throws ExpiryFileError (exit 2) for a sidecar that does not parse
 */
export async function untilOption(
  command: string,
  value: string | undefined,
  ref: string,
  members: readonly PrincipalRef[],
  globals: GlobalOptions,
  lockTimeoutMs?: number,
): Promise<AfterWrite | undefined> {
  if (value === undefined) return undefined
  const until = parseUntil(value, new Date(), `${command}: --until`)
  if (members.some((m) => 'group' in m)) throw new UsageError(`${command}: --until records members by SID: give them with --sid or --account, not --group`)
  const store = openStore(ref, globals.store)
  const sidecar = await expirySidecarForWrite(store)
  return async (outcome) => {
    let recorded
    try {
      recorded = await recordExpiries(store, sidecar, outcome, until, lockTimeoutMs)
    } catch (e) {
      if (outcome.dryRun || !(e instanceof Error)) throw e
      throw new ExpiryFileError(`${store.displayName} was written (now at ${outcome.after}) but the expiry of its new members was not recorded: ${e.message}; run the write again with --until`, {
        cause: e,
      })
    }
    const expiresAt = until.toISOString()
    const text = outcome.dryRun
      ? `with --until: the members would leave at ${expiresAt} (recorded in ${sidecar.path})`
      : `expires ${expiresAt}: ${recorded.entries.length} member(s) recorded in ${recorded.file}`
    return { json: { expiry: { expiresAt, file: recorded.file, entries: recorded.entries } }, text }
  }
}
