import { createHash, randomBytes } from 'node:crypto'
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readSync, renameSync, statSync, unlinkSync, writeFileSync, type BigIntStats } from 'node:fs'
import { dirname, isAbsolute, join, resolve, win32 } from 'node:path'
import { NamesFileError } from '../errors/input-errors.js'
import { MAX_JSON_INPUT_BYTES, readBytesWithStats } from '../fs/file-system.js'
import { azmanVersion } from '../report/azman-version.js'
import { namesFileUnreadable, parseNamesBytes, readNamesFile, type NamesTable } from './names-file.js'
import { DamagedIndexError, encodeNamesIndex, openNamesIndex } from './names-index.js'

/** Where and how names files are cached. */
export interface NamesCacheOptions {
  /** The cache folder, created (mode 0700) when missing. Used only when it is a folder of this user that no one else may write to. */
  readonly dir: string
  /** How long after its last change a names file is trusted by its identity (inode, size, times), in milliseconds; default 2,000. */
  readonly settledMs?: number
}

/** File times come from a coarse clock: a file changed less than this before it was looked at could change again unseen, so it is not cached (as git treats "racily clean" files). */
const DEFAULT_SETTLED_MS = 2_000
/** The largest cache file written or read: four times the largest names file (an index is about its size; lower-case keys can be longer). */
const MAX_CACHE_BYTES = 4 * MAX_JSON_INPUT_BYTES
/**
 * What a names file means: bump it when the reader's rules change (what is
 * refused, how SIDs and names are made canonical), so that no table cached by
 * older rules is answered. azman's version is compared too.
 */
const NAMES_RULES = 1
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0

/**
 * The names cache folder for an environment: `AZMAN_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/azman` or `~/.cache/azman`; on Windows, where azman cannot
 * check a folder's owner, only the per-user `%LOCALAPPDATA%\azman\cache`.
 * Undefined (no cache) with `AZMAN_NO_CACHE=1` (or `true`, `yes`) or when the
 * environment names no home.
 */
export function namesCacheDir(env: Readonly<Record<string, string | undefined>>, cwd: string, platform: NodeJS.Platform = process.platform): string | undefined {
  const set = (name: string): string | undefined => (env[name] === undefined || env[name] === '' ? undefined : env[name])
  if (['1', 'true', 'yes'].includes((env.AZMAN_NO_CACHE ?? '').toLowerCase())) return undefined
  if (platform === 'win32') return set('LOCALAPPDATA') === undefined ? undefined : win32.join(env.LOCALAPPDATA ?? '', 'azman', 'cache')
  const chosen = set('AZMAN_CACHE_DIR')
  if (chosen !== undefined) return resolve(cwd, chosen)
  const xdg = set('XDG_CACHE_HOME')
  if (xdg !== undefined && isAbsolute(xdg)) return join(xdg, 'azman')
  return set('HOME') === undefined ? undefined : join(env.HOME ?? '', '.cache', 'azman')
}

/**
 * A names file's table, as {@link readNamesFile} reads it, from the cache when
 * the file is the one cached: the same device, inode, size, modification and
 * change times, read by the same rules and azman version. Such a lookup reads
 * no row: it decodes only the names asked for. Otherwise the file is read and
 * checked in full ({@link readBytesWithStats}: its identity is taken from the
 * descriptor it is read through, before and after the read), and its table cached when the file had not changed for
 * {@link NamesCacheOptions.settledMs} and did not change while it was read. A
 * file that is refused is never cached; a cache file that cannot be used
 * (missing, cut short, changed, of another format, not this user's) is read
 * past and replaced. Caching never fails a command: a cache that cannot be
 * written is left alone. A cache hit's file system calls are synchronous: a
 * command does nothing else meanwhile.
 *
 * @throws NamesFileError `AZMAN_ERR_NAMES_FILE` (exit 2), as {@link readNamesFile}.
 */
export async function readNamesFileCached(path: string, cache: NamesCacheOptions | undefined): Promise<NamesTable> {
  if (cache === undefined) return readNamesFile(path)
  const slot = join(cache.dir, `${createHash('sha256').update(resolve(path)).digest('hex').slice(0, 40)}.names`)
  const seenAtMs = Date.now()
  const now = identityOf(statOrUndefined(path))
  const hit = now === undefined ? undefined : cachedTable(cache.dir, slot, now)
  if (hit !== undefined) return { ...hit, file: path }
  let read: Awaited<ReturnType<typeof readBytesWithStats>>
  try {
    read = await readBytesWithStats(path, MAX_JSON_INPUT_BYTES)
  } catch (e) {
    throw namesFileUnreadable(path, e)
  }
  const table = parseNamesBytes(read.bytes, path)
  const identity = identityOf(read.before)
  const settled = identity !== undefined && seenAtMs - Number(read.before.ctimeNs / 1_000_000n) >= (cache.settledMs ?? DEFAULT_SETTLED_MS)
  const stable = identity !== undefined && sameIdentity(identityOf(read.after), identity) && BigInt(read.bytes.length) === read.before.size
  if (settled && stable) writeCache(cache.dir, slot, identity, table)
  return table
}

