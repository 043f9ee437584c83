import type { PolicyEdit } from '../model/edit/policy-edit.js'
import type { PolicyStore } from '../model/policy.js'
import type { ExpectedVersion } from './precondition.js'

/** A store as read at one moment. */
export interface StoreSnapshot {
  readonly policy: PolicyStore
  /**
   * Opaque version token: equal tokens mean the stored policy did not change.
   * For an XML store, `sha256:` and the hash of the file's bytes.
   */
  readonly version: string
}

/** A JSON value, as the journal stores it. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue }

/** Who made a write and why; recorded in the store's journal with the write. */
export interface ChangeRecord {
  /** The person or system that made the change: the OS user unless given. */
  readonly actor: string
  /** The justification, e.g. a ticket number. */
  readonly reason?: string
  /** The change set that was applied, as JSON. */
  readonly changes: JsonValue
}

export interface UpdateOptions {
  /** Refuse the update unless the store is still at this version (an optimistic precondition). */
  readonly expectedVersion?: string
  /** How long to wait for another writer to finish, in milliseconds. Default 30000. */
  readonly lockTimeoutMs?: number
  /** Journal the write with this record. Without it the write is not journaled. */
  readonly record?: ChangeRecord
}

export interface RollbackOptions extends Pick<UpdateOptions, 'lockTimeoutMs'> {
  /** Say what the rollback would change and write nothing (no lock, no journal). Default false. */
  readonly dryRun?: boolean
  /** Restore the version the store had right before the entry instead of right after it (undo it). Default false. */
  readonly before?: boolean
  /** Refuse the rollback unless the store is at this version, or one of these (`AZMAN_ERR_CONFLICT_PRECONDITION`, checked under the lock). */
  readonly ifMatch?: ExpectedVersion
  /**
   * Called with the store as it is and the policy the rollback would leave,
   * before anything is written (and on a dry run): throwing refuses the
   * rollback. The write guards (the broad-principal guard) run here.
   */
  readonly check?: (current: PolicyStore, target: PolicyStore) => void | Promise<void>
  /** Recorded with the rollback in the journal (`"allowBroad": true` when broad grants were allowed). */
  readonly allowBroad?: boolean
}

/** One line of a store's change journal. */
export interface JournalEntry {
  /** Stable, sortable id of the entry (`rollback --to` takes it). */
  readonly id: string
  /** ISO 8601 time of the write, UTC. */
  readonly time: string
  readonly actor: string
  readonly reason?: string
  readonly action: 'apply' | 'rollback'
  /** The change set applied; for a rollback, `{ "rollbackTo": id }` or `{ "rollbackBefore": id }`. */
  readonly changes: JsonValue
  /** Store version before and after the write. */
  readonly before: string
  readonly after: string
}

export interface UpdateResult {
  /** The version the update was made on. */
  readonly before: string
  /** The version after it; equal to `before` when nothing changed. */
  readonly after: string
  /** What was written, object by object; empty when the store already was as asked. */
  readonly edits: readonly PolicyEdit[]
}

/**
 * The one interface every kind of store implements (XML files now, Active
 * Directory later). Callers never see bytes or LDAP entries: they read a
 * policy and hand back the policy they want; the adapter writes only the
 * difference.
 */
export interface StorePort {
  /** How the user named the store, for messages. */
  readonly displayName: string
  /** Reads the whole store. */
  load(): Promise<StoreSnapshot>
  /**
   * Reads the store, computes the wanted policy from it with `change`, and
   * writes only the objects that differ, failing with a conflict when
   * `expectedVersion` is given and the store is no longer at it.
   */
  update(change: (current: StoreSnapshot) => PolicyStore | Promise<PolicyStore>, options?: UpdateOptions): Promise<UpdateResult>
  /**
   * Does what `update` would do to write `next` over `current`, short of
   * writing: a dry run calls it, so that it refuses what the write would
   * (an XML store renders the edits and reads them back). Writes nothing,
   * takes no lock.
   */
  rehearse(current: StoreSnapshot, next: PolicyStore): Promise<void>
  /** Writes a whole policy to a store that does not exist yet (or is replaced, with `overwrite`). */
  create(policy: PolicyStore, options?: { readonly overwrite?: boolean }): Promise<StoreSnapshot>
  /** The store's change journal, oldest first; empty when nothing was journaled. */
  history(): Promise<readonly JournalEntry[]>
  /**
   * Restores the store as it was right after journal entry `id` (right
   * before it with `before`), under the same lock as any write, and
   * journals the rollback itself.
   */
  rollback(id: string, record: Omit<ChangeRecord, 'changes'>, options?: RollbackOptions): Promise<UpdateResult>
  /**
   * The policy of a version the journal names (an entry's `before` or
   * `after`), from the version archive journaled writes keep: what `revert`
   * compares to find what one entry changed.
   *
   * @throws StoreIoError when that version is not archived or its file is damaged.
   */
  archived(version: string): Promise<PolicyStore>
}

/**
 * A capability some stores have: the store is one document of bytes (an XML
 * file), which can be read and written whole, byte for byte. Commands that
 * can work on the bytes (copy unchanged, show read progress) ask for it with
 * {@link storeDocument} instead of asking which adapter a store is.
 */
export interface StoreDocument {
  /** The document as it is now. */
  bytes(): Promise<Uint8Array>
  /** Writes a whole document (the caller has checked it is one), refusing an existing store unless `overwrite`. */
  writeBytes(bytes: Uint8Array, options?: { readonly overwrite?: boolean }): Promise<void>
}

/** The store's {@link StoreDocument} capability, when it has it (XML stores); undefined otherwise (AD stores). */
export function storeDocument(store: StorePort): StoreDocument | undefined {
  const candidate = store as StorePort & Partial<StoreDocument>
  if (typeof candidate.bytes !== 'function' || typeof candidate.writeBytes !== 'function') return undefined
  const { bytes, writeBytes } = candidate
  return { bytes: () => bytes.call(store), writeBytes: (data, options) => writeBytes.call(store, data, options) }
}

/**
 * A capability every store that keeps companion files has: the path its lock,
 * journal and sidecar files are named after (`<base>.lock`, `<base>.expiry.json`).
 * An XML store's own file; an AD store's journal file (`--journal`).
 */
export interface StoreCompanions {
  /** The path, or undefined when the store keeps no companion files (an AD store without a journal). */
  companionBase(): string | undefined
}

/** The path a store's companion files are named after (see {@link StoreCompanions}); undefined when it has none. */
export function companionBase(store: StorePort): string | undefined {
  const candidate = store as StorePort & Partial<StoreCompanions>
  return typeof candidate.companionBase === 'function' ? candidate.companionBase() : undefined
}
