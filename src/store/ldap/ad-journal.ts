import { promisify } from 'node:util'
import { gunzip, gzip } from 'node:zlib'
import { join } from 'node:path'
import { StoreIoError } from '../../errors/input-errors.js'
import type { PolicyStore } from '../../model/policy.js'
import type { JournalEntry } from '../port.js'
import * as fs from '../../fs/file-system.js'
import { describeIoError } from '../../fs/io-error.js'
import { parseXmlStore } from '../../xml/policy/parse-xml-store.js'
import { renderStore } from '../../xml/policy/render-store.js'
import { formatJournalEntry, parseJournalEntry } from '../../journal/store-journal.js'

/**
 * The journal of an AD store: a local file the user names (`--journal`),
 * with the same JSON Lines entries as an XML store's journal, and next to it
 * `<journal>.versions/`: the whole store as it was before and after each
 * journaled write, as gzipped AzMan XML (the backup a rollback restores by
 * applying the difference, i.e. the inverse change set).
 */

const gzipAsync = promisify(gzip)
const gunzipAsync = promisify(gunzip)

/** Entries, oldest first; a torn last line (a crash mid-append) is ignored. */
export async function readAdJournal(path: string): Promise<JournalEntry[]> {
  let bytes: Buffer | undefined
  try {
    bytes = await fs.readBytesIfExists(path)
  } catch (e) {
    throw describeIoError(e, 'read', path)
  }
  if (bytes === undefined) return []
  const lines = bytes.toString('utf8').split('\n')
  lines.pop()
  return lines.map((line, i) => {
    const parsed = parseJournalEntry(line.endsWith('\r') ? line.slice(0, -1) : line)
    if ('problem' in parsed) throw new StoreIoError(`${path} line ${i + 1} is not a journal entry: ${parsed.problem}; the journal is damaged`, { source: path })
    return parsed
  })
}

/** Appends one entry and flushes it. A torn last line left by a crash is cut first. */
export async function appendAdJournal(path: string, entry: JournalEntry): Promise<void> {
  try {
    const current = await fs.readBytesIfExists(path)
    if (current !== undefined && current.length > 0 && current[current.length - 1] !== 0x0a) {
      await fs.truncateDurable(path, current.lastIndexOf(0x0a) + 1)
    }
    await fs.appendDurable(path, Buffer.from(`${formatJournalEntry(entry)}\n`, 'utf8'), 0o600)
  } catch (e) {
    throw describeIoError(e, 'append to', path)
  }
}

function archiveFile(journal: string, version: string): string {
  return join(`${journal}.versions`, `${version.replace(/[^0-9a-z=.-]/gi, '_')}.xml.gz`)
}

/** Keeps the whole store at `version` (once per version). */
export async function archivePolicy(journal: string, version: string, policy: PolicyStore): Promise<void> {
  const file = archiveFile(journal, version)
  try {
    if (await fs.exists(file)) return
    await fs.ensureDirectory(`${journal}.versions`, 0o700)
    await fs.writeAtomic(file, await gzipAsync(Buffer.from(renderStore(policy), 'utf8')), { mode: 0o600 })
  } catch (e) {
    throw describeIoError(e, 'archive a version in', `${journal}.versions`)
  }
}

/** The store as it was at `version`. */
export async function loadArchivedPolicy(journal: string, version: string): Promise<PolicyStore> {
  const file = archiveFile(journal, version)
  let compressed: Buffer | undefined
  try {
    compressed = await fs.readBytesIfExists(file)
  } catch (e) {
    throw describeIoError(e, 'read', file)
  }
  if (compressed === undefined) throw new StoreIoError(`version ${version} is not in ${journal}.versions, so it cannot be restored`, { source: journal })
  try {
    return parseXmlStore(await gunzipAsync(compressed), file).policy
  } catch (e) {
    throw new StoreIoError(`the archived version ${version} in ${journal}.versions is damaged; it cannot be restored`, { cause: e, source: journal })
  }
}
