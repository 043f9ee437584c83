import { randomBytes } from 'node:crypto'
import { hostname, uptime } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import { ConflictError } from '../errors/change-errors.js'
import * as fs from './file-system.js'
import { describeIoError } from './io-error.js'

/**
 * The exclusive write lock of an XML store: a file `<store>.lock` next to the
 * store, created with `O_CREAT | O_EXCL` so that of two writers only one gets
 * it, holding JSON `{"pid", "hostname", "time", "token"}`. Readers take no
 * lock: the store file is only ever replaced atomically, so they see the old
 * or the new version.
 *
 * A lock whose holder is gone is *stale* and is broken: a lock of a process
 * of this host that no longer runs (`kill(pid, 0)` fails with `ESRCH`), a
 * lock written before this host last booted, a lock of this process that no
 * call of this process holds (an earlier process had the same pid), and a
 * lock file whose content is still unreadable after
 * {@link INCOMPLETE_LOCK_GRACE_MS} (its writer died between creating and
 * filling it). A lock of another host is never judged stale: this host
 * cannot tell whether that process runs.
 */

/** Default of {@link LockOptions.timeoutMs}: 30 seconds. */
export const DEFAULT_LOCK_TIMEOUT_MS = 30_000

/** A lock file that cannot be parsed this long (ms) after it was last written is stale. */
export const INCOMPLETE_LOCK_GRACE_MS = 2_000

/** First pause between two attempts to take a held lock, in ms; it grows by half each time. */
const FIRST_POLL_MS = 10
/** Longest pause between two attempts, in ms (before jitter). */
const MAX_POLL_MS = 200
/** How much earlier than the computed boot time a lock must be to count as written before the boot, in ms. */
const BOOT_TIME_TOLERANCE_MS = 60_000

/** Who holds a lock, as its file says. */
export interface LockOwner {
  readonly pid: number
  readonly hostname: string
  /** ISO 8601 time the lock was taken, UTC. */
  readonly time: string
  /** Random value that tells this lock from any other one, even of the same process. */
  readonly token: string
}

/** Options of {@link StoreLock.acquire}. */
export interface LockOptions {
  /**
   * How long to wait for another writer to release the lock, in milliseconds.
   * Default {@link DEFAULT_LOCK_TIMEOUT_MS} (30000); 0 makes one attempt;
   * `Infinity` waits as long as it takes.
   */
  readonly timeoutMs?: number
  /** The store as the user named it, for messages. Default: its path. */
  readonly displayName?: string
}

/** The lock file of the store at `storePath`. */
export function lockPathOf(storePath: string): string {
  return `${storePath}.lock`
}

/** Tokens of the locks this process holds now (to tell them from a dead process's lock with the same pid). */
const heldTokens = new Set<string>()

/** Whether a process of this host with this pid runs (a process of another user counts). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH'
  }
}

/** The lock file as found: its inode, exact bytes and, when they parse, its owner. */
interface Observed {
  readonly ino: number
  readonly mtimeMs: number
  readonly raw: Buffer
  readonly owner: LockOwner | undefined
}

/** A held store lock. Release it with {@link StoreLock.release} (or use {@link withStoreLock}). */
export class StoreLock {
  private released = false

  private constructor(
    /** The lock file. */
    readonly path: string,
    /** Who holds it: this process. */
    readonly owner: LockOwner,
    private readonly raw: Buffer,
    private readonly displayName: string,
  ) {}

