import { stat } from 'node:fs/promises'
import type { Role } from './roles.js'
import { describeIoError } from '../fs/io-error.js'
import { readTokenFile } from './token-file.js'
import { tokenDigest } from './token-secret.js'

/** Who a request comes from: the name and role of its token. */
export interface Caller {
  readonly name: string
  readonly role: Role
}

/** How often a verifier looks whether the tokens file changed, in milliseconds. */
export const RELOAD_INTERVAL_MS = 1000

/**
 * Checks presented tokens against a tokens file. The file is read again when
 * it changes (looked at once a second at most), so `azman token revoke`
 * takes effect on a running server. A presented token is hashed (SHA-256,
 * about a microsecond) and its hash looked up among the known ones. The
 * lookup compares hashes, never tokens: how long it takes can only tell how
 * the SHA-256 of a guess compares with a stored hash, which says nothing
 * about any token (finding a token from its hash is a preimage attack).
 */
export class TokenVerifier {
  /** Callers by the hex SHA-256 of their token; the first record of a hash wins. */
  private byHash: ReadonlyMap<string, Caller> = new Map()
  private seen = ''
  private checkedAt = 0

  private constructor(private readonly file: string) {}

  /** Reads the file; fails when it cannot be read or is not a tokens file. */
  static async open(file: string): Promise<TokenVerifier> {
    const verifier = new TokenVerifier(file)
    await verifier.reload(true)
    return verifier
  }

  /** How many tokens are known. */
  get size(): number {
    return this.byHash.size
  }

  /** Whether {@link reload} would look at the file now (at most once per {@link RELOAD_INTERVAL_MS}). */
  get due(): boolean {
    return Date.now() - this.checkedAt >= RELOAD_INTERVAL_MS
  }

  /**
   * Reads the file again if it changed. A file that became unreadable or
   * damaged leaves no token valid until it is fixed (refusing is the safe
   * side); the error is returned for the log.
   */
  async reload(force = false): Promise<unknown> {
    const now = Date.now()
    if (!force && now - this.checkedAt < RELOAD_INTERVAL_MS) return undefined
    this.checkedAt = now
    try {
      const s = await stat(this.file, { bigint: true })
      const signature = `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`
      if (!force && signature === this.seen) return undefined
      const records = await readTokenFile(this.file)
      const byHash = new Map<string, Caller>()
      for (const r of records) if (!byHash.has(r.sha256)) byHash.set(r.sha256, { name: r.name, role: r.role })
      this.byHash = byHash
      this.seen = signature
      return undefined
    } catch (e) {
      if (force) throw describeIoError(e, 'read', this.file)
      this.byHash = new Map()
      this.seen = ''
      return e
    }
  }

  /** The caller a token belongs to, or undefined. */
  verify(token: string): Caller | undefined {
    return this.byHash.get(tokenDigest(token))
  }
}
