import type { PrincipalRef } from '../change-set/change.js'
import type { WriteOutcome } from '../change-set/run-write.js'
import { ExpiryFileError } from '../errors/input-errors.js'
import { UsageError } from '../errors/usage-error.js'
import type { StorePort } from '../store/port.js'
import type { ExpiryEntry } from './expiry-schema.js'
import type { ExpirySidecar } from './expiry-sidecar.js'
import { expirySidecarForWrite, recordExpiries } from './record-expiry.js'
import { parseUntil } from './until.js'

/** An expiry asked for with a write that adds members: `--until` from the CLI, `expiresAt` over REST. */
export interface ExpiryAsked {
  /** The time as given (ISO 8601 with a zone, or a date). */
  readonly until: string
  /** How the time was given, for messages: `delegate: --until`, `expiresAt`. */
  readonly what: string
  /** How to give members by SID, for messages: `--sid or --account (not --group)`, `{"sid"} or {"account"} (not {"group"})`. */
  readonly bySid: string
  /** The members the write adds. */
  readonly members: readonly PrincipalRef[]
  /** The time to compare with; default the clock. */
  readonly now?: Date
  /** How long to wait for the store's lock when recording, in milliseconds (default 30000). */
  readonly lockTimeoutMs?: number
}

/** What a write with an expiry recorded: `"expiry"` in `--json` and in the REST answer. */
export interface RecordedExpiry {
  /** When the members leave (UTC). */
  readonly expiresAt: string
  /** The sidecar file. */
  readonly file: string
  /** The entries recorded (none on a dry run). */
  readonly entries: readonly ExpiryEntry[]
  /** The member SIDs that were members already: no expiry recorded for them. */
  readonly alreadyMembers: readonly string[]
}

/** An expiry checked before the write, that records itself once the write is done. */
export interface ExpiringWrite {
  readonly until: Date
  readonly sidecar: ExpirySidecar
  /**
   * Records the expiry of the members `outcome` added (nothing on a dry run).
   *
   * @throws ExpiryFileError (exit 2) when the sidecar cannot be updated: the message says that the store was written
   */
  record(outcome: WriteOutcome): Promise<RecordedExpiry>
}

/**
 * Checks an expiry before anything is written (a time in the future, members
 * by SID, a store that keeps a sidecar that parses) and gives what records it
 * after the write. The CLI's `--until` and the REST service's `expiresAt` both
 * go through here.
 *
 * @throws UsageError (exit 3; 400 over REST) for a time that does not parse or has passed, application groups, or an AD store without a journal
 * @throws ExpiryFileError (exit 2) for a sidecar that does not parse
 */
export async function prepareExpiringWrite(store: StorePort, asked: ExpiryAsked): Promise<ExpiringWrite> {
  const until = parseUntil(asked.until, asked.now ?? new Date(), asked.what)
  if (asked.members.some((m) => 'group' in m)) throw new UsageError(`${asked.what} records members by SID: give them as ${asked.bySid}`)
  const sidecar = await expirySidecarForWrite(store)
  return {
    until,
    sidecar,
    async record(outcome) {
      let recorded
      try {
        recorded = await recordExpiries(store, sidecar, outcome, until, asked.lockTimeoutMs)
      } catch (e) {
        if (outcome.dryRun || !(e instanceof Error)) throw e
        throw new ExpiryFileError(
          `${store.displayName} was written (now at ${outcome.after}) but the expiry of its new members was not recorded: ${e.message}; they hold their role assignment with no expiry: remove them and add them again with ${asked.what} (a write that adds no member records no expiry)`,
          {
            cause: e,
          },
        )
      }
      return { expiresAt: until.toISOString(), file: recorded.file, entries: recorded.entries, alreadyMembers: recorded.alreadyMembers }
    },
  }
}
