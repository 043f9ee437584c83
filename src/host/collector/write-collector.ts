import { ConflictError } from '../../errors/change-errors.js'
import { StoreIoError } from '../../errors/input-errors.js'
import { describeIoError } from '../../fs/io-error.js'
import { writeOutputFile } from '../../fs/output-file.js'
import { collectorScript, type CollectorScript } from './collector-script.js'

/** What {@link writeCollector} wrote. */
export interface WrittenCollector extends CollectorScript {
  /** The file, as given. */
  readonly path: string
  readonly bytes: number
}

const REFUSALS: Readonly<Record<string, string>> = {
  EAZMAN_SYMLINK: 'it is a symbolic link; azman writes the collector only to a regular file it names (name the real file)',
  EAZMAN_NOT_REGULAR: 'it is not a regular file (a device, FIFO or socket); azman writes the collector only to a regular file',
}

/**
 * Writes the collector (stamped with azman's version) to `path`, atomically, refusing an existing
 * file unless `force`, and refusing a symbolic link, folder, device, FIFO or socket always.
 *
 * @throws ConflictError `AZMAN_ERR_CONFLICT_EXISTS` (exit 5) when the file exists and `force` is not set
 * @throws StoreIoError `AZMAN_ERR_STORE_IO` (exit 2) when the path cannot be written
 */
export async function writeCollector(path: string, options: { readonly force: boolean }): Promise<WrittenCollector> {
  const script = await collectorScript()
  const bytes = Buffer.from(script.text, 'utf8')
  try {
    await writeOutputFile(path, bytes, { overwrite: options.force })
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? ''
    if (code === 'EEXIST') throw new ConflictError('AZMAN_ERR_CONFLICT_EXISTS', `${path} already exists; pass --force to replace it`)
    const reason = REFUSALS[code]
    if (reason !== undefined) throw new StoreIoError(`cannot write ${path}: ${reason}`, { cause: e, source: path })
    throw describeIoError(e, 'write', path)
  }
  return { ...script, path, bytes: bytes.length }
}
