import { ExpiryFileError } from '../errors/input-errors.js'
import { schemaProblem } from '../json/schema-check.js'
import { canonicalSid } from '../model/sid.js'
import { guidKey } from '../model/policy.js'
import { EXPIRY_FORMAT, ExpiryFileSchema, type ExpiryEntry, type ExpiryFile } from './expiry-schema.js'

/** The sidecar file of a store whose companion files are named after `base` (see `companionBase`): `<base>.expiry.json`. */
export function expiryPathOf(base: string): string {
  return `${base}.expiry.json`
}

/** A file with no entries: what an absent sidecar reads as. */
export const EMPTY_EXPIRY_FILE: ExpiryFile = { format: EXPIRY_FORMAT, entries: [] }

/**
 * Parses a sidecar's text against {@link ExpiryFileSchema}; each `expiresAt`
 * must also be a real time (not only of the right form).
 *
 * @param path the file, for messages
 * @throws ExpiryFileError naming the file and the JSON path of the first problem
 */
export function parseExpiryFile(text: string, path: string): ExpiryFile {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new ExpiryFileError(`the expiry file ${path} is not valid JSON (${e instanceof Error ? e.message : 'parse error'}); fix or remove it`)
  }
  const problem = schemaProblem(ExpiryFileSchema, json, '$', 'is not a field of an expiry file')
  if (problem !== undefined) throw new ExpiryFileError(`the expiry file ${path} is not of the azman-expiry/1 shape: ${problem.path} ${problem.message}; fix or remove it`)
  const file = json as ExpiryFile
  file.entries.forEach((entry, i) => {
    if (Number.isNaN(Date.parse(entry.expiresAt)))
      throw new ExpiryFileError(`the expiry file ${path} is not of the azman-expiry/1 shape: $.entries[${i}].expiresAt is not a real time; fix or remove it`)
  })
  return file
}

/** The file's text: JSON, two-space indented, ending in a newline. */
export function renderExpiryFile(file: ExpiryFile): string {
  return `${JSON.stringify(file, null, 2)}\n`
}

/** Whether two entries are about the same member of the same role assignment. */
export function sameMember(a: Pick<ExpiryEntry, 'roleAssignment' | 'sid'>, b: Pick<ExpiryEntry, 'roleAssignment' | 'sid'>): boolean {
  return guidKey(a.roleAssignment.guid) === guidKey(b.roleAssignment.guid) && canonicalSid(a.sid) === canonicalSid(b.sid)
}

/** Whether two entries are the same entry (the same member, until the same time). */
export function sameEntry(a: ExpiryEntry, b: ExpiryEntry): boolean {
  return sameMember(a, b) && Date.parse(a.expiresAt) === Date.parse(b.expiresAt)
}

/** The entries whose time has come at `now` (an entry expiring exactly at `now` is due), in file order. */
export function due(entries: readonly ExpiryEntry[], now: Date): ExpiryEntry[] {
  return entries.filter((e) => Date.parse(e.expiresAt) <= now.getTime())
}

/** The file with `added` in, each replacing any entry for the same member (a new `--until` replaces the old one). */
export function withEntries(file: ExpiryFile, added: readonly ExpiryEntry[]): ExpiryFile {
  const kept = file.entries.filter((e) => !added.some((a) => sameMember(a, e)))
  return { format: EXPIRY_FORMAT, entries: [...kept, ...added] }
}

/** The file without `removed` (entries equal by {@link sameEntry}: one set again meanwhile stays). */
export function withoutEntries(file: ExpiryFile, removed: readonly ExpiryEntry[]): ExpiryFile {
  return { format: EXPIRY_FORMAT, entries: file.entries.filter((e) => !removed.some((r) => sameEntry(r, e))) }
}

/** The entry for a member of a role assignment, if it has one. */
export function expiryOf(entries: readonly ExpiryEntry[], roleAssignmentGuid: string, sid: string): ExpiryEntry | undefined {
  return entries.find((e) => sameMember(e, { roleAssignment: { name: '', guid: roleAssignmentGuid }, sid }))
}
