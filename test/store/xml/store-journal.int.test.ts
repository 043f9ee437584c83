import { appendFileSync, chmodSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { diffPolicies } from '../../../src/model/edit/diff-policies.js'
import type { PolicyStore } from '../../../src/model/policy.js'
import type { ChangeRecord, JournalEntry } from '../../../src/store/port.js'
import { parseXmlStore, versionOf } from '../../../src/xml/policy/parse-xml-store.js'
import { formatJournalEntry, journalPathOf, newEntryId, parseJournalEntry, pendingPathOf, readJournal } from '../../../src/journal/store-journal.js'
import { lockPathOf } from '../../../src/fs/store-lock.js'
import { archivePathOf } from '../../../src/store/xml/version-archive.js'
import { XmlStore } from '../../../src/store/xml/xml-store.js'
import { sidFor, withAdministratorMembers } from './children/members.js'
import { SAMPLES } from './edit-helpers.js'

const sample = readFileSync(SAMPLES.r2)

const adding = (n: number) => (s: { policy: PolicyStore }) => withAdministratorMembers(s.policy, (m) => [...m, sidFor(n)])
const record = (n: number): ChangeRecord => ({ actor: 'alice', reason: `TICKET-${n}`, changes: { add: [sidFor(n)], n } })

/** A store with three journaled changes; the bytes after each. */
async function threeChanges(t: { testdir: (f: Record<string, Buffer>) => string }): Promise<{ path: string; store: XmlStore; after: Buffer[] }> {
  const dir = t.testdir({ 'store.xml': sample })
  const path = join(dir, 'store.xml')
  const store = new XmlStore(path, 'store.xml')
  const after: Buffer[] = []
  for (const n of [1, 2, 3]) {
    await store.update(adding(n), { record: record(n) })
    after.push(readFileSync(path))
  }
  return { path, store, after }
}

function at<T>(items: readonly T[], index: number): T {
  const item = items.at(index)
  if (item === undefined) throw new Error(`no item ${index}`)
  return item
}

t.test('each journaled write is one entry with who, why, what, and the versions before and after', async (t) => {
  const { path, store, after } = await threeChanges(t)
  const history = await store.history()
  t.equal(history.length, 3)
  const versions = [versionOf(sample), ...after.map(versionOf)]
  history.forEach((entry, i) => {
    t.match(entry, { actor: 'alice', reason: `TICKET-${i + 1}`, action: 'apply', changes: { add: [sidFor(i + 1)], n: i + 1 }, before: versions[i], after: versions[i + 1] })
    t.match(entry.id, /^\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{6}$/, 'sortable id')
    t.ok(Math.abs(Date.parse(entry.time) - Date.now()) < 60_000 && entry.time.endsWith('Z'), 'UTC time of the write')
  })
  t.equal(new Set(history.map((e) => e.id)).size, 3, 'ids are unique')
  const lines = readFileSync(journalPathOf(path), 'utf8').split('\n')
  t.equal(lines.length, 4, 'JSON Lines: one line per entry and a final newline')
  t.equal(at(lines, -1), '')
  t.same(JSON.parse(at(lines, 0)), history[0], 'the line is the entry')
})

t.test('rollback restores the exact bytes after an entry, journals itself, and keeps a backup', async (t) => {
  const { path, store, after } = await threeChanges(t)
  const [first] = await store.history()
  if (first === undefined) throw new Error('no entry')
  const result = await store.rollback(first.id, { actor: 'bob', reason: 'INC-9' })
  const restored = readFileSync(path)
  t.ok(restored.equals(at(after, 0)), 'the store is byte for byte as it was after entry 1')
  t.equal(result.before, versionOf(at(after, 2)))
  t.equal(result.after, first.after)
  t.same(result.edits, diffPolicies(parseXmlStore(at(after, 2)).policy, parseXmlStore(at(after, 0)).policy), 'edits: what changed, object by object')
  t.match(
    result.edits,
    [
      { type: 'remove', list: 'members', value: sidFor(2) },
      { type: 'remove', list: 'members', value: sidFor(3) },
    ],
    'the two later members are removed',
  )
  t.ok(readFileSync(`${path}.bak`).equals(at(after, 2)), '.bak holds the bytes before the last write')

  const history = await store.history()
  t.equal(history.length, 4)
  t.match(at(history, 3), { actor: 'bob', reason: 'INC-9', action: 'rollback', changes: { rollbackTo: first.id }, before: versionOf(at(after, 2)), after: first.after })
  t.notOk(existsSync(lockPathOf(path)), 'lock released')

  // Rolling back to where the store already is writes nothing.
  const again = await store.rollback(first.id, { actor: 'bob' })
  t.same(again, { before: first.after, after: first.after, edits: [] })
  t.equal((await store.history()).length, 4, 'no entry for a rollback that changed nothing')
  t.ok(readFileSync(`${path}.bak`).equals(at(after, 2)), 'the backup was not rewritten')

  // And forward again, to the last apply.
  const third = at(history, 2)
  await store.rollback(third.id, { actor: 'bob' })
  t.ok(readFileSync(path).equals(at(after, 2)), 'rolled forward to the bytes after entry 3')
  t.notOk('reason' in at(await store.history(), 4), 'no reason given, none recorded')
})

t.test('an unknown entry id is refused and nothing changes', async (t) => {
  const { path, store, after } = await threeChanges(t)
  const journal = readFileSync(journalPathOf(path))
  await t.rejects(store.rollback('20000101T000000.000Z-abcdef', { actor: 'bob' }), {
    code: 'AZMAN_ERR_CHANGE_NO_JOURNAL_ENTRY',
    exitCode: 4,
    message: 'store.xml has no journal entry "20000101T000000.000Z-abcdef"; run "azman history store.xml" to see the entry ids',
  })
  t.ok(readFileSync(path).equals(at(after, 2)), 'store unchanged')
  t.ok(readFileSync(journalPathOf(path)).equals(journal), 'journal unchanged')
  t.notOk(existsSync(lockPathOf(path)), 'lock released')
})

t.test('a rollback whose version is missing from the archive, or damaged, is refused', async (t) => {
  const { path, store, after } = await threeChanges(t)
  const [first, second] = await store.history()
  if (first === undefined || second === undefined) throw new Error('no entries')
  rmSync(archivePathOf(path, first.after))
  await t.rejects(store.rollback(first.id, { actor: 'bob' }), { code: 'AZMAN_ERR_STORE_IO', message: /is not in store\.xml\.versions, so it cannot be restored/ })
  writeFileSync(archivePathOf(path, second.after), 'not gzip')
  await t.rejects(store.rollback(second.id, { actor: 'bob' }), { code: 'AZMAN_ERR_STORE_IO', message: /is damaged/ })
  t.ok(readFileSync(path).equals(at(after, 2)), 'store unchanged')
  t.equal((await store.history()).length, 3, 'nothing journaled')
})

t.test('a torn last line is ignored by readers and cut by the next writer', async (t) => {
  const { path, store } = await threeChanges(t)
  appendFileSync(journalPathOf(path), '{"id":"20250101T000000.000Z-aaaaaa","time":"2025-01-')
  t.equal((await store.history()).length, 3, 'the torn line is not an entry')
  await store.update(adding(4), { record: record(4) })
  const history = await store.history()
  t.equal(history.length, 4, 'the next entry follows the three')
  t.equal(at(history, 3).reason, 'TICKET-4')
  const text = readFileSync(journalPathOf(path), 'utf8')
  t.notMatch(text, /aaaaaa/, 'the torn piece is gone')
  t.equal(text.split('\n').length, 5)
})

t.test('a last entry that only lost its newline is kept', async (t) => {
  const { path, store } = await threeChanges(t)
  const lines = readFileSync(journalPathOf(path), 'utf8').split('\n')
  writeFileSync(journalPathOf(path), lines.slice(0, 3).join('\n')) // entry 3 without its newline
  t.equal((await store.history()).length, 2, 'readers see a torn line')
  await store.update(adding(4), { record: record(4) })
  t.same(
    (await store.history()).map((e) => e.reason),
    ['TICKET-1', 'TICKET-2', 'TICKET-3', 'TICKET-4'],
    'the writer gave entry 3 its newline back',
  )
})

t.test('a malformed line other than the last is an error naming the line', async (t) => {
  const { path, store } = await threeChanges(t)
  const good = readFileSync(journalPathOf(path), 'utf8').split('\n')
  const cases: [string, string, RegExp][] = [
    ['not JSON', 'garbage', /store\.xml\.journal\.jsonl line 2 is not a journal entry: it is not valid JSON/],
    ['an array', '[1,2]', /line 2 is not a journal entry: it is not a JSON object/],
    ['a wrong action', at(good, 1).replace('"action":"apply"', '"action":"delete"'), /line 2 .*"action" is neither "apply" nor "rollback"/],
    ['a bad version', at(good, 1).replace(/"after":"sha256:[0-9a-f]+"/, '"after":"md5:00"'), /line 2 .*"after" is not a store version/],
    ['a missing actor', at(good, 1).replace(/"actor":"alice",/, ''), /line 2 .*"actor" is not a string/],
    ['an empty line', '', /line 2 is not a journal entry: it is not valid JSON/],
    ['a repeated id', at(good, 0), /line 2 repeats the id .* of line 1/],
  ]
  for (const [what, line, message] of cases) {
    writeFileSync(journalPathOf(path), [at(good, 0), line, at(good, 2), ''].join('\n'))
    await t.rejects(store.history(), { code: 'AZMAN_ERR_STORE_IO', exitCode: 2, message }, what)
    await t.rejects(store.rollback('x', { actor: 'a' }), { code: 'AZMAN_ERR_STORE_IO', message }, `${what}: rollback reads the journal strictly too`)
  }
  writeFileSync(journalPathOf(path), Buffer.from([0xff, 0x0a]))
  await t.rejects(store.history(), { code: 'AZMAN_ERR_STORE_IO', message: /is not UTF-8 text/ })
})

t.test('entries are validated into typed values', async (t) => {
  const entry: JournalEntry = {
    id: newEntryId(new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 678))),
    time: '2025-01-02T03:04:05.678Z',
    actor: 'a',
    action: 'apply',
    changes: { nested: [1, 'two', null, true, { x: 1.5 }] },
    before: `sha256:${'0'.repeat(64)}`,
    after: `sha256:${'1'.repeat(64)}`,
  }
  t.match(entry.id, /^20250102T030405\.678Z-[0-9a-f]{6}$/)
  t.same(parseJournalEntry(formatJournalEntry(entry)), entry, 'round trip')
  t.notOk('reason' in entry)
  const proto = parseJournalEntry(formatJournalEntry(entry).replace('"nested"', '"__proto__"'))
  t.ok(!('problem' in proto) && Object.getPrototypeOf(proto.changes) === Object.prototype && Object.hasOwn(proto.changes as object, '__proto__'), 'a "__proto__" key stays data')
  t.match(parseJournalEntry(formatJournalEntry(entry).replace('"time":"2025-01-02T03:04:05.678Z"', '"time":"yesterday"')), { problem: /"time"/ })
  t.match(parseJournalEntry(formatJournalEntry(entry).replace('"actor":"a"', '"actor":"a","reason":7')), { problem: /"reason"/ })
  t.same(await readJournal(join(t.testdir({}), 'none.xml')), [], 'no journal, no entries')
})

