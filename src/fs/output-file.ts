import { lstat } from 'node:fs/promises'
import { writeAtomic } from './file-system.js'

/**
 * Writes a file azman produces on request (`--out FILE`): atomically (a crash leaves the old file
 * or the new one), never through a symbolic link, never into a device, FIFO, socket or folder, and
 * never over an existing file unless `overwrite`. Rejects with a Node-style error: `EEXIST`,
 * `EAZMAN_SYMLINK`, `EAZMAN_NOT_REGULAR`, `EISDIR`, or the system's own (`ENOENT` for a missing
 * folder, `EACCES` ...); callers put it in words with {@link describeIoError} or their own.
 */
export async function writeOutputFile(path: string, bytes: Uint8Array, options: { readonly overwrite: boolean }): Promise<void> {
  let info
  try {
    info = await lstat(path)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
  }
  if (info !== undefined) {
    const refuse = (code: string, what: string) => Object.assign(new Error(`${path} ${what}`), { code })
    if (info.isSymbolicLink()) throw refuse('EAZMAN_SYMLINK', 'is a symbolic link')
    if (info.isDirectory()) throw refuse('EISDIR', 'is a folder')
    if (!info.isFile()) throw refuse('EAZMAN_NOT_REGULAR', 'is not a regular file')
    if (!options.overwrite) throw refuse('EEXIST', 'exists')
  }
  await writeAtomic(path, bytes, { exclusive: !options.overwrite })
}