/** What identifies one content of a names file without reading it, and the rules it is read by (the index header holds it); bigints as text. */
interface Identity {
  readonly rules: string
  readonly dev: string
  readonly ino: string
  readonly size: string
  readonly mtimeNs: string
  readonly ctimeNs: string
}

/** What `stat` says of the file at `path` (following links), or undefined when it cannot be looked at. */
function statOrUndefined(path: string): BigIntStats | undefined {
  try {
    return statSync(path, { bigint: true })
  } catch {
    return undefined
  }
}

/** The identity of a regular file within the size limit; undefined for anything else, left to the full read to word. */
function identityOf(s: BigIntStats | undefined): Identity | undefined {
  if (s === undefined || !s.isFile() || s.size > BigInt(MAX_JSON_INPUT_BYTES)) return undefined
  return { rules: `${NAMES_RULES} ${azmanVersion()}`, dev: String(s.dev), ino: String(s.ino), size: String(s.size), mtimeNs: String(s.mtimeNs), ctimeNs: String(s.ctimeNs) }
}

function sameIdentity(a: unknown, b: Identity): boolean {
  if (typeof a !== 'object' || a === null) return false
  const given = a as Record<string, unknown>
  return (Object.keys(b) as (keyof Identity)[]).every((k) => given[k] === b[k])
}

/** Everything left to read from `fd`, `expected` bytes or up to `max`: {@link readBytesWithStats}'s loop, synchronous for a cache hit's few calls. */
function readAll(fd: number, expected: number, max: number): Buffer {
  let bytes = Buffer.allocUnsafe(Math.min(expected + 1, max + 1))
  let read = 0
  for (;;) {
    if (read === bytes.length) {
      if (bytes.length > max) throw new Error('over the limit')
      bytes = Buffer.concat([bytes, Buffer.allocUnsafe(Math.min(bytes.length, max + 1 - bytes.length))])
    }
    const n = readSync(fd, bytes, read, bytes.length - read, null)
    if (n === 0) return bytes.subarray(0, read)
    read += n
  }
}

/** The cached table when the cache file is a sound index of `identity`; undefined otherwise (a miss). */
function cachedTable(dir: string, slot: string, identity: Identity): Omit<NamesTable, 'file'> | undefined {
  try {
    if (!privateFolder(dir)) return undefined
    const index = openNamesIndex(readPrivateFile(slot), (why) => new NamesFileError(`the names cache ${slot} is damaged (${why}): delete it, or set AZMAN_NO_CACHE=1`))
    return sameIdentity(index.header, identity) ? { names: index.names, sids: index.sids } : undefined
  } catch (e) {
    if (e instanceof DamagedIndexError || isSystemError(e)) return undefined // missing, damaged, of another format or not ours
    throw e
  }
}

/** An error of the system (`ENOENT`, `ELOOP`, `EACCES`...), not of azman. */
function isSystemError(e: unknown): boolean {
  return e instanceof Error && 'code' in e && typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)
}

/** A folder of this user that only this user may write to (on Windows, where there are no POSIX owners, any folder). */
function privateFolder(dir: string): boolean {
  const s = lstatSync(dir)
  return s.isDirectory() && ownedAndClosed(s)
}

function ownedAndClosed(s: { readonly uid: number; readonly mode: number }): boolean {
  const uid = process.getuid?.()
  return uid === undefined || (s.uid === uid && (s.mode & 0o022) === 0)
}

/** A cache file's bytes: a regular file of this user (on POSIX systems not a link), within the size limit. */
function readPrivateFile(path: string): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | NO_FOLLOW)
  try {
    const s = fstatSync(fd)
    if (!s.isFile() || !ownedAndClosed(s) || s.size > MAX_CACHE_BYTES) throw new DamagedIndexError('not a cache file of this user')
    return readAll(fd, s.size, MAX_CACHE_BYTES)
  } finally {
    closeSync(fd)
  }
}

/**
 * Writes the index of `table` as the cache file, replacing any (a new file
 * renamed over it); leaves everything as it was when it cannot, when the
 * index would be over the size limit, or when root would make the folder
 * inside one of another user (with a user's HOME: that user could not empty it).
 */
function writeCache(dir: string, slot: string, identity: Identity, table: NamesTable): void {
  const temporary = `${slot}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  try {
    if (process.getuid?.() === 0 && lstatSync(nearestExisting(dir)).uid !== 0) return
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    if (!privateFolder(dir)) return
    const bytes = encodeNamesIndex(identity, table.names, table.sids)
    if (bytes.length > MAX_CACHE_BYTES) return
    writeFileSync(temporary, bytes, { flag: 'wx', mode: 0o600 })
    renameSync(temporary, slot)
  } catch {
    try {
      unlinkSync(temporary)
    } catch {
      // never written
    }
  }
}

/** `dir`, or its nearest ancestor that exists. */
function nearestExisting(dir: string): string {
  for (let at = dir; ; at = dirname(at)) {
    try {
      lstatSync(at)
      return at
    } catch (e) {
      if (dirname(at) === at) throw e
    }
  }
}
