import { ConflictError, InvalidChangeError } from '../../errors/change-errors.js'
import { StoreIoError, UnsupportedStoreError } from '../../errors/input-errors.js'
import { assertSafeEditCooperatively } from '../../model/edit/check-edit.js'
import { diffPolicies, diffPolicySteps } from '../../model/edit/diff-policies.js'
import { finishCooperatively } from '../../model/steps.js'
import type { PolicyStore } from '../../model/policy.js'
import type { ChangeRecord, JournalEntry, RollbackOptions, StoreCompanions, StorePort, StoreSnapshot, UpdateOptions, UpdateResult } from '../port.js'
import { assertVersion } from '../precondition.js'
import * as fs from '../../fs/file-system.js'
import { describeIoError } from '../../fs/io-error.js'
import { removeLeftovers } from './leftovers.js'
import { parseXmlStore, parseXmlStoreCooperatively, versionOf, type ParsedXmlStore } from '../../xml/policy/parse-xml-store.js'
import { renderStore } from '../../xml/policy/render-store.js'
import { SnapshotCache } from './snapshot-cache.js'
import { withStoreLock, type StoreLock } from '../../fs/store-lock.js'
import {
  appendJournalEntry,
  clearPendingEntry,
  formatJournalEntry,
  newEntryId,
  parseJournalEntry,
  readJournal,
  readPendingEntry,
  recoverPendingEntry,
  repairJournalTail,
  writePendingEntry,
} from '../../journal/store-journal.js'
import { archiveVersion, loadVersion } from './version-archive.js'
import { writeEditSteps } from './write-edits.js'
import { rollbackChanges } from '../../journal/rollback-record.js'

/**
 * An AzMan store in an XML file. Reads are strict (see {@link parseXmlStore});
 * writes change only the bytes of the objects that differ, keep the file's
 * layout and newline style, are checked by reading the result back, and
 * replace the file atomically.
 */
export class XmlStore implements StorePort, StoreCompanions {
  private readonly cache: SnapshotCache | undefined
  private readonly maxBytes: number

  /**
   * @param options.cacheSnapshots keep the last snapshot read and reuse it
   *   while the file is unchanged (see {@link SnapshotCache}); for
   *   long-running processes such as the REST service.
   * @param options.revalidateMs with `cacheSnapshots`: reuse a snapshot
   *   confirmed less than this long ago without looking at the file (writes by
   *   other processes show that much later at most; this store's own at once).
   * @param options.maxBytes the largest store file read, in bytes (default
   *   {@link fs.DEFAULT_MAX_STORE_BYTES}, 256 MiB); anything but a regular
   *   file is refused whatever its size.
   */
  constructor(
    readonly path: string,
    readonly displayName: string = path,
    private readonly windowsPath = false,
    options: { readonly cacheSnapshots?: boolean; readonly revalidateMs?: number; readonly maxBytes?: number } = {},
  ) {
    this.maxBytes = options.maxBytes ?? fs.DEFAULT_MAX_STORE_BYTES
    this.cache = options.cacheSnapshots === true ? new SnapshotCache(path, options.revalidateMs === undefined ? {} : { revalidateMs: options.revalidateMs }) : undefined
  }

  /** The store file: its lock, journal and sidecar files are named after it (see {@link StoreCompanions}). */
  companionBase(): string {
    return this.path
  }

  /** The file's exact bytes; `azman copy` writes them unchanged. */
  async bytes(): Promise<Buffer> {
    this.assertReachable()
    try {
      return await fs.readBytes(this.path, this.maxBytes)
    } catch (e) {
      throw describeIoError(e, 'read', this.displayName)
    }
  }

  /** The parsed store, with what the lossless writer needs. */
  async parse(): Promise<ParsedXmlStore> {
    return parseXmlStoreCooperatively(await this.bytes(), this.displayName)
  }

  async load(): Promise<StoreSnapshot> {
    if (this.cache === undefined) {
      const { policy, version } = await this.parse()
      return { policy, version }
    }
    this.assertReachable()
    const fresh = this.cache.fresh()
    if (fresh !== undefined) return fresh
    const seen = await this.cache.lookup()
    if ('hit' in seen) return seen.hit
    const bytes = await this.bytes()
    let snapshot = this.cache.sameVersion(versionOf(bytes))
    if (snapshot === undefined) {
      const { policy, version } = await parseXmlStoreCooperatively(bytes, this.displayName)
      snapshot = { policy, version }
    }
    this.cache.remember(seen, snapshot)
    return snapshot
  }

