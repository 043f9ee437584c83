import { ConflictError } from '../errors/change-errors.js'
import { StoreIoError } from '../errors/input-errors.js'
import { describeIoError } from '../fs/io-error.js'
import { writeOutputFile } from '../fs/output-file.js'

/**
 * Writes a test file (`azman test --init --out`): atomically, refusing an
 * existing file unless `force`, and a symbolic link, folder, device, FIFO or
 * socket always.
 *
 * @throws ConflictError `AZMAN_ERR_CONFLICT_EXISTS` (exit 5) when the file exists and `force` is not set
 * @throws StoreIoError `AZMAN_ERR_STORE_IO` (exit 2) when the path cannot be written
 */
export async function writeTestFile(path: string, text: string, options: { readonly force: boolean }): Promise<void> {
  try {
    await writeOutputFile(path, Buffer.from(text, 'utf8'), { overwrite: options.force })
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? ''
    if (code === 'EEXIST') throw new ConflictError('AZMAN_ERR_CONFLICT_EXISTS', `${path} already exists; pass --force to replace it`)
    if (code === 'EAZMAN_SYMLINK' || code === 'EAZMAN_NOT_REGULAR')
      throw new StoreIoError(`cannot write ${path}: it is not a regular file; azman writes --out only to a regular file it names`, { cause: e, source: path })
    throw describeIoError(e, 'write', path)
  }
}
