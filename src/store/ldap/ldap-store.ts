import { isAbsolute } from 'node:path'
import { ConflictError, InvalidChangeError } from '../../errors/change-errors.js'
import { DirectoryRefusedError, PartialApplyError } from '../../errors/directory-errors.js'
import { ExitCode } from '../../errors/azman-error.js'
import { StoreIoError } from '../../errors/input-errors.js'
import { assertSafeEditCooperatively } from '../../model/edit/check-edit.js'
import { diffPolicies } from '../../model/edit/diff-policies.js'
import type { PolicyEdit } from '../../model/edit/policy-edit.js'
import { guidKey, type PolicyStore } from '../../model/policy.js'
import type { ChangeRecord, JournalEntry, RollbackOptions, StoreCompanions, StorePort, StoreSnapshot, UpdateOptions, UpdateResult } from '../port.js'
import { assertVersion } from '../precondition.js'
import { newEntryId } from '../../journal/store-journal.js'
import { rollbackChanges } from '../../journal/rollback-record.js'
import { withStoreLock } from '../../fs/store-lock.js'
import { storeDirectoryTarget } from '../../ldap/directory-url.js'
import { appendAdJournal, archivePolicy, loadArchivedPolicy, readAdJournal } from './ad-journal.js'
import { filter } from '../../ldap/filter.js'
import { loadEntries } from './load-entries.js'
import { parseMsldapUrl, type MsldapUrl } from '../../ldap/msldap-url.js'
import { readLdapStore, type ReadLdapStore } from './read-store.js'
import { connectionLost, describeWrites, runWrites, type WritesRun } from './run-writes.js'
import { LdapSession, type DirectoryTarget } from '../../ldap/session.js'
import type { LdapSettings } from '../../ldap/settings.js'
import type { StoreIndex } from './store-index.js'
import { planLdapWrites, STORE_SUBJECT, type LdapWrite } from './write-plan.js'

export interface LdapStoreOptions {
  /**
   * The journal file, an absolute path (its archive folder is `<journal>.versions/`); without it
   * writes are not journaled and there is nothing to roll back to.
   */
  readonly journal?: string
  /** Called with the number of entries read so far, and of writes made. */
  readonly progress?: { readonly read?: (entries: number) => void; readonly write?: (done: number, total: number) => void }
}

/** What the last operation cost, for benchmarks and tests. */
export interface LdapStats {
  /** LDAP requests sent (StartTLS and bind included; one per search page). */
  requests: number
  /** Writes sent (adds, modifies, renames, deletes). */
  writes: number
}

/**
 * An AzMan store in Active Directory (`msldap://host[:port]/<DN>`), read with
 * one paged subtree search and written with the fewest single-object writes
 * (see {@link planLdapWrites}). Each operation opens its own authenticated
 * connection and closes it.
 *
 * Versions are `ad:` tokens made from every object's uSNChanged (see
 * {@link readLdapStore}); an update with `expectedVersion` is refused when the
 * store changed since. Writes delete the old value of each scalar and each
 * removed link explicitly, so a concurrent change to the same value makes the
 * write fail rather than be overwritten.
 */
export class LdapStore implements StorePort, StoreCompanions {
  readonly url: MsldapUrl
  readonly stats: LdapStats = { requests: 0, writes: 0 }

  constructor(
    ref: string,
    private readonly settings: LdapSettings,
    readonly displayName: string = ref,
    private readonly options: LdapStoreOptions = {},
  ) {
    this.url = parseMsldapUrl(ref)
    assertJournalPath(options.journal)
  }

  /** The journal file, which the store's lock and sidecar files are named after (see {@link StoreCompanions}); undefined without one. */
  companionBase(): string | undefined {
    return this.options.journal
  }

  /** The DC to connect to: the URL's host, or the configured directory. */
  target(): DirectoryTarget {
    return storeDirectoryTarget(this.url, this.settings, this.displayName)
  }

  async load(): Promise<StoreSnapshot> {
    const read = await this.session((s) => this.read(s))
    return { policy: read.policy, version: read.version }
  }

