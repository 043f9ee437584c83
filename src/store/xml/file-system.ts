import { constants } from 'node:fs'
import { chmod, copyFile, link, mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises'
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

/** The whole file. */
export async function readBytes(path: string): Promise<Buffer> {
  return readFile(path)
}

/** The file's bytes, or `undefined` when it does not exist. */
export async function readBytesIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path)
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
    handle = await open(path, constants.O_CREAT | constants.O_EXCL | constants.O_APPEND | constants.O_WRONLY, mode)
    // The umask narrows a new file's mode; the mode asked for is set exactly.
    await handle.chmod(mode)
  } catch (e) {
    if (handle !== undefined) {
      await handle.close()
      throw e
    }
    if (!isCode(e, 'EEXIST')) throw e
    created = false
    handle = await open(path, constants.O_APPEND | constants.O_WRONLY)
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
  const handle = await open(path, constants.O_RDONLY)
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
  const handle = await open(path, constants.O_WRONLY)
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
