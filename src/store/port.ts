import type { PolicyEdit } from '../model/edit/policy-edit.js'
import type { PolicyStore } from '../model/policy.js'

/** A store as read at one moment. */
export interface StoreSnapshot {
  readonly policy: PolicyStore
  /**
   * Opaque version token: equal tokens mean the stored policy did not change.
   * For an XML store, `sha256:` and the hash of the file's bytes.
   */
  readonly version: string
}

export interface UpdateOptions {
  /** Refuse the update unless the store is still at this version (an optimistic precondition). */
  readonly expectedVersion?: string
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
  update(change: (current: StoreSnapshot) => PolicyStore, options?: UpdateOptions): Promise<UpdateResult>
  /** Writes a whole policy to a store that does not exist yet (or is replaced, with `overwrite`). */
  create(policy: PolicyStore, options?: { readonly overwrite?: boolean }): Promise<StoreSnapshot>
}
