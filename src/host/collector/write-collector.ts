import { writeHostFile } from '../write-host-file.js'
import { collectorScript, type CollectorScript } from './collector-script.js'

/** What {@link writeCollector} wrote. */
export interface WrittenCollector extends CollectorScript {
  /** The file, as given. */
  readonly path: string
  readonly bytes: number
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
  const bytes = await writeHostFile(path, script.text, options)
  return { ...script, path, bytes }
}
