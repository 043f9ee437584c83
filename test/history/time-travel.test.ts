/**
 * Time travel: a store edited ten times through the real write path (seeded
 * random member changes); for each point (every entry id, every entry time,
 * a time between entries), `--at` answers what the archived version of that
 * point answers when loaded directly; `history --principal` gives the
 * timeline a brute-force comparison of consecutive versions gives; bad points
 * are refused with exit 3 and change nothing.
 */
import { copyFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { AccessIndex, checkAccess } from '../../src/access/index.js'
import { whoCan } from '../../src/access/queries/who-can.js'
import { applyChangeSet, parseChangeSet } from '../../src/api/changes.js'
import { entryIndexAt, parseIsoTime, snapshotAt } from '../../src/history/at-time.js'
import { principalTimeline } from '../../src/history/principal-timeline.js'
import type { PolicyStore } from '../../src/model/policy.js'
import { openStore } from '../../src/store/open-store.js'
import type { JournalEntry, StorePort } from '../../src/store/port.js'
import { withSidNames } from '../../src/views/sid-names.js'
import { fingerprint, runCli, sample, STACK_LINE } from '../cli/run-cli.js'

const APP = 'Hyper-V services'
const D = 'S-1-5-21-1004336348-1177238915-682003330-'
const SIDS = [`${D}1105`, `${D}1108`, `${D}1120`, `${D}1198`, `${D}1199`]
const PLACES = [
  { app: APP, roleAssignment: 'Hyper-V Manager Connect' },
  { app: APP, scope: 'Lab VMs', roleAssignment: 'VM Operators (Lab VMs)' },
  { app: APP, scope: 'Production VMs', roleAssignment: 'Production Monitors' },
] as const

/** mulberry32: a small seeded generator, so a failing run can be repeated. */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let x = Math.imul(a ^ (a >>> 15), 1 | a)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A copy of the delegated sample with ten journaled writes, each adding or removing a member; entries 5 ms apart at least. */
async function editedTenTimes(t: Test, seed = 17): Promise<{ path: string; store: StorePort; entries: readonly JournalEntry[] }> {
  const path = join(t.testdir(), 'lab.xml')
  copyFileSync(sample('hyperv-2008r2-delegated.xml'), path)
  const store = openStore(path)
  const next = random(seed)
  const members = new Map<string, Set<string>>(PLACES.map((p) => [p.roleAssignment, new Set<string>()]))
  members.get('Hyper-V Manager Connect')?.add(`${D}1108`)
  members.get('Production Monitors')?.add(`${D}1120`)
  let written = 0
  while (written < 10) {
    const place = PLACES[Math.floor(next() * PLACES.length)] ?? PLACES[0]
    const sid = SIDS[Math.floor(next() * SIDS.length)] ?? ''
    const held = members.get(place.roleAssignment) ?? new Set<string>()
    const type = held.has(sid) ? 'remove-role-assignment-members' : 'add-role-assignment-members'
    const outcome = await applyChangeSet(store, parseChangeSet({ changes: [{ type, ...place, members: [{ sid }] }] }), { actor: `actor-${written}`, reason: `CHG-${written}` })
    if (held.has(sid)) held.delete(sid)
    else held.add(sid)
    if (outcome.written === true) written++
    await pause(5)
  }
  const entries = await store.history()
  t.equal(entries.length, 10, 'ten journaled writes')
  return { path, store, entries }
}

/** Who can start a VM in Lab VMs, as `who-can --json` prints it, computed on a policy loaded directly. */
function whoCanJson(policy: PolicyStore): unknown {
  const index = AccessIndex.build(policy, APP)
  return JSON.parse(JSON.stringify({ application: index.application.name, ...withSidNames(whoCan(index, index.where('Lab VMs'), index.operation('315')), undefined) }))
}

t.test('--at answers, at every point of a store edited ten times, what the archived version of that point answers', async (t) => {
  const { path, store, entries } = await editedTenTimes(t)
  const points: { at: string; version: string }[] = []
  entries.forEach((e, i) => {
    points.push({ at: e.id, version: e.after })
    points.push({ at: e.time, version: e.after })
    const next = entries[i + 1]
    // A time strictly between two entries: still the earlier one's version.
    if (next !== undefined && Date.parse(next.time) - Date.parse(e.time) > 1) points.push({ at: new Date(Date.parse(e.time) + 1).toISOString(), version: e.after })
  })
  points.push({ at: new Date(Date.now() - 1).toISOString(), version: entries.at(-1)?.after ?? '' })
  let checked = 0
  for (const { at, version } of points) {
    // Brute force: the version of the last entry whose time is at or before the point.
    const time = parseIsoTime(at)
    const expected = time === undefined ? version : [...entries].reverse().find((e) => Date.parse(e.time) <= time)?.after
    t.equal(expected, version, `${at}: the version the journal says`)
    const run = await runCli(['who-can', path, '--app', APP, '--scope', 'Lab VMs', '--operation', '315', '--at', at, '--json'])
    t.equal(run.stderr, '', at)
    t.same(JSON.parse(run.stdout), whoCanJson(await store.archived(version)), `${at}: who-can --at equals who-can on the archived version`)
    t.equal((await snapshotAt(store, at)).version, version)
    checked++
  }
  t.ok(checked >= 21, `${checked} points checked`)
})

t.test('done when: who-can --at before and after a journaled change answer differently, each matching its archived version', async (t) => {
  const path = join(t.testdir(), 'lab.xml')
  copyFileSync(sample('hyperv-2008r2-delegated.xml'), path)
  const add = (sid: string, reason: string) => runCli(['role-assignment', 'add-member', path, '--app', APP, '--scope', 'Lab VMs', '--name', 'VM Operators (Lab VMs)', '--sid', sid, '--reason', reason])
  t.equal((await add(`${D}1198`, 'CHG-1')).code, 0)
  await pause(5)
  t.equal((await add(`${D}1199`, 'CHG-2')).code, 0)
  const store = openStore(path)
  const [first, second] = await store.history()
  const ask = (at: string) => runCli(['who-can', path, '--app', APP, '--scope', 'Lab VMs', '--operation', '315', '--at', at, '--json'])
  const before = await ask(first?.id ?? '')
  const after = await ask(second?.id ?? '')
  t.not(before.stdout, after.stdout, 'the answers differ')
  t.notMatch(before.stdout, `${D}1199`)
  t.match(after.stdout, `${D}1199`)
  t.same(JSON.parse(before.stdout), whoCanJson(await store.archived(first?.after ?? '')))
  t.same(JSON.parse(after.stdout), whoCanJson(await store.archived(second?.after ?? '')))
  // The other read commands take --at alike.
  for (const args of [
    ['show', path],
    ['check', path, '--app', APP, '--scope', 'Lab VMs', '--sid', `${D}1199`, '--operation', '315'],
    ['what-can', path, '--app', APP, '--sid', `${D}1199`],
    ['matrix', path, '--app', APP],
    ['audit', path, '--template', 'templates/', '--fail-on', 'none'],
  ]) {
    const then = await runCli([...args, '--at', first?.id ?? '', '--json'])
    const now = await runCli([...args, '--json'])
    t.equal(then.stderr, '', args[0] ?? '')
    t.ok(then.code === 0 || then.code === 1, `${args[0] ?? ''} --at exits ${then.code}`)
    if (args[0] !== 'matrix') t.not(then.stdout, now.stdout, `${args[0] ?? ''} --at answers from the older version`)
  }
  const diff = await runCli(['diff', path, '--at', first?.id ?? '', '--json'])
  t.equal(diff.code, 1, diff.stderr)
  t.match(JSON.parse(diff.stdout), { access: [{ principal: { sid: `${D}1199` }, change: 'gained' }] })
  const twoPoints = await runCli(['diff', path, '--at', first?.id ?? '', '--to-at', first?.id ?? ''])
  t.equal(twoPoints.code, 0, 'one point against itself: no differences')
})

t.test('history --principal gives the gains and losses a brute-force comparison of consecutive versions gives', async (t) => {
  const { path, store, entries } = await editedTenTimes(t, 4242)
  let compared = 0
  for (const sid of SIDS) {
    const timeline = await principalTimeline(store, sid)
    const expected: string[] = []
    for (const e of entries) {
      const [a, b] = [await store.archived(e.before), await store.archived(e.after)]
      for (const app of b.applications) {
        const [ia, ib] = [AccessIndex.build(a, app.name), AccessIndex.build(b, app.name)]
        for (const scope of [undefined, ...app.scopes.map((s) => s.name)]) {
          for (const op of app.operations) {
            const ask = (index: AccessIndex) => checkAccess(index, { scope, sids: [sid], operations: [op.name], explain: false })[0]?.decision
            const [was, is] = [ask(ia), ask(ib)]
            if (was !== is) expected.push(`${e.id} ${scope ?? '-'} ${op.name} ${String(was)}->${String(is)}`)
            compared++
          }
        }
      }
    }
    const got = timeline.events.map((v) => `${v.entry.id} ${v.scope ?? '-'} ${v.operation.name} ${v.before}->${v.after}`)
    t.same([...got].sort(), expected.sort(), `${sid}: the same gains and losses`)
  }
  t.ok(compared > 1000, `${compared} decisions compared`)
  const run = await runCli(['history', path, '--principal', `${D}1199`, '--scope', 'lab vms', '--operation', '315', '--json'])
  t.equal(run.code, 0, run.stderr)
  const narrowed = JSON.parse(run.stdout) as { events: { scope: string; operation: { id: number } }[]; entries: number }
  t.equal(narrowed.entries, 10)
  t.ok(
    narrowed.events.every((e) => e.scope === 'Lab VMs' && e.operation.id === 315),
    'narrowed to the scope and operation',
  )
  const text = await runCli(['history', path, '--principal', `${D}1199`])
  t.equal(text.code, 0)
  t.match(text.stdout, /^Access of S-1-5-21-\S+ over 10 journal entries/)
})

t.test('bad points: exit 3 with a clear message, nothing changed; a change outside azman is refused with exit 5', async (t) => {
  const { path, entries } = await editedTenTimes(t)
  const first = entries[0]
  const before = fingerprint(path)
  const cases: [string, RegExp, number][] = [
    ['2999-01-01T00:00:00Z', /is in the future/, 3],
    ['yesterday', /neither a journal entry id nor an ISO 8601 time/, 3],
    ['2026-02-30', /neither a journal entry id nor an ISO 8601 time/, 3],
    ['2026-12-03T08:30:00', /neither a journal entry id nor an ISO 8601 time/, 3],
    ['2000-01-01', new RegExp(`no version is known before ${first?.time ?? 'x'}`), 3],
    ['20000101T000000.000Z-abcdef', /no journal entry 20000101T000000\.000Z-abcdef/, 3],
  ]
  for (const [at, message, code] of cases) {
    const run = await runCli(['who-can', path, '--app', APP, '--operation', '315', '--at', at])
    t.equal(run.code, code, `${at}: exit ${code}`)
    t.match(run.stderr, message)
    t.notMatch(run.stderr, STACK_LINE)
    t.equal(run.stdout, '')
  }
  t.same(fingerprint(path), before, 'nothing changed on disk')
  const json = await runCli(['show', path, '--at', 'soon', '--json'])
  t.match(JSON.parse(json.stdout), { error: { code: 'AZMAN_ERR_USAGE', exitCode: 3 } })
  const oneStore = await runCli(['diff', path])
  t.equal(oneStore.code, 3, 'diff of one store needs --at')
  // The store changed by hand after the last entry: a point after it is not known, one before it still is.
  writeFileSync(path, (await import('node:fs')).readFileSync(path, 'utf8').replace('Name="Production VMs"', 'Name="Prod VMs"'))
  const now = await runCli(['show', path, '--at', new Date().toISOString()])
  t.equal(now.code, 5)
  t.match(now.stderr, /was changed outside azman after journal entry .*AZMAN_ERR_CONFLICT_UNJOURNALED/)
  t.equal((await runCli(['show', path, '--at', first?.id ?? ''])).code, 0, 'an earlier point is still known')
})

t.test('entryIndexAt: an empty journal is a usage error; a time equal to an entry is that entry', async (t) => {
  const now = new Date('2026-06-01T00:00:00Z')
  t.throws(() => entryIndexAt([], '2026-01-01', now), { code: 'AZMAN_ERR_USAGE', message: /no journaled changes/ })
  const e = (id: string, time: string): JournalEntry => ({ id, time, actor: 'a', action: 'apply', changes: {}, before: `sha256:${'0'.repeat(64)}`, after: `sha256:${'1'.repeat(64)}` })
  const list = [e('a', '2026-01-01T00:00:00.000Z'), e('b', '2026-02-01T00:00:00.000Z')]
  t.equal(entryIndexAt(list, '2026-02-01T00:00:00Z', now), 1)
  t.equal(entryIndexAt(list, '2026-02-01T01:00:00+02:00', now), 0, 'zones are honoured')
  t.equal(entryIndexAt(list, 'a', now), 0)
  t.equal(parseIsoTime('2026-12-03'), Date.UTC(2026, 11, 3))
  t.equal(parseIsoTime('2026-13-03'), undefined)
})

t.test('history --principal: a change made outside azman between two entries is in the timeline, marked as such', async (t) => {
  const path = join(t.testdir(), 'lab.xml')
  copyFileSync(sample('hyperv-2008r2-delegated.xml'), path)
  const store = openStore(path)
  const add = async (sid: string, n: number) =>
    applyChangeSet(store, parseChangeSet({ changes: [{ type: 'add-role-assignment-members', app: APP, scope: 'Lab VMs', roleAssignment: 'VM Operators (Lab VMs)', members: [{ sid }] }] }), {
      actor: 'alice',
      reason: `CHG-${n}`,
    })
  await add(`${D}1198`, 1)
  const monitors = `<Member>${D}1120</Member></AzRole></AzScope>`
  const { readFileSync } = await import('node:fs')
  const text = readFileSync(path, 'utf8')
  t.ok(text.includes(monitors))
  writeFileSync(path, text.replace(monitors, `<Member>${D}1120</Member><Member>${D}1199</Member></AzRole></AzScope>`))
  await add(`${D}1197`, 2)
  const entries = await store.history()
  const timeline = await principalTimeline(store, `${D}1199`)
  t.equal(timeline.entries, 2)
  t.ok(timeline.events.length > 0, `${timeline.events.length} changes`)
  t.ok(
    timeline.events.every((e) => e.outside === true && e.entry.id === entries[1]?.id && e.change === 'gained' && e.scope === 'Production VMs'),
    'each one gained in Production VMs outside azman, before the second entry',
  )
  const printed = await runCli(['history', path, '--principal', `${D}1199`])
  t.equal(printed.code, 0)
  t.match(printed.stdout, new RegExp(`GAINED .* in scope "Production VMs" .* outside azman, before entry ${entries[1]?.id ?? ''}`))
  const untouched = await principalTimeline(store, `${D}1198`)
  t.ok(untouched.events.length > 0 && untouched.events.every((e) => e.outside === undefined && e.entry.id === entries[0]?.id), 'a journaled change is not marked outside')
})
