import { createHash, randomBytes } from 'node:crypto'
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readSync, renameSync, statSync, unlinkSync, writeFileSync, type BigIntStats } from 'node:fs'
import { isAbsolute, join, resolve, win32 } from 'node:path'
import { NamesFileError } from '../errors/input-errors.js'
import { MAX_JSON_INPUT_BYTES } from '../fs/file-system.js'
import { readNamesFile, type NamesTable } from './names-file.js'
import { encodeNamesIndex, openNamesIndex } from './names-index.js'

/** Where and how names files are cached. */
export interface NamesCacheOptions {
  /** The cache folder, created (mode 0700) when missing. Used only when it is a folder of this user that no one else may write to. */
  readonly dir: string
  /** How long after its last change a names file is trusted by its identity (inode, size, times), in milliseconds; default 2,000. */
  readonly settledMs?: number
}

/** File times come from a coarse clock: a file changed less than this before it was looked at could change again unseen, so it is not cached (as git treats "racily clean" files). */
const DEFAULT_SETTLED_MS = 2_000
/** The largest cache file read: an index is about twice its names file, which is at most 16 MiB. */
const MAX_CACHE_BYTES = 4 * MAX_JSON_INPUT_BYTES
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0

/**
 * The names cache folder for an environment: `AZMAN_CACHE_DIR`, else
 * `%LOCALAPPDATA%\azman\cache` on Windows, `$XDG_CACHE_HOME/azman` or
 * `~/.cache/azman` elsewhere; undefined (no cache) with `AZMAN_NO_CACHE=1` or
 * when the environment names no home.
 */
export function namesCacheDir(env: Readonly<Record<string, string | undefined>>, cwd: string, platform: NodeJS.Platform = process.platform): string | undefined {
  const set = (name: string): string | undefined => (env[name] === undefined || env[name] === '' ? undefined : env[name])
  if (set('AZMAN_NO_CACHE') !== undefined && env.AZMAN_NO_CACHE !== '0') return undefined
  const chosen = set('AZMAN_CACHE_DIR')
  if (chosen !== undefined) return resolve(cwd, chosen)
  if (platform === 'win32') return set('LOCALAPPDATA') === undefined ? undefined : win32.join(env.LOCALAPPDATA ?? '', 'azman', 'cache')
  const xdg = set('XDG_CACHE_HOME')
  if (xdg !== undefined && isAbsolute(xdg)) return join(xdg, 'azman')
  return set('HOME') === undefined ? undefined : join(env.HOME ?? '', '.cache', 'azman')
}

/**
 * A names file's table, as {@link readNamesFile} reads it, from the cache when
 * the file is the one cached: same path, device, inode, size, modification and
 * change times. Such a lookup reads no row: it decodes only the names asked
 * for. Otherwise the file is read and checked in full, and its table cached
 * when the file had not changed for {@link NamesCacheOptions.settledMs} and did
 * not change while it was read. A file that is refused is never cached; a cache
 * file that cannot be used is read past and replaced. Caching never fails a
 * command: a cache that cannot be written is left alone.
 *
 * @throws NamesFileError `AZMAN_ERR_NAMES_FILE` (exit 2), as {@link readNamesFile};
 *   and from a lookup that finds the cache file damaged after it was opened.
 */
export async function readNamesFileCached(path: string, cache: NamesCacheOptions | undefined): Promise<NamesTable> {
  if (cache === undefined) return readNamesFile(path)
  const file = resolve(path)
  const seenAtMs = Date.now()
  const identity = identityOf(file)
  if (identity === undefined) return readNamesFile(path) // it reports why the file cannot be read
  const cached = join(cache.dir, `${createHash('sha256').update(file).digest('hex').slice(0, 40)}.names`)
  const hit = cachedTable(cache.dir, cached, identity)
  if (hit !== undefined) return { ...hit, file: path }
  const table = await readNamesFile(path)
  const settled = seenAtMs - Number(BigInt(identity.ctimeNs) / 1_000_000n) >= (cache.settledMs ?? DEFAULT_SETTLED_MS)
  if (settled && sameIdentity(identityOf(file), identity)) writeCache(cache.dir, cached, identity, table)
  return table
}

/** What identifies one content of the names file without reading it (the index header holds it); bigints as text. */
interface Identity {
  readonly source: string
  readonly dev: string
  readonly ino: string
  readonly size: string
  readonly mtimeNs: string
  readonly ctimeNs: string
}

/** The identity of a regular file within the size limit; undefined for anything else, left to the full read to word. */
function identityOf(file: string): Identity | undefined {
  let s: BigIntStats
  try {
    s = statSync(file, { bigint: true })
  } catch {
    return undefined
  }
  if (!s.isFile() || s.size > BigInt(MAX_JSON_INPUT_BYTES)) return undefined
  return { source: file, dev: String(s.dev), ino: String(s.ino), size: String(s.size), mtimeNs: String(s.mtimeNs), ctimeNs: String(s.ctimeNs) }
}

function sameIdentity(a: unknown, b: Identity): boolean {
  if (typeof a !== 'object' || a === null) return false
  const given = a as Record<string, unknown>
  return (Object.keys(b) as (keyof Identity)[]).every((k) => given[k] === b[k])
}

/** The cached table when the cache file is an index of `identity`; undefined otherwise (a miss). */
function cachedTable(dir: string, cached: string, identity: Identity): Omit<NamesTable, 'file'> | undefined {
  try {
    if (!privateFolder(dir)) return undefined
    const index = openNamesIndex(readPrivateFile(cached), (why) => new NamesFileError(`the names cache ${cached} is damaged (${why}): delete it, or set AZMAN_NO_CACHE=1`))
    return sameIdentity(index.header, identity) ? { names: index.names, sids: index.sids } : undefined
  } catch {
    return undefined // missing, damaged, of another format or not ours: read the names file itself
  }
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

/** A cache file's bytes: a regular file of this user (not a link, FIFO or device), within the size limit. */
function readPrivateFile(path: string): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | NO_FOLLOW)
  try {
    const s = fstatSync(fd)
    if (!s.isFile() || !ownedAndClosed(s) || s.size > MAX_CACHE_BYTES) throw new Error('not a cache file of this user')
    const bytes = Buffer.allocUnsafe(s.size)
    let read = 0
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read)
      if (n === 0) throw new Error('the cache file shrank while read')
      read += n
    }
    return bytes
  } finally {
    closeSync(fd)
  }
}

/** Writes the index of `table` as the cache file, replacing any (a new file renamed over it); leaves everything as it was when it cannot. */
function writeCache(dir: string, cached: string, identity: Identity, table: NamesTable): void {
  const temporary = `${cached}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    if (!privateFolder(dir)) return
    writeFileSync(temporary, encodeNamesIndex(identity, table.names, table.sids), { flag: 'wx', mode: 0o600 })
    renameSync(temporary, cached)
  } catch {
    try {
      unlinkSync(temporary)
    } catch {
      // never written
    }
  }
}
