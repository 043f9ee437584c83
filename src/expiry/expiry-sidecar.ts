import { readBytesIfExists, writeAtomic } from '../fs/file-system.js'
import { ioReason } from '../fs/io-error.js'
import { withStoreLock } from '../fs/store-lock.js'
import { ExpiryFileError } from '../errors/input-errors.js'
import { companionBase, type StorePort } from '../store/port.js'
import { EMPTY_EXPIRY_FILE, expiryPathOf, parseExpiryFile, renderExpiryFile } from './expiry-file.js'
import type { ExpiryEntry, ExpiryFile } from './expiry-schema.js'

/** The largest sidecar file read, in bytes (16 MiB: some hundred thousand entries). */
export const MAX_EXPIRY_FILE_BYTES = 16 * 1024 * 1024

/**
 * The expiry sidecar of one store: `<store>.expiry.json` beside an XML store
 * (next to its journal), `<journal>.expiry.json` beside an AD store's
 * `--journal` file. The store itself never holds an expiry (AzMan has no such
 * attribute), so it stays byte for byte what it would be without one.
 */
export class ExpirySidecar {
  private constructor(
    /** The path the store's lock and companion files are named after. */
    readonly base: string,
    /** The sidecar file. */
    readonly path: string,
  ) {}

  /** The sidecar of `store`; undefined when the store keeps no companion files (an AD store without `--journal`). */
  static of(store: StorePort): ExpirySidecar | undefined {
    const base = companionBase(store)
    return base === undefined ? undefined : new ExpirySidecar(base, expiryPathOf(base))
  }

  /**
   * The file as it is (no entries when there is none), for a write.
   *
   * @throws ExpiryFileError when it cannot be read or does not parse (exit 2): a write refuses to go on
   */
  async read(): Promise<ExpiryFile> {
    let bytes: Buffer | undefined
    try {
      bytes = await readBytesIfExists(this.path)
    } catch (e) {
      throw new ExpiryFileError(`cannot read the expiry file ${this.path}: ${ioReason(e)}`, { cause: e })
    }
    if (bytes === undefined) return EMPTY_EXPIRY_FILE
    if (bytes.length > MAX_EXPIRY_FILE_BYTES) throw new ExpiryFileError(`the expiry file ${this.path} is larger than ${MAX_EXPIRY_FILE_BYTES} bytes; fix or remove it`)
    return parseExpiryFile(bytes.toString('utf8'), this.path)
  }

  /**
   * The entries, for a read (show, who-can, audit): a file that cannot be
   * read or parsed is ignored, with `warn` told why (reads go on as if no
   * member had an expiry).
   */
  async entriesForRead(warn: (message: string) => void): Promise<readonly ExpiryEntry[]> {
    try {
      return (await this.read()).entries
    } catch (e) {
      if (!(e instanceof ExpiryFileError)) throw e
      warn(`${e.message}; expiries are left out`)
      return []
    }
  }

  /**
   * Reads the file, changes it with `change` and replaces it atomically,
   * holding the store's lock (waiting up to `lockTimeoutMs`, default 30000),
   * so that it never races a write of the store or another sidecar update.
   * An empty result removes nothing: the file stays, with no entries.
   *
   * @throws ExpiryFileError when the file does not parse, or cannot be written
   */
  async update<T>(change: (file: ExpiryFile) => { readonly file: ExpiryFile; readonly result: T } | Promise<{ readonly file: ExpiryFile; readonly result: T }>, lockTimeoutMs?: number): Promise<T> {
    return withStoreLock(this.base, lockTimeoutMs === undefined ? { displayName: this.base } : { displayName: this.base, timeoutMs: lockTimeoutMs }, async (lock) => {
      const before = await this.read()
      const { file, result } = await change(before)
      if (file === before) return result
      await lock.assertHeld()
      try {
        await writeAtomic(this.path, Buffer.from(renderExpiryFile(file), 'utf8'))
      } catch (e) {
        throw new ExpiryFileError(`cannot write the expiry file ${this.path}: ${ioReason(e)}`, { cause: e })
      }
      return result
    })
  }
}
