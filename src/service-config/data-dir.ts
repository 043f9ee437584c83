import { copyFile, mkdir, readdir, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describeIoError } from '../fs/io-error.js'
import { addToken } from '../tokens/manage-tokens.js'
import { exists } from '../fs/file-system.js'
import { AzmanError } from '../errors/azman-error.js'
import { quote } from '../model/quote.js'
import { checkedStoreName, type NamedStore } from './server-config.js'

/** The sample stores shipped with azman. */
export const SAMPLES_DIR = fileURLToPath(new URL('../../store-samples/', import.meta.url))

/** What a data folder holds for `azman serve --data-dir` (and `npm start`). */
export interface DataDir {
  readonly stores: readonly NamedStore[]
  readonly tokensFile: string
  /** The first operator token, when this call created the folder: shown once, never again. */
  readonly firstToken?: { readonly name: string; readonly token: string }
  /** Whether this call created the folder. */
  readonly created: boolean
  /** Entries of `stores/` ending in `.xml` that are not served, each with the reason (the caller warns). */
  readonly skipped: readonly SkippedFile[]
}

/** A file of `stores/` that is not served. */
export interface SkippedFile {
  /** The entry's name in `stores/`. */
  readonly file: string
  readonly reason: string
}

/**
 * A data folder: `stores/*.xml` (served by their file names) and
 * `tokens.json`. When the folder has no tokens file yet, it is set up: the
 * sample stores are copied into `stores/` (writable copies; the shipped ones
 * are never changed) and an operator token named `admin` is made and returned.
 */
export async function prepareDataDir(dir: string): Promise<DataDir> {
  const storesDir = join(dir, 'stores')
  const tokensFile = join(dir, 'tokens.json')
  let firstToken: DataDir['firstToken']
  const created = !(await exists(tokensFile))
  try {
    if (created) {
      await mkdir(storesDir, { recursive: true })
      for (const file of (await readdir(SAMPLES_DIR)).filter((f) => f.endsWith('.xml'))) {
        if (!(await exists(join(storesDir, file)))) await copyFile(join(SAMPLES_DIR, file), join(storesDir, file))
      }
    }
  } catch (e) {
    throw describeIoError(e, 'set up', dir)
  }
  if (created) firstToken = { name: 'admin', token: (await addToken(tokensFile, 'admin', 'operator')).token }
  let files: string[]
  try {
    files = (await readdir(storesDir)).filter((f) => f.endsWith('.xml')).sort()
  } catch (e) {
    throw describeIoError(e, 'read', storesDir)
  }
  const { stores, skipped } = await servable(storesDir, files)
  return { stores, tokensFile, created, skipped, ...(firstToken === undefined ? {} : { firstToken }) }
}

/**
 * The stores among `files` (names in `storesDir`, sorted): regular files (or
 * links to them) whose name less `.xml` is a store name, the first of names
 * that differ only in case. Anything else is skipped with its reason, so one
 * odd file does not keep the others from being served.
 */
async function servable(storesDir: string, files: readonly string[]): Promise<{ stores: NamedStore[]; skipped: SkippedFile[] }> {
  const stores: NamedStore[] = []
  const skipped: SkippedFile[] = []
  const taken = new Map<string, string>()
  for (const file of files) {
    const name = basename(file, '.xml')
    const reason = await unservable(join(storesDir, file), name, taken.get(name.toLowerCase()))
    if (reason !== undefined) skipped.push({ file, reason })
    else {
      taken.set(name.toLowerCase(), file)
      stores.push({ name, ref: join(storesDir, file) })
    }
  }
  return { stores, skipped }
}

/** Why a file of `stores/` cannot be served, or undefined when it can. */
async function unservable(path: string, name: string, sameName: string | undefined): Promise<string | undefined> {
  try {
    checkedStoreName(name)
  } catch (e) {
    if (e instanceof AzmanError) return e.message
    throw e
  }
  if (sameName !== undefined) return `its store name differs from that of ${quote(sameName)} only in case, and that one is served`
  try {
    if (!(await stat(path)).isFile()) return 'not a regular file'
  } catch (e) {
    return describeIoError(e, 'read', path).message
  }
  return undefined
}
