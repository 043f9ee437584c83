import { constants } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { ConflictError } from '../errors/change-errors.js'
import { listDirectory, MAX_JSON_INPUT_BYTES, readBytes, refuseSymlink } from '../fs/file-system.js'
import { describeIoError } from '../fs/io-error.js'
import { writeOutputFile } from '../fs/output-file.js'
import { schemaProblem } from '../json/schema-check.js'
import { MigrateExportError } from '../errors/migrate-errors.js'
import { MANIFEST_FILE, MigrationManifestSchema, type MigrationManifest } from './migration-manifest.js'
import type { MigrationExport } from './migrate.js'
import { TARGETS, type MigrationFiles } from './targets.js'

/**
 * Writes an export into `dir` (made if missing): its files and the manifest, each atomically, never
 * through a symbolic link. A folder that holds anything is refused (`AZMAN_ERR_CONFLICT_EXISTS`)
 * unless `force`, which replaces the export's files and leaves any other file alone.
 */
export async function writeMigrationDir(dir: string, exported: MigrationExport, force: boolean): Promise<string[]> {
  try {
    await refuseSymlink(dir)
    await mkdir(dir, { recursive: true })
  } catch (e) {
    throw describeIoError(e, 'write', dir)
  }
  const present = await listDirectory(dir)
  if (present.length > 0 && !force)
    throw new ConflictError(
      'AZMAN_ERR_CONFLICT_EXISTS',
      `${dir} is not empty (${present.slice(0, 3).join(', ')}${present.length > 3 ? ', ...' : ''}); pass --force to replace an export there, or name another folder`,
    )
  const written: string[] = []
  const all: [string, string][] = [...Object.entries(exported.files), [MANIFEST_FILE, `${JSON.stringify(exported.manifest, null, 2)}\n`]]
  for (const [name, text] of all) {
    const path = join(dir, name)
    try {
      await writeOutputFile(path, Buffer.from(text, 'utf8'), { overwrite: true })
    } catch (e) {
      throw describeIoError(e, 'write', path)
    }
    written.push(path)
  }
  return written
}

async function readText(path: string): Promise<string> {
  try {
    await refuseSymlink(path)
    // O_NOFOLLOW too: a link put in its place after the check is refused as well.
    return (await readBytes(path, MAX_JSON_INPUT_BYTES, constants.O_NOFOLLOW)).toString('utf8')
  } catch (e) {
    // describeIoError's message names the action and the path already.
    throw new MigrateExportError((describeIoError(e, 'read', path) as Error).message, { cause: e, source: path })
  }
}

/**
 * An export folder as `--check` reads it: the manifest (checked against its schema), then the
 * target's own files by their fixed names (no name from the folder is followed), each a regular
 * file of at most 16 MiB; a file the target has written only since a later version is read when the
 * manifest lists it.
 * @throws MigrateExportError `AZMAN_ERR_MIGRATE_EXPORT` (exit 2) when one is missing or unusable
 */
export async function readMigrationDir(dir: string): Promise<{ manifest: MigrationManifest; files: MigrationFiles }> {
  const manifestPath = join(dir, MANIFEST_FILE)
  const text = await readText(manifestPath)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    throw new MigrateExportError(`${manifestPath}: not JSON (${(e as Error).message})`)
  }
  const problem = schemaProblem(MigrationManifestSchema, value, '$', 'is not a field of an azman migration manifest')
  if (problem !== undefined) throw new MigrateExportError(`${manifestPath}: ${problem.path} ${problem.message}`)
  const manifest = value as MigrationManifest
  const files: Record<string, string> = {}
  const target = TARGETS[manifest.target]
  for (const name of target.files) {
    // A file added to a target since an export was written is read only if its manifest lists it.
    if (target.since?.includes(name) === true && !(name in manifest.files)) continue
    files[name] = await readText(join(dir, name))
  }
  return { manifest, files }
}
