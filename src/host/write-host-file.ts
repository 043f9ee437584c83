import { ConflictError } from '../errors/change-errors.js'
import { StoreIoError } from '../errors/input-errors.js'
import { describeIoError } from '../fs/io-error.js'
import { writeOutputFile } from '../fs/output-file.js'

const REFUSALS: Readonly<Record<string, string>> = {
  EAZMAN_SYMLINK: 'it is a symbolic link; azman writes host scripts only to a regular file it names (name the real file)',
  EAZMAN_NOT_REGULAR: 'it is not a regular file (a device, FIFO or socket); azman writes host scripts only to a regular file',
}

/**
 * Writes a script for hosts (the collector, a host script) to `path`: atomically, refusing an
 * existing file unless `force`, and refusing a symbolic link, folder, device, FIFO or socket always.
 *
 * @throws ConflictError `AZMAN_ERR_CONFLICT_EXISTS` (exit 5) when the file exists and `force` is not set
 * @throws StoreIoError `AZMAN_ERR_STORE_IO` (exit 2) when the path cannot be written
 */
export async function writeHostFile(path: string, text: string, options: { readonly force: boolean }): Promise<number> {
  const bytes = Buffer.from(text, 'utf8')
  try {
    await writeOutputFile(path, bytes, { overwrite: options.force })
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? ''
    if (code === 'EEXIST') throw new ConflictError('AZMAN_ERR_CONFLICT_EXISTS', `${path} already exists; pass --force to replace it`)
    const reason = REFUSALS[code]
    if (reason !== undefined) throw new StoreIoError(`cannot write ${path}: ${reason}`, { cause: e, source: path })
    throw describeIoError(e, 'write', path)
  }
  return bytes.length
}
