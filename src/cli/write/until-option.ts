import type { PrincipalRef } from '../../change-set/change.js'
import { prepareExpiringWrite } from '../../expiry/expiring-write.js'
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
 * that parses: {@link prepareExpiringWrite}) and gives what records the expiry once the write is
 * done and what it prints; undefined without `--until`.
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
  const expiring = await prepareExpiringWrite(openStore(ref, globals.store), {
    until: value,
    what: `${command}: --until`,
    bySid: '--sid or --account (not --group)',
    members,
    ...(lockTimeoutMs === undefined ? {} : { lockTimeoutMs }),
  })
  return async (outcome) => {
    const expiry = await expiring.record(outcome)
    const text = outcome.dryRun
      ? `with --until: the members would leave at ${expiry.expiresAt} (recorded in ${expiry.file})`
      : `expires ${expiry.expiresAt}: ${expiry.entries.length} member(s) recorded in ${expiry.file}`
    const already = expiry.alreadyMembers.length === 0 ? '' : `\nwarning: already a member: no expiry recorded: ${expiry.alreadyMembers.join(', ')}`
    return { json: { expiry }, text: `${text}${already}` }
  }
}
