/**
 * COM values as JScript sees them, for the Windows Script Host sandbox: errors with a `number` (the
 * HRESULT) and a `description`, SAFEARRAYs (what WMI and ADO hand out for `uint8[]` and binary
 * data: opaque to JScript, readable only through `VBArray`), and collections walked by `Enumerator`.
 *
 * Sources (Microsoft's documentation, not recordings of a host):
 * - JScript `Error` object, `number` and `description`: https://learn.microsoft.com/en-us/previous-versions/windows/internet-explorer/ie-developer/scripting-articles/dww52sbt(v=vs.84)
 * - JScript `VBArray` object (`toArray`, `ubound`, `lbound`, `dimensions`): https://learn.microsoft.com/en-us/previous-versions/windows/internet-explorer/ie-developer/scripting-articles/3s0yd19c(v=vs.84)
 * - JScript `Enumerator` object (`atEnd`, `item`, `moveFirst`, `moveNext`): https://learn.microsoft.com/en-us/previous-versions/windows/internet-explorer/ie-developer/scripting-articles/6ch9zb09(v=vs.84)
 */

/** An error raised by a COM object: `number` is the HRESULT as JScript gives it (a negative 32-bit integer). */
export class ComError extends Error {
  readonly number: number
  readonly description: string
  constructor(hresult: number, description: string) {
    super(description)
    this.number = hresult | 0
    this.description = description
  }
}

/**
 * HRESULTs the fakes raise. The WBEM_E_* values: https://learn.microsoft.com/en-us/windows/win32/wmisdk/wmi-error-constants
 * (a missing namespace is WBEM_E_INVALID_NAMESPACE; a namespace the caller may not open, WBEM_E_ACCESS_DENIED or E_ACCESSDENIED).
 */
export const HRESULT = {
  /** WBEM_E_FAILED */
  failed: 0x80041001,
  /** WBEM_E_NOT_FOUND */
  notFound: 0x80041002,
  /** WBEM_E_INVALID_NAMESPACE */
  invalidNamespace: 0x8004100e,
  /** WBEM_E_INVALID_CLASS */
  invalidClass: 0x80041010,
  /** WBEM_E_INVALID_QUERY */
  invalidQuery: 0x80041017,
  /** WBEM_E_ACCESS_DENIED */
  accessDenied: 0x80041003,
  /** WBEM_E_TYPE_MISMATCH */
  typeMismatch: 0x80041005,
  /** E_ACCESSDENIED */
  eAccessDenied: 0x80070005,
  /**
   * RPC_S_SERVER_UNAVAILABLE (1722) as an HRESULT (HRESULT_FROM_WIN32): what connecting to WMI raises when the service cannot be reached.
   * https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--1700-3999-
   */
  rpcUnavailable: 0x800706ba,
  /** Automation server can't create object (CTL_E_CANTCREATEOBJECT as JScript reports it) */
  cantCreate: 0x800a01ad,
  /** File could not be opened (adErrFileOpen 3002, ADO): https://learn.microsoft.com/en-us/sql/ado/reference/ado-api/errorvalueenum */
  adoFileOpen: 0x800a0bba,
} as const

/** A SAFEARRAY of bytes (`VT_ARRAY | VT_UI1`): JScript can pass it on or wrap it in a `VBArray`, nothing else. */
export class SafeArray {
  readonly #bytes: Uint8Array
  constructor(bytes: Uint8Array) {
    this.#bytes = Uint8Array.from(bytes)
  }

  /** The bytes, for the fakes (JScript cannot reach them but through VBArray). */
  static bytesOf(value: unknown): Uint8Array {
    if (!(value instanceof SafeArray)) throw new ComError(HRESULT.typeMismatch, 'Type mismatch: a SAFEARRAY of bytes was expected')
    return value.#bytes
  }
}

/** JScript's `VBArray`: `new VBArray(safeArray).toArray()` gives the elements as a JScript array. */
export class VBArray {
  readonly #bytes: Uint8Array
  constructor(value: unknown) {
    this.#bytes = SafeArray.bytesOf(value)
  }
  toArray(): number[] {
    return Array.from(this.#bytes)
  }
  ubound(): number {
    return this.#bytes.length - 1
  }
  lbound(): number {
    return 0
  }
  dimensions(): number {
    return 1
  }
}

const ITEMS = Symbol('items')

/** A COM collection (SWbemObjectSet, INetFwRules ...): `Count`, `Item`, and enumerable by `Enumerator`. */
export class ComCollection<T> {
  readonly [ITEMS]: readonly T[]
  constructor(items: readonly T[]) {
    this[ITEMS] = items
  }
  get Count(): number {
    return this[ITEMS].length
  }
  Item(index: number): T {
    const item = this[ITEMS][index]
    if (item === undefined) throw new ComError(HRESULT.notFound, 'Not found')
    return item
  }
}

/** JScript's `Enumerator` over a COM collection; anything else is refused as JScript refuses it. */
export class Enumerator<T> {
  readonly #items: readonly T[]
  #index = 0
  constructor(collection: unknown) {
    if (!(collection instanceof ComCollection)) throw new ComError(0x800a01b6, "Object doesn't support this property or method")
    this.#items = (collection as ComCollection<T>)[ITEMS]
  }
  atEnd(): boolean {
    return this.#index >= this.#items.length
  }
  item(): T | undefined {
    return this.#items[this.#index]
  }
  moveNext(): void {
    this.#index++
  }
  moveFirst(): void {
    this.#index = 0
  }
}
