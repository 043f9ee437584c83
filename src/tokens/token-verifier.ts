import { timingSafeEqual } from 'node:crypto'
import { stat } from 'node:fs/promises'
import type { Role } from './roles.js'
import { describeIoError } from '../store/xml/io-error.js'
import { readTokenFile } from './token-file.js'
import { hashToken } from './token-secret.js'

/** Who a request comes from: the name and role of its token. */
export interface Caller {
  readonly name: string
  readonly role: Role
}

/** How often a verifier looks whether the tokens file changed, in milliseconds. */
export const RELOAD_INTERVAL_MS = 1000

interface Entry {
  readonly caller: Caller
  readonly hash: Buffer
}

/**
 * Checks presented tokens against a tokens file. The file is read again when
 * it changes (looked at once a second at most), so `azman token revoke`
 * takes effect on a running server. A token is hashed and compared with every
 * known hash in constant time, so neither the time taken nor an early exit
 * tells how close a guess was.
 */
export class TokenVerifier {
  private entries: readonly Entry[] = []
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
    return this.entries.length
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
      this.entries = records.map((r) => ({ caller: { name: r.name, role: r.role }, hash: Buffer.from(r.sha256, 'hex') }))
      this.seen = signature
      return undefined
    } catch (e) {
      if (force) throw describeIoError(e, 'read', this.file)
      this.entries = []
      this.seen = ''
      return e
    }
  }

  /** The caller a token belongs to, or undefined. */
  verify(token: string): Caller | undefined {
    const presented = hashToken(token)
    let found: Caller | undefined
    for (const entry of this.entries) {
      if (timingSafeEqual(presented, entry.hash) && found === undefined) found = entry.caller
    }
    return found
  }
}
