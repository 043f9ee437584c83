import { promisify } from 'node:util'
import { gunzip, gzip } from 'node:zlib'
import { join } from 'node:path'
import { StoreIoError } from '../../errors/input-errors.js'
import * as fs from '../../fs/file-system.js'
import { describeIoError } from '../../fs/io-error.js'
import { versionOf } from '../../xml/policy/parse-xml-store.js'

/**
 * Every version of an XML store that azman wrote or replaced, kept so that a
 * rollback restores exact bytes: `<store>.versions/<sha256 hex>.xml.gz`, named
 * by the hash of the uncompressed bytes (the store version without its
 * `sha256:` prefix). Files are written atomically and never rewritten: a
 * version already archived is skipped.
 */

const gzipAsync = promisify(gzip)
const gunzipAsync = promisify(gunzip)

/** The archive folder of the store at `storePath`. */
export function archiveDirOf(storePath: string): string {
  return `${storePath}.versions`
}

/** The archive file of one version (`sha256:<hex>`) of the store at `storePath`. */
export function archivePathOf(storePath: string, version: string): string {
  const match = /^sha256:([0-9a-f]{64})$/.exec(version)
  if (!match) throw new StoreIoError(`"${version}" is not a store version (sha256: and 64 hex digits)`)
  return join(archiveDirOf(storePath), `${match[1]}.xml.gz`)
}

/**
 * Archives `bytes` as a version of the store at `storePath`, unless that
 * version is archived already, and returns the version. The folder is made
 * with `mode` plus search permission where `mode` grants reading; files get
 * `mode` (pass the store's own, so the archive is no easier to read than the
 * store). Returns once the file is durable.
 *
 * @throws StoreIoError `AZMAN_ERR_STORE_IO` when the archive cannot be written.
 */
export async function archiveVersion(storePath: string, bytes: Uint8Array, mode: number, displayName: string = storePath): Promise<string> {
  const version = versionOf(bytes)
  const file = archivePathOf(storePath, version)
  try {
    if (await fs.exists(file)) return version
    await fs.ensureDirectory(archiveDirOf(storePath), mode | ((mode & 0o444) >> 2))
    await fs.writeAtomic(file, await gzipAsync(bytes), { mode })
  } catch (e) {
    throw describeIoError(e, 'archive a version of', displayName)
  }
  return version
}

/**
 * The exact bytes of an archived version of the store at `storePath`,
 * checked against the version's hash.
 *
 * @throws StoreIoError `AZMAN_ERR_STORE_IO` when the version is not archived,
 *   cannot be read, or its file is damaged.
 */
export async function loadVersion(storePath: string, version: string, displayName: string = storePath): Promise<Buffer> {
  const file = archivePathOf(storePath, version)
  const shown = `${displayName}.versions`
  let compressed: Buffer | undefined
  try {
    compressed = await fs.readBytesIfExists(file)
  } catch (e) {
    throw describeIoError(e, 'read', `version ${version} in ${shown}`)
  }
  if (compressed === undefined) {
    throw new StoreIoError(`version ${version} of ${displayName} is not in ${shown}, so it cannot be restored`, { source: displayName })
  }
  let bytes: Buffer
  try {
    bytes = await gunzipAsync(compressed)
  } catch (e) {
    throw new StoreIoError(`the archived version ${version} in ${shown} is damaged (not gzip data); it cannot be restored`, { cause: e, source: displayName })
  }
  if (versionOf(bytes) !== version) {
    throw new StoreIoError(`the archived version ${version} in ${shown} is damaged (its bytes hash to ${versionOf(bytes)}); it cannot be restored`, { source: displayName })
  }
  return bytes
}