  async update(change: (current: StoreSnapshot) => PolicyStore | Promise<PolicyStore>, options: UpdateOptions = {}): Promise<UpdateResult> {
    return this.locked(options.lockTimeoutMs, () =>
      this.session(async (session) => {
        const current = await this.read(session)
        if (options.expectedVersion !== undefined && options.expectedVersion !== current.version) {
          throw new ConflictError(
            'AZMAN_ERR_CONFLICT_STALE',
            `${this.displayName} changed since the plan was made (made on ${options.expectedVersion}, now ${current.version}: an object's uSNChanged moved, or objects were added or removed); plan again`,
          )
        }
        const next = await change({ policy: current.policy, version: current.version })
        const edits = diffPolicies(current.policy, next)
        if (edits.length === 0) return { before: current.version, after: current.version, edits }
        await assertSafeEditCooperatively(current.policy, next, edits)
        const record = options.record
        return this.write(session, current, next, edits, record === undefined ? undefined : { ...record, action: 'apply' })
      }),
    )
  }

  /**
   * Nothing beyond the plan's own checks: an LDAP attribute value holds any
   * string a plan accepts, and what the directory itself refuses (rights,
   * schema) shows only on a real write.
   */
  async rehearse(current: StoreSnapshot, next: PolicyStore): Promise<void> {
    const edits = diffPolicies(current.policy, next)
    if (edits.length > 0) await assertSafeEditCooperatively(current.policy, next, edits)
  }

  /**
   * Creates the store at the URL's DN with everything in `policy`. When any
   * write fails, what was created is removed again (Tree Delete), so no
   * partial store is left; only a lost connection can leave one, and the
   * error says so. With `overwrite`, an existing store is updated to
   * `policy` (only the differences are written).
   */
  async create(policy: PolicyStore, options: { readonly overwrite?: boolean } = {}): Promise<StoreSnapshot> {
    if (await this.session((s) => this.exists(s))) {
      if (options.overwrite !== true) throw new ConflictError('AZMAN_ERR_CONFLICT_EXISTS', `${this.displayName} already exists; pass --force to replace its content`)
      await this.update(() => policy)
      return this.load()
    }
    return this.session(async (session) => {
      const dn = this.url.dn
      const empty: PolicyStore = { ...policy, applications: [], groups: [] }
      const index: StoreIndex = { storeDn: dn, store: { kind: 'store', dn, objectGuid: '', usn: '', whenChanged: '' }, objects: new Map(), containers: new Set(), stamps: [] }
      const writes = planLdapWrites(empty, policy, diffPolicies(empty, policy), index, { createStore: true })
      const run = await this.send(session, writes)
      if (run.error !== undefined) {
        if (run.applied.length > 0 && !connectionLost(run) && !session.broken) {
          try {
            await session.delete(dn, { tree: true })
          } catch (cleanup) {
            throw this.partial(run, `creating ${this.displayName} failed and the partial store could not be removed (${(cleanup as Error).message})`)
          }
          throw withSuffix(run.error, `; nothing was left in the directory (the ${run.applied.length} write(s) made were removed)`)
        }
        if (run.applied.length > 0)
          throw this.partial(run, `the connection was lost while creating ${this.displayName}; a partial store remains at ${dn}: run the same copy again with --force to complete it`)
        throw run.error
      }
      const reread = await this.read(session)
      const drift = diffPolicies(reread.policy, policy)
      if (drift.length > 0) {
        await session.delete(dn, { tree: true }).catch(() => undefined)
        throw new InvalidChangeError(
          'AZMAN_ERR_CHANGE_UNWRITABLE',
          `${this.displayName} did not read back as the store written (${drift.length} difference(s), first: ${JSON.stringify(drift[0])}); it was removed again`,
        )
      }
      return { policy: reread.policy, version: reread.version }
    })
  }

  async history(): Promise<readonly JournalEntry[]> {
    return this.options.journal === undefined ? [] : readAdJournal(this.options.journal)
  }

