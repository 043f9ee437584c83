import { randomUUID } from 'node:crypto'
import type { Test } from 'tap'
import { diffPolicies } from '../../src/model/edit/diff-policies.js'
import { NO_EXTRAS, type Application, type PolicyStore, type Scope } from '../../src/model/policy.js'
import type { StorePort } from '../../src/store/port.js'
import { samplePolicy, withoutGroups } from './samples.js'

/**
 * The behaviour every store adapter shares, run against each of them
 * (test/store/xml/contract.test.ts, test/store/ldap/contract.int.test.ts).
 */
export interface StoreFactory {
  /** A place where no store exists yet; whatever is created there is removed when `t` ends. */
  fresh(t: Test): Promise<StorePort>
}

/** The delegated Hyper-V sample without application groups: what every adapter (Samba included) can hold. */
export const BASE: PolicyStore = withoutGroups(samplePolicy('hyperv-2008r2-delegated.xml'))

const app = (p: PolicyStore): Application => {
  const a = p.applications[0]
  if (!a) throw new Error('no application')
  return a
}
const byName = <T extends { name: string }>(items: readonly T[], name: string): T => {
  const found = items.find((i) => i.name === name)
  if (!found) throw new Error(`no ${name}`)
  return found
}
const opGuid = (p: PolicyStore, id: string): string => {
  const op = app(p).operations.find((o) => o.operationId === id)
  if (!op) throw new Error(`no operation ${id}`)
  return op.guid
}

function withApp(p: PolicyStore, change: (a: Application) => Application): PolicyStore {
  return { ...p, applications: p.applications.map((a, i) => (i === 0 ? change(a) : a)) }
}

/** Adds BUILTIN\Users to the application-level "Auditors" role assignment. */
export function addUsers(p: PolicyStore): PolicyStore {
  return withApp(p, (a) => ({ ...a, roleAssignments: a.roleAssignments.map((r) => (r.name === 'Auditors' ? { ...r, members: [...r.members, 'S-1-5-32-545'] } : r)) }))
}

/** One change of every kind: renames, scalars set and removed, links and members added and removed, creates and deletes at every level. */
export function everyKindOfEdit(p: PolicyStore): PolicyStore {
  const monitorOps = { remove: opGuid(p, '100'), add: opGuid(p, '330') }
  const operate = byName(app(p).tasks, 'Operate Virtual Machine').guid
  const roleDefinition = randomUUID()
  const newScope: Scope = {
    guid: randomUUID(),
    name: 'New scope, with (odd) characters; = + < >',
    description: 'made by the contract test',
    extras: NO_EXTRAS,
    groups: [],
    tasks: [{ guid: roleDefinition, name: 'Operator (new)', roleDefinition: true, operationLinks: [], taskLinks: [operate], extras: NO_EXTRAS }],
    roleAssignments: [
      { guid: randomUUID(), name: 'Operators (new)', taskLinks: [roleDefinition], operationLinks: [], appMemberLinks: [], members: ['S-1-5-11', 'S-1-5-21-1-2-3-1001'], extras: NO_EXTRAS },
    ],
  }
  return {
    ...withApp(p, (a) => ({
      ...a,
      version: '1.2',
      operations: [...a.operations, { guid: randomUUID(), name: 'Extra operation', operationId: '999', extras: NO_EXTRAS }],
      tasks: a.tasks
        .filter((t) => t.name !== 'Operate Virtual Machine In Hours')
        .map((t) =>
          t.name === 'Monitor Virtual Machine'
            ? { ...t, description: 'watch, and read configuration', operationLinks: [...t.operationLinks.filter((l) => l !== monitorOps.remove), monitorOps.add] }
            : t,
        ),
      roleAssignments: a.roleAssignments.map((r) => (r.name === 'Auditors' ? { ...r, name: 'Auditors (renamed)', description: 'who audits' } : r)),
      scopes: [
        ...a.scopes
          .filter((s) => s.name !== 'Lab VMs')
          .map((s) => ({ ...s, roleAssignments: s.roleAssignments.map((r) => (r.name === 'Production Monitors' ? { ...r, members: ['S-1-5-32-545'] } : r)) })),
        newScope,
      ],
    })),
    description: 'a store description',
  }
}

function same(t: Test, actual: PolicyStore, expected: PolicyStore, message: string): void {
  t.same(diffPolicies(actual, expected), [], message)
}

