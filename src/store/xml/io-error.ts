import { StoreIoError } from '../../errors/input-errors.js'

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
  ELOOP: 'too many symbolic links (a link loop?)',
  ENAMETOOLONG: 'the path is too long',
  EIO: 'the device reported an input/output error',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files on this system',
  EROFS: 'the file system is read-only',
  EBUSY: 'the file is busy',
  ETXTBSY: 'the file is busy',
  EAGAIN: 'the file is temporarily unavailable; try again',
  EINVAL: 'the path is not valid here',
}

/**
 * A {@link StoreIoError} (exit code 2) for a failed file operation:
 * `cannot <action> <path>: <reason>`, the reason in words (`no space left on
 * the device`) rather than an errno code. The original error is the cause.
 */
export function describeIoError(e: unknown, action: string, path: string): StoreIoError {
  if (e instanceof StoreIoError) return e
  const code = (e as NodeJS.ErrnoException | undefined)?.code
  const reason = (code !== undefined ? IO_REASONS[code] : undefined) ?? `the system refused${code === undefined ? '' : ` (${code})`}`
  return new StoreIoError(`cannot ${action} ${path}: ${reason}`, { cause: e, source: path })
}