  /**
   * Restores the store as it was right after journal entry `id` (or right
   * before it, `options.before`): the version archived next to the journal is
   * compared with the store as it is, and the difference (the inverse of
   * everything since) is written. `options.dryRun` only says what that would
   * change; `options.ifMatch` refuses a store at another version.
   */
  async rollback(id: string, record: Omit<ChangeRecord, 'changes'>, options: RollbackOptions = {}): Promise<UpdateResult> {
    const journal = this.options.journal
    if (journal === undefined) {
      throw new InvalidChangeError('AZMAN_ERR_CHANGE_NO_JOURNAL_ENTRY', `${this.displayName} has no journal here: pass --journal FILE, the journal its writes were made with`)
    }
    const entry = (await readAdJournal(journal)).find((e) => e.id === id)
    if (entry === undefined) {
      throw new InvalidChangeError(
        'AZMAN_ERR_CHANGE_NO_JOURNAL_ENTRY',
        `${journal} has no entry ${JSON.stringify(id)}; run "azman history ${this.displayName} --journal ${journal}" to see the entry ids`,
      )
    }
    const before = options.before === true
    const version = before ? entry.before : entry.after
    const target = await loadArchivedPolicy(journal, version)
    const restore = async (session: LdapSession): Promise<UpdateResult> => {
      const current = await this.read(session)
      assertVersion(this.displayName, current.version, options.ifMatch)
      const edits = diffPolicies(current.policy, target)
      if (edits.length === 0) return { before: current.version, after: current.version, edits }
      await options.check?.(current.policy, target)
      // A dry run names the archived version whose content the store would get (AD gives the written objects new uSNs).
      if (options.dryRun === true) return { before: current.version, after: version, edits }
      const journaled = {
        actor: record.actor,
        action: 'rollback' as const,
        changes: rollbackChanges(id, options),
        ...(record.reason === undefined ? {} : { reason: record.reason }),
      }
      return this.write(session, current, target, edits, journaled)
    }
    // A preview reads only: no lock, no journal.
    if (options.dryRun === true) return this.session(restore)
    return this.locked(options.lockTimeoutMs, () => this.session(restore))
  }

  /** The policy of a version archived next to the journal (`--journal FILE`). */
  async archived(version: string): Promise<PolicyStore> {
    const journal = this.options.journal
    if (journal === undefined) {
      throw new InvalidChangeError('AZMAN_ERR_CHANGE_NO_JOURNAL_ENTRY', `${this.displayName} has no journal here: pass --journal FILE, the journal its writes were made with`)
    }
    return loadArchivedPolicy(journal, version)
  }

  // ---- internals

  private async session<T>(work: (session: LdapSession) => Promise<T>): Promise<T> {
    const session = await LdapSession.open(this.target(), this.settings)
    try {
      return await work(session)
    } finally {
      this.stats.requests += session.requests
      await session.close()
    }
  }

  private async read(session: LdapSession): Promise<ReadLdapStore> {
    try {
      const entries = await loadEntries(session, this.url.dn, this.options.progress?.read)
      return readLdapStore(entries, this.url.dn, this.displayName)
    } catch (e) {
      if (e instanceof DirectoryRefusedError && e.resultCode === 32) {
        throw new StoreIoError(`${this.displayName}: there is no store at ${this.url.dn} (no such object in the directory)`, { cause: e, source: this.displayName })
      }
      throw e
    }
  }

  private async exists(session: LdapSession): Promise<boolean> {
    try {
      await session.search(this.url.dn, { scope: 'base', filter: filter`(objectClass=*)`, attributes: ['objectClass'] })
      return true
    } catch (e) {
      if (e instanceof DirectoryRefusedError && e.resultCode === 32) return false
      throw e
    }
  }

  private async locked<T>(timeoutMs: number | undefined, work: () => Promise<T>): Promise<T> {
    const journal = this.options.journal
    if (journal === undefined) return work()
    return withStoreLock(journal, timeoutMs === undefined ? { displayName: journal } : { displayName: journal, timeoutMs }, () => work())
  }

  private async send(session: LdapSession, writes: readonly LdapWrite[]): Promise<WritesRun> {
    const run = await runWrites(session, writes, (done) => this.options.progress?.write?.(done, writes.length))
    this.stats.writes += run.applied.length + (run.error === undefined ? 0 : 1)
    return run
  }

