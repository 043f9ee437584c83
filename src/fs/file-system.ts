import { constants, type BigIntStats, type Stats } from 'node:fs'
import { chmod, copyFile, link, lstat, mkdir, open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { randomBytes } from 'node:crypto'

/**
 * Every file access of the XML store goes through this module, so tests can
 * swap it (`t.mockImport`) to simulate disks that fail.
 *
 * Functions reject with the Node.js error (`code` such as `ENOENT`,
 * `ENOSPC`); callers turn it into a store error with the words a person
 * understands.
 */

/**
 * The most bytes a store file is read up to by default: 256 MiB. Real stores
 * are kilobytes to a few megabytes; the load benchmark reads 100 MB.
 */
export const DEFAULT_MAX_STORE_BYTES = 256 * 1024 * 1024

/**
 * The most bytes a JSON input file is read up to (a change set, template,
 * audit binding, server configuration or tokens file): 16 MiB.
 */
export const MAX_JSON_INPUT_BYTES = 16 * 1024 * 1024

/** A JSON input file as text (UTF-8), read as {@link readBytes} reads a store, up to {@link MAX_JSON_INPUT_BYTES}. */
export async function readJsonInput(path: string): Promise<string> {
  return (await readBytes(path, MAX_JSON_INPUT_BYTES)).toString('utf8')
}

/** A Node-style error with azman's own code, for what the system would not refuse by itself. */
function refusal(code: 'EAZMAN_NOT_REGULAR' | 'EAZMAN_TOO_LARGE', message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code })
}

/**
 * The whole file, read only if it is a regular file of at most `maxBytes`
 * bytes (default {@link DEFAULT_MAX_STORE_BYTES}). Opened without blocking,
 * so a FIFO is refused rather than waited on; a device, FIFO, socket or folder
 * rejects with `EAZMAN_NOT_REGULAR` (a folder: `EISDIR`), a larger file (or
 * one that grows past the limit while it is read) with `EAZMAN_TOO_LARGE`.
 */
export async function readBytes(path: string, maxBytes: number = DEFAULT_MAX_STORE_BYTES, flags = 0): Promise<Buffer> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | flags)
  try {
    return await readOpened(handle, await handle.stat(), maxBytes)
  } finally {
    await handle.close()
  }
}

/**
 * {@link readBytes}, with what the descriptor it read through said of the
 * file just before and just after the read (`fstat`, nanosecond times): the
 * bytes are those of the file `before` names, whatever the path points at
 * meanwhile, and a file that changed while read has an `after` that differs.
 */
export async function readBytesWithStats(path: string, maxBytes: number, flags = 0): Promise<{ readonly bytes: Buffer; readonly before: BigIntStats; readonly after: BigIntStats }> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | flags)
  try {
    const before = await handle.stat({ bigint: true })
    const bytes = await readOpened(handle, before, maxBytes)
    return { bytes, before, after: await handle.stat({ bigint: true }) }
  } finally {
    await handle.close()
  }
}

/** The whole of an opened file, if it is a regular file of at most `maxBytes` bytes (see {@link readBytes}). */
async function readOpened(handle: FileHandle, info: Stats | BigIntStats, maxBytes: number): Promise<Buffer> {
  if (info.isDirectory()) throw Object.assign(new Error('a folder'), { code: 'EISDIR' })
  if (!info.isFile()) throw refusal('EAZMAN_NOT_REGULAR', 'not a regular file')
  const size = Number(info.size)
  if (size > maxBytes) throw refusal('EAZMAN_TOO_LARGE', `${size} bytes, over the ${maxBytes}-byte limit`)
  const chunks: Buffer[] = []
  let total = 0
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(Math.max(size - total, 0) + 1, maxBytes + 1 - total, 16 * 1024 * 1024))
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null)
    if (bytesRead === 0) break
    total += bytesRead
    if (total > maxBytes) throw refusal('EAZMAN_TOO_LARGE', `over the ${maxBytes}-byte limit`)
    chunks.push(chunk.subarray(0, bytesRead))
  }
  // One chunk (the file did not grow while read): no copy, which would touch as much memory again.
  return chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks, total)
}

/**
 * Refuses a symbolic link at `path` (`EAZMAN_SYMLINK`): the files azman keeps
 * next to a store (journal, pending entry, archive folder, backup, lock) and
 * the store it writes are never reached through a link, which could point
 * anywhere. A missing path is fine. Opens that follow also pass `O_NOFOLLOW`,
 * so a link made between this check and the open is refused too (`ELOOP`).
 */
