import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { validateStore } from '../../../src/model/integrity/validate.js'
import { parseXmlStore, versionOf } from '../../../src/xml/policy/parse-xml-store.js'
import { readJournal } from '../../../src/journal/store-journal.js'
import { lockPathOf } from '../../../src/fs/store-lock.js'
import { archiveDirOf, archivePathOf } from '../../../src/store/xml/version-archive.js'
import { administratorMembers, sidFor } from './children/members.js'
import { root, SAMPLES } from './edit-helpers.js'

const CHILD = new URL('./children/add-members.ts', import.meta.url).pathname
const PER_WRITER = 200

/** Runs a child writer to its end; resolves with its exit code and what it printed on stderr. */
function runWriter(path: string, firstRid: number, actor: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path, String(firstRid), String(PER_WRITER), actor], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => resolve({ code, stderr }))
  })
}

t.test(`two processes adding ${PER_WRITER} members each to one role assignment lose no update`, async (t) => {
  const dir = t.testdir({ 'store.xml': readFileSync(SAMPLES.r2) })
  const path = join(dir, 'store.xml')
  const original = administratorMembers(parseXmlStore(readFileSync(path)).policy)
  t.same(original, ['S-1-5-32-544'], 'the sample has one member')

  const results = await Promise.all([runWriter(path, 10_000, 'writer-a'), runWriter(path, 20_000, 'writer-b')])
  t.same(
    results.map((r) => r.code),
    [0, 0],
    'both writers finished',
  )
  t.same(
    results.map((r) => r.stderr),
    ['', ''],
    'without errors',
  )

  const bytes = readFileSync(path)
  const { policy } = parseXmlStore(bytes)
  t.same(
    validateStore(policy).filter((f) => f.severity === 'error'),
    [],
    'the store validates',
  )
  const members = administratorMembers(policy)
  const expected = [...original, ...Array.from({ length: PER_WRITER }, (_, i) => sidFor(10_000 + i)), ...Array.from({ length: PER_WRITER }, (_, i) => sidFor(20_000 + i))]
  t.equal(members.length, 2 * PER_WRITER + 1, 'every member once')
  t.same([...members].sort(), [...expected].sort(), 'all 400 members and the original one')

  const journal = await readJournal(path)
  t.equal(journal.length, 2 * PER_WRITER, 'one journal entry per update')
  t.same(
    journal.filter((e) => e.actor === 'writer-a').map((e) => e.changes),
    Array.from({ length: PER_WRITER }, (_, i) => ({ add: sidFor(10_000 + i) })),
    "writer a's entries, in its order",
  )
  t.same(
    journal.filter((e) => e.actor === 'writer-b').map((e) => e.changes),
    Array.from({ length: PER_WRITER }, (_, i) => ({ add: sidFor(20_000 + i) })),
    "writer b's entries, in its order",
  )
  const gaps = journal.filter((e, k) => k > 0 && journal[k - 1]?.after !== e.before)
  t.same(gaps, [], 'each write started from the version the previous one wrote: no write was based on a stale read')
  t.equal(journal.at(-1)?.after, versionOf(bytes), "the journal ends at the store's version")
  const archived = new Set(readdirSync(archiveDirOf(path)).map((n) => join(archiveDirOf(path), n)))
  t.same(
    journal.flatMap((e) => [e.before, e.after]).filter((v) => !archived.has(archivePathOf(path, v))),
    [],
    'every version the journal names is archived',
  )
  t.notOk(existsSync(lockPathOf(path)), 'no lock left')
  const turns = journal.filter((e, k) => k > 0 && journal[k - 1]?.actor !== e.actor).length
  t.comment(`the writers took turns ${turns} times`)
})