  /**
   * Writes `next` over `current` and journals it. When the server refuses a
   * write part way, the writes already made are undone (the store is written
   * back to `current`); when the connection is lost, the error lists exactly
   * what was applied, and applying the same change set again completes it.
   */
  private async write(
    session: LdapSession,
    current: ReadLdapStore,
    next: PolicyStore,
    edits: readonly PolicyEdit[],
    journaled: Omit<JournalEntry, 'id' | 'time' | 'before' | 'after'> | undefined,
  ): Promise<UpdateResult> {
    const writes = planLdapWrites(current.policy, next, edits, current.index)
    const journal = this.options.journal
    const now = new Date()
    const id = newEntryId(now)
    if (journal !== undefined) await archivePolicy(journal, current.version, current.policy)
    const run = await this.send(session, writes)
    if (run.error !== undefined) {
      if (run.applied.length === 0) throw run.error
      if (!connectionLost(run) && !session.broken) {
        const undone = await this.undo(session, current.policy, run.applied)
        if (undone) throw withSuffix(run.error, `; nothing was changed (the ${run.applied.length} write(s) already made were undone)`)
      }
      if (journal !== undefined && journaled !== undefined) {
        await appendAdJournal(journal, {
          id,
          time: now.toISOString(),
          ...journaled,
          changes: {
            ...(typeof journaled.changes === 'object' && journaled.changes !== null && !Array.isArray(journaled.changes) ? journaled.changes : { changes: journaled.changes }),
            interrupted: { applied: describeWrites(run.applied), notApplied: describeWrites(run.notApplied) },
          },
          before: current.version,
          after: 'ad:unknown',
        }).catch(() => undefined)
      }
      throw this.partial(run, `the write to ${this.displayName} stopped part way`)
    }
    const after = await this.read(session)
    const drift = diffPolicies(after.policy, next)
    if (drift.length > 0) {
      throw new StoreIoError(`${this.displayName} was written but reads back with ${drift.length} difference(s) from what was meant (first: ${JSON.stringify(drift[0])}); check it with azman show`, {
        source: this.displayName,
      })
    }
    if (journal !== undefined) {
      await archivePolicy(journal, after.version, after.policy)
      if (journaled !== undefined) await appendAdJournal(journal, { id, time: now.toISOString(), ...journaled, before: current.version, after: after.version })
    }
    return { before: current.version, after: after.version, edits }
  }

  /**
   * Undoes writes already made after the server refused a later one: the
   * objects they wrote are written back to how they were in `before`; objects
   * nobody here touched (another writer's changes) are left alone. True when
   * that worked.
   */
  private async undo(session: LdapSession, before: PolicyStore, applied: readonly LdapWrite[]): Promise<boolean> {
    const touched = new Set(applied.map((w) => w.subject).filter((s): s is string => s !== undefined))
    try {
      const now = await this.read(session)
      const edits = diffPolicies(now.policy, before).filter((e) => touched.has(editSubject(e)))
      if (edits.length === 0) return true
      const run = await this.send(session, planLdapWrites(now.policy, before, edits, now.index))
      return run.error === undefined
    } catch {
      return false
    }
  }

  private partial(run: WritesRun, what: string): PartialApplyError {
    const applied = describeWrites(run.applied)
    const notApplied = describeWrites(run.notApplied)
    const reason = run.error?.message ?? 'unknown'
    const list = (lines: readonly string[]): string => (lines.length <= 8 ? lines.join(' | ') : `${lines.slice(0, 8).join(' | ')} | ... ${lines.length - 8} more`)
    return new PartialApplyError(
      `${what} (${reason}): ${run.applied.length} of ${run.applied.length + run.notApplied.length} write(s) applied: ${list(applied)}; not applied: ${list(notApplied)}. No link points to a missing object; apply the same change set again to complete it`,
      {
        applied,
        notApplied,
        exitCode: run.error !== undefined && 'exitCode' in run.error && typeof run.error.exitCode === 'number' ? (run.error.exitCode as ExitCode) : ExitCode.Unreadable,
        cause: run.error,
      },
    )
  }
}

/** The model object an edit concerns, as a write's `subject`. */
function editSubject(edit: PolicyEdit): string {
  switch (edit.type) {
    case 'set-store':
      return STORE_SUBJECT
    case 'create':
      return guidKey(edit.object.guid)
    default:
      return guidKey(edit.guid)
  }
}

/** The same error with more words at the end of its message (class and code kept). */
function withSuffix(error: Error, suffix: string): Error {
  error.message = `${error.message}${suffix}`
  return error
}

/**
 * A journal is a file the caller chose, never one made up from a stray value: a relative path (or
 * a non-string that a template literal turns into `false.versions/`) would write the journal and
 * its archives wherever the process happens to run.
 */
function assertJournalPath(journal: unknown): void {
  if (journal === undefined) return
  if (typeof journal !== 'string' || !isAbsolute(journal)) {
    throw new TypeError(`LdapStoreOptions.journal must be an absolute file path, not ${typeof journal === 'string' ? JSON.stringify(journal) : typeof journal}`)
  }
}