  /**
   * Computes the wanted policy from the current one and writes the
   * difference, holding the store lock (waiting up to
   * `options.lockTimeoutMs`, default 30000 ms). See {@link XmlStore.commit}
   * for the order of the writes and why.
   */
  async update(change: (current: StoreSnapshot) => PolicyStore | Promise<PolicyStore>, options: UpdateOptions = {}): Promise<UpdateResult> {
    this.assertReachable()
    return this.locked(options.lockTimeoutMs, async (lock) => {
      const { bytes, mode } = await this.readLocked()
      const parsed = await parseXmlStoreCooperatively(bytes, this.displayName)
      const { version } = parsed
      if (options.expectedVersion !== undefined && options.expectedVersion !== version) {
        throw new ConflictError('AZMAN_ERR_CONFLICT_STALE', `${this.displayName} changed since the plan was made (expected ${options.expectedVersion}, found ${version}); plan again`)
      }
      const next = await change({ policy: parsed.policy, version })
      const edits = await finishCooperatively(diffPolicySteps(parsed.policy, next))
      if (edits.length === 0) return { before: version, after: version, edits }
      await assertSafeEditCooperatively(parsed.policy, next, edits)
      const text = await finishCooperatively(writeEditSteps(parsed.doc, parsed.index, parsed.layout, edits))
      const written = Buffer.from(text, 'utf8')
      await this.verify(written, next)
      const { record } = options
      const after = await this.commit(lock, bytes, written, mode, record === undefined ? undefined : { ...record, action: 'apply' })
      return { before: version, after, edits }
    })
  }

  /**
   * Renders the edits from `current` to `next` into the file's bytes as they
   * are and reads the result back, as `update` does, writing nothing. When the
   * file is no longer at `current` the edits go over what it holds now.
   */
  async rehearse(current: StoreSnapshot, next: PolicyStore): Promise<void> {
    const parsed = await parseXmlStoreCooperatively(await this.bytes(), this.displayName)
    const base = parsed.version === current.version ? current.policy : parsed.policy
    const edits = await finishCooperatively(diffPolicySteps(base, next))
    if (edits.length === 0) return
    // Planning checked the edits from `current`; edits over a file that has moved on are checked again.
    if (base !== current.policy) await assertSafeEditCooperatively(base, next, edits)
    await this.verify(Buffer.from(await finishCooperatively(writeEditSteps(parsed.doc, parsed.index, parsed.layout, edits)), 'utf8'), next)
  }

  async create(policy: PolicyStore, options: { overwrite?: boolean } = {}): Promise<StoreSnapshot> {
    const bytes = Buffer.from(renderStore(policy), 'utf8')
    await this.verify(bytes, policy)
    await this.write(bytes, !options.overwrite)
    return { policy, version: versionOf(bytes) }
  }

  /**
   * The journal, oldest first (see {@link readJournal}), with the entry of a
   * journaled write that replaced the store but was interrupted before its
   * entry reached the journal (the next write appends it). Takes no lock.
   */
  async history(): Promise<readonly JournalEntry[]> {
    this.assertReachable()
    const entries = await readJournal(this.path, this.displayName)
    const pending = await readPendingEntry(this.path, this.displayName)
    if (pending === undefined || entries.some((e) => e.id === pending.id)) return entries
    let current: Buffer | undefined
    try {
      current = (await fs.exists(this.path)) ? await fs.readBytes(this.path, this.maxBytes) : undefined
    } catch (e) {
      throw describeIoError(e, 'read', this.displayName)
    }
    return current !== undefined && versionOf(current) === pending.after ? [...entries, pending] : entries
  }

  /**
   * Restores the exact bytes the store had right after journal entry `id`
   * (from the version archive), holding the store lock, and journals the
   * rollback. Restoring the version the store is at writes nothing.
   *
   * @throws InvalidChangeError `AZMAN_ERR_CHANGE_NO_JOURNAL_ENTRY` when the
   *   journal has no entry `id`.
   * @throws StoreIoError when the version is not archived or its file is damaged.
   * @throws ConflictError `AZMAN_ERR_CONFLICT_PRECONDITION` when `options.ifMatch` is not the store's version.
   */
  async rollback(id: string, record: Omit<ChangeRecord, 'changes'>, options: RollbackOptions = {}): Promise<UpdateResult> {
    this.assertReachable()
    if (options.dryRun === true) {
      // A preview reads only: no lock file, no journal, nothing next to the store changes.
      const { current, target } = await this.rollbackTarget(await this.bytes(), id, options.before === true)
      assertVersion(this.displayName, current.version, options.ifMatch)
      if (target) await options.check?.(current.policy, target.policy)
      return { before: current.version, after: target?.version ?? current.version, edits: target ? diffPolicies(current.policy, target.policy) : [] }
    }
    return this.locked(options.lockTimeoutMs, async (lock) => {
      const { bytes, mode } = await this.readLocked()
      assertVersion(this.displayName, versionOf(bytes), options.ifMatch)
      const { current, target } = await this.rollbackTarget(bytes, id, options.before === true)
      if (!target) return { before: current.version, after: current.version, edits: [] }
      await options.check?.(current.policy, target.policy)
      const edits = diffPolicies(current.policy, target.policy)
      const journaled = {
        actor: record.actor,
        action: 'rollback' as const,
        changes: rollbackChanges(id, options),
        ...(record.reason === undefined ? {} : { reason: record.reason }),
      }
      const after = await this.commit(lock, bytes, target.bytes, mode, journaled)
      return { before: current.version, after, edits }
    })
  }

