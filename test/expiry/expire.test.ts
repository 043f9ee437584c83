import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { runWrite } from '../../src/change-set/run-write.js'
import { EXPIRY_ACTOR, expireMembers } from '../../src/expiry/expire.js'
import { ExpirySidecar } from '../../src/expiry/expiry-sidecar.js'
import { expirySidecarForWrite, recordExpiries } from '../../src/expiry/record-expiry.js'
import { openStore } from '../../src/store/open-store.js'
import type { StorePort } from '../../src/store/port.js'
import { sample } from '../cli/run-cli.js'

const APP = 'Hyper-V services'
const RA = 'VM Operators (Lab VMs)'
const USER = 'S-1-5-21-1004336348-1177238915-682003330-1105'
const OTHER = 'S-1-5-21-1004336348-1177238915-682003330-1199'
const UNTIL = new Date('2099-01-31T18:00:00Z')
const AFTER = new Date('2099-02-01T00:00:00Z')
const settings = { dryRun: false, actor: 'alice', reason: 'CHG-1' } as const

/** A copy of the delegated sample where USER was added to RA until UNTIL, through the library as the CLI does it. */
async function withExpiring(t: Test): Promise<{ path: string; store: StorePort }> {
  const path = join(t.testdir(), 'lab.xml')
  copyFileSync(sample('hyperv-2008r2-delegated.xml'), path)
  const store = openStore(path)
  const sidecar = await expirySidecarForWrite(store)
  const outcome = await runWrite(store, { changes: () => ({ changes: [{ type: 'add-role-assignment-members', app: APP, scope: 'Lab VMs', roleAssignment: RA, members: [{ sid: USER }] }] }) }, settings)
  const recorded = await recordExpiries(store, sidecar, outcome, UNTIL)
  t.equal(recorded.entries.length, 1)
  return { path, store }
}

async function holds(store: StorePort, sid: string): Promise<boolean> {
  const { policy } = await store.load()
  const ra = policy.applications
    .find((a) => a.name === APP)
    ?.scopes.find((s) => s.name === 'Lab VMs')
    ?.roleAssignments.find((r) => r.name === RA)
  return ra?.members.includes(sid) === true
}

t.test('a concurrent write is not lost: the removal is planned again under the lock', async (t) => {
  const { store } = await withExpiring(t)
  // Another writer adds OTHER between expire's read and its write (inside the write path's own read).
  const other = openStore(store.displayName)
  let interleaved = false
  const racing: StorePort = Object.assign(Object.create(store) as StorePort, {
    load: async () => {
      const snapshot = await store.load()
      if (!interleaved) {
        interleaved = true
        await runWrite(other, { changes: () => ({ changes: [{ type: 'add-role-assignment-members', app: APP, scope: 'Lab VMs', roleAssignment: RA, members: [{ sid: OTHER }] }] }) }, settings)
      }
      return snapshot
    },
  })
  const outcome = await expireMembers(racing, { now: AFTER })
  t.ok(interleaved, 'the other write happened in between')
  t.equal(outcome.write?.written, true)
  t.notOk(await holds(store, USER), 'the expired member is gone')
  t.ok(await holds(store, OTHER), "the other writer's member is still there")
  const journal = await store.history()
  t.same(
    journal.map((e) => e.actor),
    ['alice', 'alice', EXPIRY_ACTOR],
    'both writes and the expiry are journaled',
  )
})

t.test('a crash between the store write and the sidecar update: the next run cleans the sidecar', async (t) => {
  const { path, store } = await withExpiring(t)
  const sidecar = ExpirySidecar.of(store)
  const entries = (await sidecar?.read())?.entries ?? []
  t.equal(entries.length, 1)
  // What expire writes to the store, without its sidecar update (the process died in between).
  await runWrite(
    store,
    { changes: () => ({ changes: [{ type: 'remove-role-assignment-members', app: APP, scope: 'Lab VMs', roleAssignment: RA, members: [{ sid: USER }] }] }) },
    { dryRun: false, actor: EXPIRY_ACTOR },
  )
  t.equal((JSON.parse(readFileSync(`${path}.expiry.json`, 'utf8')) as { entries: unknown[] }).entries.length, 1, 'the sidecar still has the entry')
  const journaled = (await store.history()).length
  const outcome = await expireMembers(store, { now: AFTER })
  t.same(
    outcome.expired.map((e) => e.outcome),
    ['gone'],
  )
  t.equal(outcome.write, undefined, 'no store write')
  t.equal((await store.history()).length, journaled, 'nothing journaled')
  t.same((await sidecar?.read())?.entries, [], 'the entry is dropped')
  t.notOk(await holds(store, USER))
})