export async function refuseSymlink(path: string): Promise<void> {
  try {
    if ((await lstat(path)).isSymbolicLink()) throw Object.assign(new Error(`${path} is a symbolic link`), { code: 'EAZMAN_SYMLINK' })
  } catch (e) {
    if (!isCode(e, 'ENOENT')) throw e
  }
}

/**
 * A side file's bytes (journal, pending entry, archived version, lock), or
 * `undefined` when it does not exist. A symbolic link or anything but a
 * regular file is refused; it is read up to the store limit.
 */
export async function readBytesIfExists(path: string): Promise<Buffer | undefined> {
  try {
    await refuseSymlink(path)
    return await readBytes(path, DEFAULT_MAX_STORE_BYTES, constants.O_NOFOLLOW)
  } catch (e) {
    if (isCode(e, 'ENOENT')) return undefined
    throw e
  }
}

/** Whether `path` exists; any error counts as no. */
export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch {
    return false
  }
}

/** What the store needs to know about a file. */
export interface FileInfo {
  /** Inode number: tells one file from another that replaced it under the same name. */
  readonly ino: number
  readonly size: number
  /** Permission bits (`0o7777` mask). */
  readonly mode: number
  /** Last modification, in milliseconds since the epoch. */
  readonly mtimeMs: number
}

/** Information about `path`, or `undefined` when it does not exist. */
export async function statIfExists(path: string): Promise<FileInfo | undefined> {
  try {
    const s = await stat(path)
    return { ino: s.ino, size: s.size, mode: s.mode & 0o7777, mtimeMs: s.mtimeMs }
  } catch (e) {
    if (isCode(e, 'ENOENT')) return undefined
    throw e
  }
}

/** Names in a folder, or none when the folder does not exist. */
export async function listDirectory(path: string): Promise<string[]> {
  try {
    return await readdir(path)
  } catch (e) {
    if (isCode(e, 'ENOENT')) return []
    throw e
  }
}

/** Removes a file; a file that is already gone is not an error. Returns whether it removed one. */
export async function removeIfExists(path: string): Promise<boolean> {
  try {
    await unlink(path)
    return true
  } catch (e) {
    if (isCode(e, 'ENOENT')) return false
    throw e
  }
}

/** Renames a file (atomically, within one file system); replaces `to` if it exists. */
export async function renameFile(from: string, to: string): Promise<void> {
  await rename(from, to)
}

/**
 * Gives the file at `from` the extra name `to`, failing with `EEXIST` when `to`
 * exists (never replacing it). Uses a hard link; where the file system has
 * none, an exclusive copy.
 */
export async function linkNoClobber(from: string, to: string): Promise<void> {
  try {
    await link(from, to)
  } catch (e) {
    if (isCode(e, 'EEXIST') || isCode(e, 'ENOENT')) throw e
    await copyFile(from, to, constants.COPYFILE_EXCL)
  }
}

/**
 * Creates `path` with these bytes, failing with `EEXIST` if it exists: the
 * check and the creation are one step (`O_CREAT | O_EXCL`), so of two
 * processes racing only one succeeds. Returns the new file's inode number.
 */
export async function createExclusive(path: string, bytes: Uint8Array, mode = 0o644): Promise<number> {
  const handle = await open(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, mode)
  try {
    await handle.writeFile(bytes)
    return (await handle.stat()).ino
  } catch (e) {
    // The file is ours and incomplete: take it away again.
    await unlink(path).catch(() => undefined)
    throw e
  } finally {
    await handle.close()
  }
}

/**
 * Creates a folder (and its parents) if it does not exist, and makes its
 * creation durable. `mode` is for a new folder (the umask applies).
 */
export async function ensureDirectory(path: string, mode = 0o755): Promise<void> {
  await refuseSymlink(path)
  const created = await mkdir(path, { recursive: true, mode })
  if (created === undefined) return
  // The umask narrows a new folder's mode; the mode asked for is set exactly.
  await chmod(path, mode)
  await syncDirectory(dirname(path))
}

/**
 * Appends bytes to `path` (created with exactly `mode` if missing) in one write with
 * `O_APPEND`, then flushes the file to disk. A crash can leave only a prefix
 * of these bytes at the end of the file, never bytes in the middle of it.
 */
