import { stat } from 'node:fs/promises'
import type { StoreSnapshot } from '../port.js'

/** What identifies one content of a file without reading it. */
export interface FileIdentity {
  /** Wall-clock time just before the file was looked at, in nanoseconds. */
  readonly seenAtNs: bigint
  readonly dev: bigint
  readonly ino: bigint
  readonly size: bigint
  readonly mtimeNs: bigint
  readonly ctimeNs: bigint
}

/**
 * How long after a file's last change its identity (inode, size, times) is
 * trusted to tell its content, in nanoseconds. File times come from a coarse
 * clock, so two writes in the same tick can leave the same times: a file
 * changed less than this before it was looked at is read again (as git does
 * with "racily clean" files).
 */
const SETTLED_NS = 2_000_000_000n

function same(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs
}

/**
 * The last snapshot read from a store file, for a long-running process that
 * reads the same store again and again (the REST service). A load first looks
 * at the file: when its identity is the cached one and the file had settled
 * when it was cached, the cached snapshot is the file's content. Otherwise
 * the caller reads the bytes, and a snapshot of the same version (same
 * SHA-256) is still reused without parsing again.
 *
 * Snapshots are immutable, so sharing one between requests is safe.
 */
export class SnapshotCache {
  private cached: { readonly identity: FileIdentity; readonly settled: boolean; readonly snapshot: StoreSnapshot } | undefined

  constructor(private readonly path: string) {}

  /** Looks at the file; returns the cached snapshot when it certainly is the file's content, and the identity to cache with otherwise. */
  async lookup(): Promise<{ readonly hit: StoreSnapshot } | { readonly identity: FileIdentity | undefined }> {
    let identity: FileIdentity | undefined
    try {
      // Taken before the bytes are read: a file replaced after this is seen as changed next time.
      const seenAtNs = BigInt(Date.now()) * 1_000_000n
      const s = await stat(this.path, { bigint: true })
      identity = { seenAtNs, dev: s.dev, ino: s.ino, size: s.size, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs }
    } catch {
      return { identity: undefined } // the read that follows reports the problem
    }
    const cached = this.cached
    if (cached !== undefined && cached.settled && same(cached.identity, identity)) return { hit: cached.snapshot }
    return { identity }
  }

  /** A snapshot of this version already parsed, if any. */
  sameVersion(version: string): StoreSnapshot | undefined {
    return this.cached?.snapshot.version === version ? this.cached.snapshot : undefined
  }

  remember(identity: FileIdentity | undefined, snapshot: StoreSnapshot): void {
    if (identity === undefined) {
      this.cached = undefined
      return
    }
    this.cached = { identity, settled: identity.seenAtNs - identity.ctimeNs >= SETTLED_NS, snapshot }
  }
}