  /**
   * Takes the lock of the store at `storePath`, waiting up to
   * `options.timeoutMs` (default 30000 ms) for a live holder to release it,
   * polling every 10 ms at first and up to every 200 ms, with jitter. Stale
   * locks are broken on the way.
   *
   * @throws ConflictError `AZMAN_ERR_CONFLICT_LOCKED` (exit 5) when the
   *   timeout passes and another process still holds the lock.
   * @throws StoreIoError `AZMAN_ERR_STORE_IO` (exit 2) when the lock file
   *   cannot be created (no such folder, permission denied...).
   */
  static async acquire(storePath: string, options: LockOptions = {}): Promise<StoreLock> {
    const path = lockPathOf(storePath)
    const displayName = options.displayName ?? storePath
    const requested = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS
    const timeoutMs = Number.isNaN(requested) ? DEFAULT_LOCK_TIMEOUT_MS : Math.max(0, requested)
    const deadline = Date.now() + timeoutMs
    let pause = FIRST_POLL_MS
    for (;;) {
      const owner: LockOwner = { pid: process.pid, hostname: hostname(), time: new Date().toISOString(), token: randomBytes(12).toString('hex') }
      const raw = Buffer.from(`${JSON.stringify(owner)}\n`, 'utf8')
      // Known as held before the file exists, so that another call of this process never takes it for stale.
      heldTokens.add(owner.token)
      try {
        await fs.createExclusive(path, raw)
        return new StoreLock(path, owner, raw, displayName)
      } catch (e) {
        heldTokens.delete(owner.token)
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw describeIoError(e, 'create the lock file', `${displayName}.lock`)
      }
      let seen = await observe(path, displayName)
      if (seen === undefined) continue // released meanwhile: try again at once
      if (isStale(seen)) {
        if (await breakStale(path, seen, displayName)) continue
        // Not broken, as it changed meanwhile: wait for whoever holds it now.
        seen = await observe(path, displayName)
        if (seen === undefined) continue
      }
      const left = deadline - Date.now()
      if (left <= 0) throw lockedError(displayName, seen)
      const jitter = 0.5 + Math.random()
      await sleep(Math.min(left, Math.round(pause * jitter)))
      pause = Math.min(MAX_POLL_MS, pause * 1.5)
    }
  }

  /**
   * Checks that the lock file still is this lock. Called right before the
   * store is replaced: should another process have wrongly judged this lock
   * stale and broken it, the write stops here instead of racing the other one.
   *
   * @throws ConflictError `AZMAN_ERR_CONFLICT_LOCK_LOST` (exit 5).
   */
  async assertHeld(): Promise<void> {
    let now: Buffer | undefined
    try {
      now = await fs.readBytesIfExists(this.path)
    } catch (e) {
      throw describeIoError(e, 'read the lock file', `${this.displayName}.lock`)
    }
    if (this.released || now === undefined || !now.equals(this.raw)) {
      throw new ConflictError('AZMAN_ERR_CONFLICT_LOCK_LOST', `the lock on ${this.displayName} was taken over by another process during this write; the store was not replaced; try again`)
    }
  }

  /**
   * Removes the lock file if it still is this lock (never another process's
   * lock). Releasing twice does nothing.
   */
  async release(): Promise<void> {
    if (this.released) return
    this.released = true
    try {
      const now = await fs.readBytesIfExists(this.path)
      if (now?.equals(this.raw)) await fs.removeIfExists(this.path)
    } catch (e) {
      throw describeIoError(e, 'remove the lock file', `${this.displayName}.lock`)
    } finally {
      heldTokens.delete(this.owner.token)
    }
  }
}

/**
 * Runs `work` holding the lock of the store at `storePath` (see
 * {@link StoreLock.acquire} for the options) and always releases it, also
 * when `work` fails. An error of `work` wins over an error releasing the lock.
 */
export async function withStoreLock<T>(storePath: string, options: LockOptions, work: (lock: StoreLock) => Promise<T>): Promise<T> {
  const lock = await StoreLock.acquire(storePath, options)
  let result: T
  try {
    result = await work(lock)
  } catch (e) {
    await lock.release().catch(() => undefined)
    throw e
  }
  await lock.release()
  return result
}

