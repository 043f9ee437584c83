import { constants } from 'node:fs'
import { open, readFile, rename, stat, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { randomBytes } from 'node:crypto'

/**
 * Every file access of the XML store goes through this module, so tests can
 * swap it (`t.mockImport`) to simulate disks that fail.
 */

export async function readBytes(path: string): Promise<Buffer> {
  return readFile(path)
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch {
    return false
  }
}

/**
 * Replaces `path` atomically: the bytes go to a temporary file in the same
 * folder, are flushed to disk, then renamed over the target, so a crash
 * leaves the old file or the new one, never a torn one. The target's mode is
 * kept. With `exclusive`, fails when the target already exists.
 */
export async function writeAtomic(path: string, bytes: Uint8Array, options: { exclusive?: boolean } = {}): Promise<void> {
  let mode = 0o644
  try {
    mode = (await stat(path)).mode & 0o7777
    if (options.exclusive) {
      const error = new Error(`${path} exists`) as NodeJS.ErrnoException
      error.code = 'EEXIST'
      throw error
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
  }
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  const handle = await open(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, mode)
  try {
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