t.test('a write without a record is not journaled but is archived and backed up', async (t) => {
  const dir = t.testdir({ 'store.xml': sample })
  const path = join(dir, 'store.xml')
  const store = new XmlStore(path)
  const result = await store.update(adding(1))
  t.same(await store.history(), [])
  t.notOk(existsSync(journalPathOf(path)))
  t.ok(existsSync(archivePathOf(path, result.before)) && existsSync(archivePathOf(path, result.after)), 'both versions archived')
  t.ok(readFileSync(`${path}.bak`).equals(sample), 'backup of the previous bytes')
  const none = await store.update((s) => s.policy, { record: record(9) })
  t.same(none.edits, [])
  t.notOk(existsSync(journalPathOf(path)), 'a write that changes nothing is not journaled')
})

t.test("companion files get the store's permissions", async (t) => {
  const dir = t.testdir({ 'store.xml': sample })
  const path = join(dir, 'store.xml')
  chmodSync(path, 0o640)
  const result = await new XmlStore(path).update(adding(1), { record: record(1) })
  t.equal(statSync(path).mode & 0o777, 0o640, 'store mode kept')
  t.equal(statSync(`${path}.bak`).mode & 0o777, 0o640, 'backup')
  t.equal(statSync(journalPathOf(path)).mode & 0o777, 0o640, 'journal')
  t.equal(statSync(archivePathOf(path, result.after)).mode & 0o777, 0o640, 'archived version')
  t.equal(statSync(`${path}.versions`).mode & 0o777, 0o750, 'archive folder: searchable where readable')
})

