import { resolve } from 'node:path'
import { namesCacheDir, readNamesFileCached } from '../directory/names-cache.js'
import type { NamesTable } from '../directory/names-file.js'
import { UsageError } from '../errors/usage-error.js'
import type { CliIo } from './io.js'

/** The usage lines of --names, shown with the store options. */
export const NAMES_OPTION_USAGE = `  --names FILE                names for SIDs without a directory: a CSV (Export-Csv with
                              SID and Name columns) or JSON SID-to-name table; a
                              directory, when there is one, wins         (AZMAN_NAMES);
                              read once, then from a cache (AZMAN_CACHE_DIR;
                              AZMAN_NO_CACHE=1 reads the file every time)`

/**
 * Takes `--names FILE` (or `--names=FILE`) out of a command line, wherever it
 * is; the file named there, else by `AZMAN_NAMES`, resolved against the
 * current folder. Nothing is read yet.
 */
export function extractNamesOption(argv: readonly string[], io: CliIo): { args: string[]; file: string | undefined } {
  const args: string[] = []
  let file: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg === '--') {
      args.push(...argv.slice(i))
      break
    }
    if (arg !== '--names' && !arg.startsWith('--names=')) {
      args.push(arg)
      continue
    }
    const value = arg === '--names' ? argv[++i] : arg.slice('--names='.length)
    if (value === undefined || value === '') throw new UsageError('--names needs a file; see azman --help')
    file = value
  }
  const given = file ?? (io.env.AZMAN_NAMES === '' ? undefined : io.env.AZMAN_NAMES)
  return { args, file: given === undefined ? undefined : resolve(io.cwd, given) }
}

/**
 * The names table of `file` (see {@link extractNamesOption}), or undefined
 * without one: from the names cache of the environment ({@link namesCacheDir})
 * when the file is unchanged since it was cached.
 */
export async function loadNamesOption(file: string | undefined, io: Pick<CliIo, 'env' | 'cwd'>): Promise<NamesTable | undefined> {
  if (file === undefined) return undefined
  const dir = namesCacheDir(io.env, io.cwd)
  return readNamesFileCached(file, dir === undefined ? undefined : { dir })
}