export async function appendDurable(path: string, bytes: Uint8Array, mode = 0o644): Promise<void> {
  let created = true
  let handle
  try {
    await refuseSymlink(path)
    handle = await open(path, constants.O_CREAT | constants.O_EXCL | constants.O_APPEND | constants.O_WRONLY | constants.O_NOFOLLOW, mode)
    // The umask narrows a new file's mode; the mode asked for is set exactly.
    await handle.chmod(mode)
  } catch (e) {
    if (handle !== undefined) {
      await handle.close()
      throw e
    }
    if (!isCode(e, 'EEXIST')) throw e
    created = false
    handle = await open(path, constants.O_APPEND | constants.O_WRONLY | constants.O_NOFOLLOW)
  }
  try {
    await handle.writeFile(bytes)
    await handle.sync()
  } finally {
    await handle.close()
  }
  if (created) await syncDirectory(dirname(path))
}

/** Reads up to `length` bytes of `path` from `position`. */
export async function readRange(path: string, position: number, length: number): Promise<Buffer> {
  await refuseSymlink(path)
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW)
  try {
    const buffer = Buffer.alloc(length)
    const { bytesRead } = await handle.read(buffer, 0, length, position)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

/** Cuts `path` to `length` bytes and flushes the change to disk. */
export async function truncateDurable(path: string, length: number): Promise<void> {
  await refuseSymlink(path)
  const handle = await open(path, constants.O_WRONLY | constants.O_NOFOLLOW)
  try {
    await handle.truncate(length)
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Options of {@link writeAtomic}. */
export interface WriteAtomicOptions {
  /** Fail with `EEXIST` when the target already exists. Default false. */
  readonly exclusive?: boolean
  /**
   * Permission bits of the written file. Default: those of the file it
   * replaces, or `0o644` less the umask for a new file.
   */
  readonly mode?: number
}

/**
 * The name of a temporary file for `path`: in the same folder, hidden, and
 * naming the process that writes it, so that a later writer can tell a
 * leftover of a dead process (see {@link parseTempName}) from the file of a
 * live one: `.<name>.<pid>.<12 hex>.tmp`.
 */
export function tempNameFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
}

/** The target name and writer pid of a temporary file named by {@link tempNameFor}, or `undefined`. */
export function parseTempName(name: string): { readonly target: string; readonly pid: number } | undefined {
  const match = /^\.(.+)\.(\d+)\.[0-9a-f]{12}\.tmp$/.exec(name)
  if (!match?.[1] || !match[2]) return undefined
  return { target: match[1], pid: Number(match[2]) }
}

/**
 * Replaces `path` atomically: the bytes go to a temporary file in the same
 * folder, are flushed to disk, then renamed over the target, and the folder
 * is flushed, so a crash leaves the old file or the new one, never a torn one.
 * The target's mode is kept unless `mode` is given. With `exclusive`, fails
 * when the target already exists.
 */
export async function writeAtomic(path: string, bytes: Uint8Array, options: WriteAtomicOptions = {}): Promise<void> {
  // Renaming over a link would replace the link, and what it points to would silently stop being updated.
  await refuseSymlink(path)
  let existing: number | undefined
  try {
    existing = (await stat(path)).mode & 0o7777
    if (options.exclusive) {
      const error = new Error(`${path} exists`) as NodeJS.ErrnoException
      error.code = 'EEXIST'
      throw error
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
  }
  const mode = options.mode ?? existing
  const temp = tempNameFor(path)
  const handle = await open(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, mode ?? 0o644)
  try {
    // The umask narrows the mode of a new file; a mode that is kept or asked for is set exactly.
    if (mode !== undefined) await handle.chmod(mode)
    await handle.writeFile(bytes)
    await handle.sync()
  } catch (e) {
    await handle.close()
    await unlink(temp).catch(() => undefined)
    throw e
  }
  await handle.close()
  try {
    await rename(temp, path)
  } catch (e) {
    await unlink(temp).catch(() => undefined)
    throw e
  }
  await syncDirectory(dirname(path))
}

/** Makes a rename durable. Some file systems refuse to open a folder; that is not an error. */
async function syncDirectory(dir: string): Promise<void> {
  let handle
  try {
    handle = await open(dir, constants.O_RDONLY)
    await handle.sync()
  } catch {
    // best effort
  } finally {
    await handle?.close()
  }
}

function isCode(e: unknown, code: string): boolean {
  return (e as NodeJS.ErrnoException | undefined)?.code === code
}