t.test('an interrupted journaled write is settled by the next writer', async (t) => {
  const { path, store, after } = await threeChanges(t)
  const v3 = versionOf(at(after, 2))
  const entry = (after: string): JournalEntry => ({ id: newEntryId(), time: new Date().toISOString(), actor: 'crashed', action: 'apply', changes: null, before: v3, after })

  // Killed after replacing the store, before journaling: the store is at the pending entry's version.
  const next = Buffer.from(readFileSync(path, 'utf8').replace('</AzRole>', `<Member>${sidFor(50)}</Member></AzRole>`), 'utf8')
  parseXmlStore(next)
  const happened = entry(versionOf(next))
  writeFileSync(path, next)
  writeFileSync(pendingPathOf(path), `${formatJournalEntry(happened)}\n`)
  t.same(at(await store.history(), -1), happened, 'history shows the write the store holds')
  await store.update(adding(4), { record: record(4) })
  let history = await store.history()
  t.same(
    history.map((e) => e.actor),
    ['alice', 'alice', 'alice', 'crashed', 'alice'],
    'the interrupted entry is journaled before the next one',
  )
  t.equal(at(history, 4).before, happened.after, 'the versions chain')
  t.notOk(existsSync(pendingPathOf(path)), 'pending entry settled')

  // Killed before replacing the store: the pending entry names a version the store never reached.
  const never = entry(`sha256:${'f'.repeat(64)}`)
  writeFileSync(pendingPathOf(path), `${formatJournalEntry(never)}\n`)
  t.equal((await store.history()).length, 5, 'history leaves out a write that did not happen')
  await store.update(adding(5), { record: record(5) })
  history = await store.history()
  t.equal(history.length, 6)
  t.notOk(
    history.some((e) => e.id === never.id),
    'dropped',
  )
  t.notOk(existsSync(pendingPathOf(path)))

  writeFileSync(pendingPathOf(path), '{"id":')
  await t.rejects(store.update(adding(6)), { code: 'AZMAN_ERR_STORE_IO', message: /store\.xml\.journal\.pending\.json is not a journal entry/ }, 'an altered pending entry stops writes')
})
