import { StoreIoError } from '../errors/input-errors.js'

/** Words for the I/O failures people meet, without a stack trace. */
const IO_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EEXIST: 'it already exists',
  ELOOP: 'it is a symbolic link, which azman does not follow here, or a link loop',
  EAZMAN_SYMLINK: 'it is a symbolic link; azman does not write a store, or the files next to it, through a link (name the real file)',
  ENAMETOOLONG: 'the path is too long',
  EIO: 'the device reported an input/output error',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files on this system',
  EROFS: 'the file system is read-only',
  EBUSY: 'the file is busy',
  ETXTBSY: 'the file is busy',
  EAGAIN: 'the file is temporarily unavailable; try again',
  EINVAL: 'the path is not valid here',
  EAZMAN_NOT_REGULAR: 'it is not a regular file (a device, FIFO or socket); stores are read from regular files only',
}

/** Why a file operation failed, in words: `no such file or folder`, `it is not a regular file ...`. */
export function ioReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code
  if (code === 'EAZMAN_TOO_LARGE') return `the file is too large (${(e as Error).message})`
  return (code !== undefined ? IO_REASONS[code] : undefined) ?? `the system refused${code === undefined ? '' : ` (${code})`}`
}

/**
 * A {@link StoreIoError} (exit code 2) for a failed file operation:
 * `cannot <action> <path>: <reason>`, the reason in words (`no space left on
 * the device`) rather than an errno code. The original error is the cause.
 */
export function describeIoError(e: unknown, action: string, path: string): StoreIoError {
  if (e instanceof StoreIoError) return e
  const code = (e as NodeJS.ErrnoException | undefined)?.code
  if (code === 'EAZMAN_TOO_LARGE') {
    return new StoreIoError(`cannot ${action} ${path}: the file is too large for a store (${(e as Error).message}, a larger limit is set with AZMAN_MAX_STORE_BYTES)`, { cause: e, source: path })
  }
  const reason = (code !== undefined ? IO_REASONS[code] : undefined) ?? `the system refused${code === undefined ? '' : ` (${code})`}`
  return new StoreIoError(`cannot ${action} ${path}: ${reason}`, { cause: e, source: path })
}
