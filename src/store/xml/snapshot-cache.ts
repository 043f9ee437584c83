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

/** A cache miss: what to remember the snapshot read next with. */
export interface Miss {
  readonly identity: FileIdentity | undefined
  readonly generation: number
}

/**
 * The last snapshot read from a store file, for a long-running process that
 * reads the same store again and again (the REST service). A load first looks
 * at the file: when its identity is the cached one and the file had settled
 * when it was cached, the cached snapshot is the file's content. Otherwise
 * the caller reads the bytes, and a snapshot of the same version (same
 * SHA-256) is still reused without parsing again.
 *
 * With `revalidateMs`, a snapshot confirmed less than that long ago is used
 * without looking at the file: a write by another process shows that much
 * later at most. Writes through the store that owns the cache call
 * {@link SnapshotCache.forget}, so they show at once (a read that started
 * before the write cannot put its older snapshot back: generations).
 *
 * Snapshots are immutable, so sharing one between requests is safe.
 */
export class SnapshotCache {
  private cached: { readonly identity: FileIdentity; readonly settled: boolean; readonly snapshot: StoreSnapshot; confirmedAt: bigint } | undefined
  private generation = 0
  /** The look at the file in progress, shared by the lookups made meanwhile. */
  private looking: { readonly generation: number; readonly result: Promise<{ readonly hit: StoreSnapshot } | Miss> } | undefined
  private readonly revalidateNs: bigint

  constructor(
    private readonly path: string,
    options: { readonly revalidateMs?: number } = {},
  ) {
    this.revalidateNs = BigInt(Math.max(0, Math.round((options.revalidateMs ?? 0) * 1e6)))
  }

  /** The cached snapshot if it was confirmed less than `revalidateMs` ago: no look at the file, no promise. */
  fresh(): StoreSnapshot | undefined {
    const cached = this.cached
    return cached !== undefined && cached.settled && this.revalidateNs > 0n && process.hrtime.bigint() - cached.confirmedAt < this.revalidateNs ? cached.snapshot : undefined
  }

  /**
   * The cached snapshot when it certainly is (or, within `revalidateMs`, was) the file's content; otherwise what to remember the next read with.
   * Lookups made while another one looks at the file share its look (one `stat`, not one per request), unless the file was written meanwhile.
   */
  lookup(): Promise<{ readonly hit: StoreSnapshot } | Miss> {
    const hit = this.fresh()
    if (hit !== undefined) return Promise.resolve({ hit })
    if (this.looking !== undefined && this.looking.generation === this.generation) return this.looking.result
    const generation = this.generation
    const result = this.look(generation).finally(() => {
      if (this.looking?.result === result) this.looking = undefined
    })
    this.looking = { generation, result }
    return result
  }

  private async look(generation: number): Promise<{ readonly hit: StoreSnapshot } | Miss> {
    const cached = this.cached
    let identity: FileIdentity
    try {
      // Taken before the bytes are read: a file replaced after this is seen as changed next time.
      const seenAtNs = BigInt(Date.now()) * 1_000_000n
      const confirmedAt = process.hrtime.bigint()
      const s = await stat(this.path, { bigint: true })
      identity = { seenAtNs, dev: s.dev, ino: s.ino, size: s.size, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs }
      if (cached !== undefined && cached === this.cached && cached.settled && same(cached.identity, identity)) {
        cached.confirmedAt = confirmedAt
        return { hit: cached.snapshot }
      }
    } catch {
      return { identity: undefined, generation } // the read that follows reports the problem
    }
    return { identity, generation }
  }

  /** A snapshot of this version already parsed, if any. */
  sameVersion(version: string): StoreSnapshot | undefined {
    return this.cached?.snapshot.version === version ? this.cached.snapshot : undefined
  }

  remember(miss: Miss, snapshot: StoreSnapshot): void {
    if (miss.generation !== this.generation) return // the file was written meanwhile: this snapshot may be older
    const { identity } = miss
    if (identity === undefined) {
      this.cached = undefined
      return
    }
    this.cached = { identity, settled: identity.seenAtNs - identity.ctimeNs >= SETTLED_NS, snapshot, confirmedAt: process.hrtime.bigint() }
  }

  /** Drops the cached snapshot: the file was just written through this process. */
  forget(): void {
    this.generation++
    this.cached = undefined
    this.looking = undefined
  }
}