  /** The policy of an archived version (see {@link loadVersion}). */
  async archived(version: string): Promise<PolicyStore> {
    this.assertReachable()
    return parseXmlStore(await loadVersion(this.path, version, this.displayName), `${this.displayName} (version ${version})`).policy
  }

  /** The store as it is and the archived version right after (or before) journal entry `id`; undefined when the store is at it already. */
  private async rollbackTarget(bytes: Buffer, id: string, before: boolean): Promise<{ current: ParsedXmlStore; target: (ParsedXmlStore & { bytes: Buffer }) | undefined }> {
    const entry = (await readJournal(this.path, this.displayName)).find((e) => e.id === id)
    if (entry === undefined) {
      throw new InvalidChangeError('AZMAN_ERR_CHANGE_NO_JOURNAL_ENTRY', `${this.displayName} has no journal entry ${JSON.stringify(id)}; run "azman history ${this.displayName}" to see the entry ids`)
    }
    const current = parseXmlStore(bytes, this.displayName)
    const version = before ? entry.before : entry.after
    if (current.version === version) return { current, target: undefined }
    const archived = await loadVersion(this.path, version, this.displayName)
    return { current, target: { ...parseXmlStore(archived, `${this.displayName} (version ${version})`), bytes: archived } }
  }

  /** Writes bytes that are already known to be a store, such as an unchanged copy. */
  async writeBytes(bytes: Uint8Array, options: { overwrite?: boolean } = {}): Promise<void> {
    await this.write(bytes, !options.overwrite)
  }