t.test('an entry set again while expire runs stays', async (t) => {
  const { store } = await withExpiring(t)
  const sidecar = ExpirySidecar.of(store)
  t.ok(sidecar)
  const first = (await sidecar?.read())?.entries[0]
  if (first === undefined) throw new Error('no entry')
  // expire handles the due entry; the sidecar update drops only entries equal to it.
  const later = { ...first, expiresAt: '2100-01-01T00:00:00.000Z' }
  await sidecar?.update((file) => ({ file: { ...file, entries: [...file.entries, later] }, result: undefined }))
  const outcome = await expireMembers(store, { now: AFTER })
  t.equal(outcome.expired.length, 1)
  t.same(
    (await sidecar?.read())?.entries.map((e) => e.expiresAt),
    [later.expiresAt],
    'the entry that is not due stays',
  )
})

t.test('an AD store without a journal keeps no sidecar: --until is refused, expire has nothing to do', async (t) => {
  const store = openStore('msldap://dc.example.invalid/CN=Store,DC=example,DC=invalid')
  await t.rejects(expirySidecarForWrite(store), { code: 'AZMAN_ERR_USAGE', message: /give --journal FILE/ })
  const outcome = await expireMembers(store, { now: AFTER })
  t.same(outcome.expired, [])
  t.equal(outcome.file, undefined)
})

/** A write of one member change to RA, journaled as alice. */
async function memberWrite(store: StorePort, type: 'add-role-assignment-members' | 'remove-role-assignment-members', sid: string): Promise<void> {
  await runWrite(store, { changes: () => ({ changes: [{ type, app: APP, scope: 'Lab VMs', roleAssignment: RA, members: [{ sid }] }] }) }, settings)
}

t.test('a member that left and was added again (without --until) is not removed: the stale entry is dropped', async (t) => {
  const { store } = await withExpiring(t)
  await memberWrite(store, 'remove-role-assignment-members', USER)
  await memberWrite(store, 'add-role-assignment-members', USER)
  const outcome = await expireMembers(store, { now: AFTER })
  t.ok(await holds(store, USER), 'the member added again for good stays')
  t.equal(outcome.write, undefined, 'no store write')
  t.same(outcome.expired, [])
  t.same(
    outcome.dropped.map((d) => [d.entry.sid, d.reason]),
    [[USER, 'left and was added again since']],
  )
  t.same((await ExpirySidecar.of(store)?.read())?.entries, [], 'the stale entry is dropped')
})

t.test('an entry whose member is gone is dropped even when it is not due', async (t) => {
  const { store } = await withExpiring(t)
  await memberWrite(store, 'remove-role-assignment-members', USER)
  const outcome = await expireMembers(store, { now: new Date('2030-01-01T00:00:00Z') })
  t.same(outcome.expired, [])
  t.same(
    outcome.dropped.map((d) => [d.entry.sid, d.reason]),
    [[USER, 'no longer a member']],
  )
  t.same((await ExpirySidecar.of(store)?.read())?.entries, [], 'the entry is dropped')
})

t.test('the sidecar cannot be updated after the store write: the error says the members hold it with no expiry, and how to give them one', async (t) => {
  const path = join(t.testdir(), 'lab.xml')
  copyFileSync(sample('hyperv-2008r2-delegated.xml'), path)
  const store = openStore(path)
  // Mocked: the sidecar update fails (a full disk, say) after the store write; nothing else is.
  const { prepareExpiringWrite } = await t.mockImport<typeof import('../../src/expiry/expiring-write.js')>('../../src/expiry/expiring-write.js', {
    '../../src/expiry/record-expiry.ts': {
      ...(await import('../../src/expiry/record-expiry.js')),
      recordExpiries: async () => {
        throw new Error('ENOSPC: no space left on device')
      },
    },
  })
  const members = [{ sid: OTHER }]
  const expiring = await prepareExpiringWrite(store, { until: '2099-01-31T18:00:00Z', what: '--until', bySid: '--sid', members, now: new Date('2026-12-01T00:00:00Z') })
  const outcome = await runWrite(store, { changes: () => ({ changes: [{ type: 'add-role-assignment-members', app: APP, scope: 'Lab VMs', roleAssignment: RA, members }] }) }, settings)
  await t.rejects(expiring.record(outcome), {
    code: 'AZMAN_ERR_EXPIRY_FILE',
    message: /was written .* but the expiry of its new members was not recorded: ENOSPC.*; they hold their role assignment with no expiry: remove them and add them again with --until/,
  })
  t.ok(await holds(store, OTHER), 'the write stands: the message is about a member that holds it')
})
