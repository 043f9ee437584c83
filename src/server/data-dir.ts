import { copyFile, mkdir, readdir } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describeIoError } from '../store/xml/io-error.js'
import { addToken } from '../tokens/manage-tokens.js'
import { exists } from '../store/xml/file-system.js'
import { checkedStoreName, type NamedStore } from './config.js'

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
  const stores = files.map((f) => ({ name: checkedStoreName(basename(f, '.xml')), ref: join(storesDir, f) }))
  return { stores, tokensFile, created, ...(firstToken === undefined ? {} : { firstToken }) }
}