async function observe(path: string, displayName: string): Promise<Observed | undefined> {
  try {
    const info = await fs.statIfExists(path)
    if (info === undefined) return undefined
    const raw = await fs.readBytesIfExists(path)
    if (raw === undefined) return undefined
    return { ino: info.ino, mtimeMs: info.mtimeMs, raw, owner: parseOwner(raw) }
  } catch (e) {
    throw describeIoError(e, 'read the lock file', `${displayName}.lock`)
  }
}

/** The owner a lock file names, or `undefined` when it is not (yet) a complete lock. */
export function parseOwner(raw: Buffer): LockOwner | undefined {
  let value: unknown
  try {
    value = JSON.parse(raw.toString('utf8'))
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const { pid, hostname: host, time, token } = value as Record<string, unknown>
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) return undefined
  if (typeof host !== 'string' || typeof time !== 'string' || typeof token !== 'string') return undefined
  return { pid, hostname: host, time, token }
}

/** When this process started, in ms since 1970 (a second early: its lock times are whole milliseconds). */
function processStartMs(): number {
  return Date.now() - process.uptime() * 1000 - 1000
}

function bootTimeMs(): number {
  return Date.now() - uptime() * 1000
}

function isStale(seen: Observed): boolean {
  const { owner } = seen
  if (owner === undefined) {
    return Date.now() - seen.mtimeMs > INCOMPLETE_LOCK_GRACE_MS || seen.mtimeMs < bootTimeMs() - BOOT_TIME_TOLERANCE_MS
  }
  if (owner.hostname !== hostname()) return false
  const taken = Date.parse(owner.time)
  if (Number.isFinite(taken) && taken < bootTimeMs() - BOOT_TIME_TOLERANCE_MS) return true
  // A lock of this process whose token it no longer holds is being released (or was, and the name
  // was taken again meanwhile): never broken, or a lock just taken under the same name (an inode
  // number reused at once) could be moved aside while another call takes the name. Only a lock of
  // an earlier process that had this pid (taken before this one started) is stale.
  if (owner.pid === process.pid) return !heldTokens.has(owner.token) && Number.isFinite(taken) && taken < processStartMs()
  return !isProcessAlive(owner.pid)
}

/**
 * Removes the stale lock `seen`, and only it. The inode is checked again right
 * before; then the lock file is moved aside under a unique name (one atomic
 * step), and what was moved is compared with what was judged stale. Should it
 * be another lock (a fresh one taken between the check and the move), it is
 * put back without replacing anything; its holder's {@link StoreLock.assertHeld}
 * catches the rare case where another process took the name meanwhile.
 * Returns whether the lock name is free now (as far as this call knows).
 */
async function breakStale(path: string, seen: Observed, displayName: string): Promise<boolean> {
  try {
    const now = await fs.statIfExists(path)
    if (now === undefined) return true // gone already
    if (now.ino !== seen.ino) return false
    const aside = fs.tempNameFor(path)
    try {
      await fs.renameFile(path, aside)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true
      throw e
    }
    const moved = await fs.readBytesIfExists(aside)
    const movedInfo = await fs.statIfExists(aside)
    if (moved !== undefined && movedInfo?.ino === seen.ino && moved.equals(seen.raw)) {
      await fs.removeIfExists(aside)
      return true
    }
    try {
      await fs.linkNoClobber(aside, path)
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code !== 'EEXIST' && code !== 'ENOENT') throw e
    }
    await fs.removeIfExists(aside)
    return false
  } catch (e) {
    throw describeIoError(e, 'remove the stale lock file', `${displayName}.lock`)
  }
}

function lockedError(displayName: string, seen: Observed): ConflictError {
  const { owner } = seen
  const holder = owner === undefined ? 'another process (its lock file is being written)' : `process ${owner.pid} on ${owner.hostname} since ${owner.time}`
  return new ConflictError('AZMAN_ERR_CONFLICT_LOCKED', `${displayName} is locked by ${holder}; try again later or raise --lock-timeout`)
}