  /** What is about to be written must read back as exactly the policy meant; otherwise nothing is written. */
  private async verify(bytes: Uint8Array, expected: PolicyStore): Promise<void> {
    let reread: PolicyStore
    try {
      reread = (await parseXmlStoreCooperatively(bytes, this.displayName)).policy
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e)
      throw new InvalidChangeError('AZMAN_ERR_CHANGE_UNWRITABLE', `the change cannot be written to ${this.displayName}: the result would not read back (${why}); nothing was written`)
    }
    // Cooperative: in the REST service a large write's check must not hold up other requests.
    const drift = await finishCooperatively(diffPolicySteps(reread, expected))
    if (drift.length > 0) {
      throw new InvalidChangeError(
        'AZMAN_ERR_CHANGE_UNWRITABLE',
        `the change cannot be written faithfully to ${this.displayName} (${drift.length} difference(s) on reading it back, first: ${JSON.stringify(drift[0])}); nothing was written`,
      )
    }
  }

  /**
   * Writes a whole store. A new file is created exclusively; replacing an
   * existing one (`copy --force`) takes the store lock like any write, so it
   * never races a writer that is applying a change set.
   */
  private async write(bytes: Uint8Array, exclusive = false): Promise<void> {
    this.assertReachable()
    const replace = async (): Promise<void> => {
      try {
        await fs.writeAtomic(this.path, bytes, { exclusive })
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
          throw new ConflictError('AZMAN_ERR_CONFLICT_EXISTS', `${this.displayName} already exists; pass --force to replace it`)
        }
        throw describeIoError(e, 'write', this.displayName)
      }
    }
    if (exclusive) return replace()
    return this.locked(undefined, async (lock) => {
      await lock.assertHeld()
      await replace()
    })
  }

  private async locked<T>(timeoutMs: number | undefined, work: (lock: StoreLock) => Promise<T>): Promise<T> {
    try {
      return await withStoreLock(this.path, timeoutMs === undefined ? { displayName: this.displayName } : { displayName: this.displayName, timeoutMs }, work)
    } finally {
      // Whatever the write did, the next read looks at the file again.
      this.cache?.forget()
    }
  }

  /**
   * Holding the lock: removes what killed writers left (temporary files, a
   * torn journal line, the entry of an interrupted write), then reads the
   * store. Returns its bytes and the mode its companion files get (the
   * store's read and write bits).
   */
  private async readLocked(): Promise<{ bytes: Buffer; mode: number }> {
    await removeLeftovers(this.path, this.displayName)
    let bytes: Buffer
    let mode: number
    try {
      bytes = await fs.readBytes(this.path, this.maxBytes)
      mode = ((await fs.statIfExists(this.path))?.mode ?? 0o644) & 0o666
    } catch (e) {
      throw describeIoError(e, 'read', this.displayName)
    }
    await repairJournalTail(this.path, this.displayName)
    await recoverPendingEntry(this.path, versionOf(bytes), mode, this.displayName)
    return { bytes, mode }
  }

  /**
   * Replaces the store's bytes `before` with `after`, holding `lock`, and
   * journals the write when `journaled` is given. Returns the new version.
   *
   * Order, and what a kill at each point leaves (the next writer, holding the
   * lock, first removes temporary files of dead processes, cuts a torn journal
   * line and settles a pending entry; see {@link readLocked}):
   *
   * 1. Archive `before` and `after` in `<store>.versions/` (content-addressed,
   *    each written atomically and flushed). Killed here: the store is
   *    untouched; an archived version no journal names is harmless. Archiving
   *    comes first so that no journal entry (nor pending entry) ever names a
   *    version the archive lacks, and so that a rollback can always restore
   *    the version the store had before this write.
   * 2. Write `before` to `<store>.bak`, atomically. Killed here: the store is
   *    untouched; the backup is the old backup or `before`.
   * 3. Check the lock is still ours, then write the journal entry to
   *    `<store>.journal.pending.json`, atomically. Killed here: the store is
   *    at `before`, so the next writer drops the pending entry.
   * 4. Replace the store (temporary file, fsync, rename, folder fsync). The
   *    rename is the commit point: before it the store holds `before`, after
   *    it `after`, never a mix.
   * 5. Append the entry to the journal (one `O_APPEND` write, fsync). Killed
   *    between 4 and 5, or mid-append (a torn last line, which readers
   *    ignore): the store is at `after` and the pending entry says so, so the
   *    next writer appends it (and `history()` shows it meanwhile). A change
   *    the store holds is never missing from the journal.
   * 6. Remove the pending entry. Killed before: the next writer finds the
   *    entry already in the journal and only removes the file.
   * The lock is released by the caller; a kill leaves it to a dead process,
   * and the next writer breaks it.
   */
  private async commit(lock: StoreLock, before: Buffer, after: Buffer, mode: number, journaled: Omit<JournalEntry, 'id' | 'time' | 'before' | 'after'> | undefined): Promise<string> {
    const beforeVersion = versionOf(before)
    const afterVersion = versionOf(after)
    const now = new Date()
    const entry: JournalEntry | undefined = journaled === undefined ? undefined : { id: newEntryId(now), time: now.toISOString(), ...journaled, before: beforeVersion, after: afterVersion }
    if (entry !== undefined && 'problem' in parseJournalEntry(formatJournalEntry(entry))) {
      throw new Error(`bug: the journal record of this change does not read back as an entry: ${formatJournalEntry(entry).slice(0, 200)}`)
    }
    await archiveVersion(this.path, before, mode, this.displayName)
    await archiveVersion(this.path, after, mode, this.displayName)
    try {
      await fs.writeAtomic(`${this.path}.bak`, before, { mode })
    } catch (e) {
      throw describeIoError(e, 'write the backup', `${this.displayName}.bak`)
    }
    await lock.assertHeld()
    if (entry !== undefined) await writePendingEntry(this.path, entry, mode, this.displayName)
    try {
      await fs.writeAtomic(this.path, after)
    } catch (e) {
      // The rename did not happen, so the store holds `before`: the pending entry is void.
      if (entry !== undefined) await clearPendingEntry(this.path, this.displayName).catch(() => undefined)
      throw describeIoError(e, 'write', this.displayName)
    }
    if (entry !== undefined) {
      try {
        await appendJournalEntry(this.path, entry, mode, this.displayName)
      } catch (e) {
        const why = describeIoError(e, 'append to', `${this.displayName}.journal.jsonl`)
        throw new StoreIoError(
          `${this.displayName} was written (it is now at ${afterVersion}) but its journal entry was not added: ${why.message}; the entry is kept in ${this.displayName}.journal.pending.json and the next write adds it`,
          { cause: e, source: this.displayName },
        )
      }
      // The entry is journaled; a pending file that could not be removed is settled by the next writer.
      await clearPendingEntry(this.path, this.displayName).catch(() => undefined)
    }
    return afterVersion
  }

  private assertReachable(): void {
    if (this.windowsPath && process.platform !== 'win32') {
      throw new UnsupportedStoreError(`${this.displayName} is a Windows path; run azman on that Windows host, or copy the file here and name its local path`)
    }
  }
}
