import type { EntryKind } from './schema.js'

/** Where one object of a loaded store lives in the directory, and its change stamp. */
export interface IndexedObject {
  readonly kind: EntryKind
  /** Plain DN, as the server spelled it. */
  readonly dn: string
  /** The object's `objectGUID` (text, lower case): links are written as `<GUID=...>`. */
  readonly objectGuid: string
  /** `uSNChanged` and `whenChanged` when the store was read. */
  readonly usn: string
  readonly whenChanged: string
  /**
   * The objectGUID each member SID's value points to (role assignments,
   * groups): a member is removed by `<GUID=...>`, exact even where the server
   * resolves a `<SID=...>` ambiguously.
   */
  readonly memberGuids?: ReadonlyMap<string, string>
}

/** A loaded store's objects by model GUID, for writing changes back. */
export interface StoreIndex {
  readonly storeDn: string
  readonly store: IndexedObject
  /** By {@link guidKey} of the model GUID. */
  readonly objects: ReadonlyMap<string, IndexedObject>
  /** {@link dnKey}s of the containers that exist. */
  readonly containers: ReadonlySet<string>
  /** Every AzMan object and container read, with its stamp (the version is made from them). */
  readonly stamps: readonly { readonly objectGuid: string; readonly usn: string; readonly whenChanged: string }[]
}