export function storeContract(t: Test, factory: StoreFactory): void {
  t.test('create, then load gives back the same policy', async (t) => {
    const store = await factory.fresh(t)
    const created = await store.create(BASE)
    same(t, created.policy, BASE, 'create reports what it wrote')
    const loaded = await store.load()
    same(t, loaded.policy, BASE, 'load reads it back')
    t.equal(loaded.version, created.version, 'the version create reported is the stored one')
    t.equal((await store.load()).version, loaded.version, 'an unchanged store keeps its version')
  })

  t.test('update writes only the difference; an update that changes nothing writes nothing', async (t) => {
    const store = await factory.fresh(t)
    const { version } = await store.create(BASE)
    const result = await store.update((s) => addUsers(s.policy))
    t.equal(result.before, version)
    t.same(
      result.edits.map((e) => e.type),
      ['add'],
      'one edit: the member',
    )
    t.not(result.after, version, 'the version moved')
    const loaded = await store.load()
    t.equal(loaded.version, result.after, 'the reported version is the stored one')
    same(t, loaded.policy, addUsers(BASE), 'the member is there')
    const again = await store.update((s) => s.policy)
    t.same(again.edits, [], 'nothing to write')
    t.equal(again.after, again.before)
    t.equal((await store.load()).version, loaded.version, 'the store did not change')
  })

  t.test('every kind of edit reads back exactly', async (t) => {
    const store = await factory.fresh(t)
    await store.create(BASE)
    let wanted: PolicyStore | undefined
    const result = await store.update((s) => (wanted = everyKindOfEdit(s.policy)))
    t.ok(result.edits.length >= 10, `${result.edits.length} edits`)
    if (!wanted) throw new Error('no change')
    same(t, (await store.load()).policy, wanted, 'the store holds exactly the wanted policy')
  })

  t.test('a stale precondition is refused and nothing is written', async (t) => {
    const store = await factory.fresh(t)
    const { version } = await store.create(BASE)
    await store.update((s) => addUsers(s.policy))
    const now = (await store.load()).version
    await t.rejects(
      store.update((s) => ({ ...s.policy, description: 'late' }), { expectedVersion: version }),
      { code: 'AZMAN_ERR_CONFLICT_STALE', exitCode: 5 },
    )
    t.equal((await store.load()).version, now, 'unchanged')
  })

  t.test('a change that breaks integrity is refused and nothing is written', async (t) => {
    const store = await factory.fresh(t)
    const { version } = await store.create(BASE)
    const dangling = (p: PolicyStore): PolicyStore => withApp(p, (a) => ({ ...a, roleAssignments: a.roleAssignments.map((r) => (r.name === 'Auditors' ? { ...r, taskLinks: [randomUUID()] } : r)) }))
    await t.rejects(
      store.update((s) => dangling(s.policy)),
      { code: 'AZMAN_ERR_CHANGE_BREAKS_INTEGRITY', exitCode: 4 },
    )
    t.equal((await store.load()).version, version)
  })

  t.test('create refuses an existing store unless told to replace it', async (t) => {
    const store = await factory.fresh(t)
    const { version } = await store.create(BASE)
    await t.rejects(store.create(addUsers(BASE)), { code: 'AZMAN_ERR_CONFLICT_EXISTS', exitCode: 5 })
    t.equal((await store.load()).version, version, 'untouched')
    await store.create(addUsers(BASE), { overwrite: true })
    same(t, (await store.load()).policy, addUsers(BASE), 'replaced')
  })

  t.test('journaled writes: history lists them, rollback restores the store as it was after one', async (t) => {
    const store = await factory.fresh(t)
    await store.create(BASE)
    t.same(await store.history(), [], 'nothing journaled yet')
    const first = await store.update((s) => addUsers(s.policy), { record: { actor: 'alice', reason: 'TICKET-1', changes: { changes: [] } } })
    const second = await store.update((s) => everyKindOfEdit(s.policy), { record: { actor: 'bob', changes: { changes: [] } } })
    const history = await store.history()
    t.same(
      history.map((e) => [e.actor, e.action, e.before, e.after]),
      [
        ['alice', 'apply', first.before, first.after],
        ['bob', 'apply', second.before, second.after],
      ],
    )
    t.equal(history[0]?.reason, 'TICKET-1')
    const rolled = await store.rollback(history[0]?.id ?? '', { actor: 'carol', reason: 'undo' })
    t.ok(rolled.edits.length > 0, 'the inverse of the second write')
    same(t, (await store.load()).policy, addUsers(BASE), 'back to the state after the first write')
    const last = (await store.history()).at(-1)
    t.match(last, { actor: 'carol', action: 'rollback', reason: 'undo', changes: { rollbackTo: history[0]?.id } })
    await t.rejects(store.rollback('no-such-entry', { actor: 'carol' }), { code: 'AZMAN_ERR_CHANGE_NO_JOURNAL_ENTRY', exitCode: 4 })
  })

  t.test('archived versions read back as journaled; a rollback check refuses before anything is written; the allowance is journaled', async (t) => {
    const store = await factory.fresh(t)
    await store.create(BASE)
    await store.update((s) => addUsers(s.policy), { record: { actor: 'alice', changes: { changes: [] } } })
    await store.update((s) => everyKindOfEdit(s.policy), { record: { actor: 'bob', changes: { changes: [] } } })
    const [first, second] = await store.history()
    same(t, await store.archived(first?.before ?? ''), BASE, "the first entry's before")
    same(t, await store.archived(first?.after ?? ''), addUsers(BASE), "the first entry's after")
    const { version, policy } = await store.load()
    same(t, await store.archived(second?.after ?? ''), policy, "the second entry's after: the store as it is")
    let seen = 0
    const refuse = (): void => {
      seen++
      throw new Error('refused by the check')
    }
    await t.rejects(store.rollback(first?.id ?? '', { actor: 'carol' }, { check: refuse, dryRun: true }), /refused by the check/)
    await t.rejects(store.rollback(first?.id ?? '', { actor: 'carol' }, { check: refuse }), /refused by the check/)
    t.equal(seen, 2, 'the check ran on the dry run and on the write')
    t.equal((await store.load()).version, version, 'nothing written')
    t.equal((await store.history()).length, 2, 'nothing journaled')
    await store.rollback(first?.id ?? '', { actor: 'carol' }, { allowBroad: true, check: () => undefined })
    t.match((await store.history()).at(-1), { action: 'rollback', changes: { rollbackTo: first?.id, allowBroad: true } })
  })

  t.test('a store that does not exist cannot be loaded', async (t) => {
    const store = await factory.fresh(t)
    await t.rejects(store.load(), { code: 'AZMAN_ERR_STORE_IO', exitCode: 2 })
  })
}
