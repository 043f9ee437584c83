import { StoreIoError } from '../errors/input-errors.js'
import { describeIoError } from '../fs/io-error.js'
import { writeOutputFile } from '../fs/output-file.js'

const REFUSALS: Readonly<Record<string, string>> = {
  EAZMAN_SYMLINK: 'it is a symbolic link; azman writes --out only to a regular file it names (name the real file)',
  EAZMAN_NOT_REGULAR: 'it is not a regular file (a device, FIFO or socket); azman writes --out only to a regular file',
}

/**
 * Writes what a command saves with `--out FILE` (a report, a plan): atomically, replacing a
 * regular file of that name, never through a symbolic link and never into a folder, device,
 * FIFO or socket (`AZMAN_ERR_STORE_IO`, exit 2, nothing written). The text may come in pieces
 * (a fleet's report), which are encoded one at a time.
 */
export async function writeOutFile(path: string, text: string | Iterable<string>): Promise<void> {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.concat(Array.from(text, (piece) => Buffer.from(piece, 'utf8')))
  try {
    await writeOutputFile(path, bytes, { overwrite: true })
  } catch (e) {
    const reason = REFUSALS[(e as NodeJS.ErrnoException).code ?? '']
    if (reason !== undefined) throw new StoreIoError(`cannot write ${path}: ${reason}`, { cause: e, source: path })
    throw describeIoError(e, 'write', path)
  }
}
