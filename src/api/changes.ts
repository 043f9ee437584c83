import { parseChangeSet as parseChangeSetValue } from '../change-set/parse-change-set.js'
import type { ChangeSet } from '../change-set/change.js'
import type { Plan } from '../change-set/plan.js'
import { applyChangeInput, planChangeInput, type WriteOutcome } from '../change-set/run-write.js'
import type { ExpectedVersion } from '../store/precondition.js'
import type { StorePort } from '../store/port.js'

/**
 * Reads a change set from parsed JSON (`{"changes": [...]}`, as docs/change-sets.md describes it).
 * Every problem names its JSON path (`$.changes[2].app`). Pass `JSON.parse(text)`.
 *
 * @throws InvalidChangeError `AZMAN_ERR_CHANGE_SET_INVALID` for a value that is not a change set
 *   (unknown change type, unknown or missing field, wrong type) or that holds more changes than
 *   azman plans in one set.
 */
export function parseChangeSet(value: unknown): ChangeSet {
  return parseChangeSetValue(value)
}

/** Options of {@link planChangeSet}. */
export interface PlanChangeSetOptions {
  /** Allow a change set that removes BUILTIN\Administrators' full access (turned into a warning). Default false. */
  readonly force?: boolean
}

/**
 * What applying a change set to the store as it is now would do, writing nothing: each change's
 * result (`applied`, `in-place`, ...), the object-level edits, the GUIDs new objects will get, the
 * warnings, and the version planned on (`plan.baseVersion`). The write is rehearsed too (an XML
 * store renders the edits and reads them back), so a plan never promises what applying refuses.
 *
 * @throws InvalidChangeError `AZMAN_ERR_CHANGE_*` for a change that names something the store does
 *   not hold or that would break the store (exit code 4).
 * @throws UnreadableInputError or a `Directory*Error` when the store cannot be read (see {@link loadPolicy}).
 */
export async function planChangeSet(store: StorePort, changeSet: ChangeSet, options: PlanChangeSetOptions = {}): Promise<Plan> {
  return planChangeInput(store, { kind: 'changes', changeSet }, options.force === undefined ? {} : { force: options.force })
}

/** Who applies a change set, why, and under which conditions ({@link applyChangeSet}). */
export interface ApplyChangeSetOptions {
  /** Who makes the change, recorded in the store's journal. */
  readonly actor: string
  /** Why, e.g. a ticket number, recorded in the journal. Default: none. */
  readonly reason?: string
  /** Plan and rehearse only, writing nothing. Default false. */
  readonly dryRun?: boolean
  /** How long to wait for another writer's lock, in milliseconds. Default 30000. */
  readonly lockTimeoutMs?: number
  /** Allow removing BUILTIN\Administrators' full access. Default false. */
  readonly force?: boolean
  /** Write only if the store is at this version (or one of these), as {@link loadPolicy} returned it. */
  readonly ifMatch?: ExpectedVersion
}

/**
 * Applies a change set: the one write path the CLI (`azman apply`) and the REST service share.
 * Plans the changes under the store's lock against the store as it is, writes only the objects that
 * differ (an XML file keeps its layout and is replaced atomically), and journals the write. The
 * outcome holds the plan and, unless a dry run, the store versions before and after (equal when
 * nothing had to change, `written: false`).
 *
 * @throws InvalidChangeError `AZMAN_ERR_CHANGE_*` for a change the store refuses (exit code 4).
 * @throws ConflictError `AZMAN_ERR_CONFLICT_PRECONDITION` when `ifMatch` does not match, or
 *   `AZMAN_ERR_CONFLICT_LOCKED` when another writer holds the lock past `lockTimeoutMs` (exit code 5).
 * @throws PartialApplyError `AZMAN_ERR_LDAP_PARTIAL` when an AD write stopped part-way (the journal
 *   says what was written).
 */
export async function applyChangeSet(store: StorePort, changeSet: ChangeSet, options: ApplyChangeSetOptions): Promise<WriteOutcome> {
  const { dryRun, ...rest } = options
  return applyChangeInput(store, { kind: 'changes', changeSet }, { ...rest, dryRun: dryRun === true })
}
