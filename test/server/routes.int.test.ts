/**
 * Every route of the REST service, through `inject`, one table entry per
 * operation of the OpenAPI document (the last test checks that the table and
 * the document list the same operations, and that the document is valid
 * OpenAPI 3.1). Every response is checked against its route's response schema
 * by the server itself (validateResponses). Writes run on a fresh copy of the
 * delegated sample and are checked by reading the result back.
 */
import { createHash } from 'node:crypto'
import { copyFileSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { Validator } from '@seriousme/openapi-schema-validator'
import t, { type Test } from 'tap'
import { APP, APP_PATH, assertProblem, json, REPO_ROOT, sample, testServer, USER, type TestServer } from './support.js'

type Level = 'store' | 'app' | 'scope'
type Case = (t: Test, s: TestServer) => Promise<void>

const STORE = 'delegated'
const SCOPE = 'Lab VMs'
const TEMPLATE: Readonly<Record<Level, string>> = {
  store: '/stores/{store}',
  app: '/stores/{store}/applications/{app}',
  scope: '/stores/{store}/applications/{app}/scopes/{scope}',
}
function at(level: Level, store = STORE): string {
  return level === 'store' ? `/stores/${store}` : level === 'app' ? `/stores/${store}/applications/${APP_PATH}` : `/stores/${store}/applications/${APP_PATH}/scopes/${encodeURIComponent(SCOPE)}`
}
const enc = encodeURIComponent

/** Objects of the delegated sample, at application level and in scope "Lab VMs". */
const HAS = {
  app: {
    roleDefinition: 'IT Monitor',
    task: 'Operate Virtual Machine Power',
    roleAssignment: 'Auditors',
    raMember: { group: 'Hyper-V Auditors' },
    raGrant: 'IT Monitor',
    group: 'VM Operators',
    groupMember: 'S-1-5-21-1004336348-1177238915-682003330-1105',
  },
  scope: {
    roleDefinition: 'VM Operator (Lab VMs)',
    task: undefined,
    roleAssignment: 'VM Operators (Lab VMs)',
    raMember: { group: 'VM Operators' },
    raGrant: 'VM Operator (Lab VMs)',
    group: 'Lab Owners',
    groupMember: 'S-1-5-21-1004336348-1177238915-682003330-1110',
  },
  store: { group: 'Hyper-V Auditors', groupMember: 'S-1-5-21-1004336348-1177238915-682003330-1130' },
} as const

const cases = new Map<string, Case>()
function route(method: string, path: string, run: Case): void {
  const key = `${method} ${path}`
  if (cases.has(key)) throw new Error(`two cases for ${key}`)
  cases.set(key, run)
}

function reset(s: TestServer, name = STORE): void {
  const path = s.paths[name] ?? ''
  for (const suffix of ['.journal.jsonl', '.journal.pending.json', '.bak', '.versions', '.lock']) rmSync(`${path}${suffix}`, { recursive: true, force: true })
  copyFileSync(sample('hyperv-2008r2-delegated.xml'), path)
}

async function get<T = Record<string, unknown>>(t: Test, s: TestServer, url: string, status = 200): Promise<T> {
  const r = await s.request({ method: 'GET', url, as: 'reader' })
  t.equal(r.statusCode, status, `GET ${decodeURIComponent(url)} answers ${status}${r.statusCode === status ? '' : `: ${r.body.slice(0, 300)}`}`)
  return json<T>(r)
}

interface Outcome {
  dryRun: boolean
  written: boolean
  before: string
  after: string
  plan: { results: { status: string; summary: string }[]; warnings: string[]; changes: { type: string }[] }
}

/** A write that must change the store: 200, written, the new version as ETag, journaled with the token's name and the reason header. */
async function write(t: Test, s: TestServer, method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: Record<string, unknown>): Promise<Outcome> {
  reset(s)
  const r = await s.request({ method, url, headers: { 'azman-reason': `CHG-${method}` }, ...(payload === undefined ? {} : { payload }) })
  t.equal(r.statusCode, 200, `${method} ${decodeURIComponent(url)} answers 200${r.statusCode === 200 ? '' : `: ${r.body.slice(0, 400)}`}`)
  const outcome = json<Outcome>(r)
  t.equal(outcome.written, true, 'written')
  t.equal(r.headers.etag, `"${outcome.after}"`, 'the ETag is the new version')
  const history = await get<{ entries: { actor: string; reason: string; after: string }[] }>(t, s, `/stores/${STORE}/history`)
  t.match(history.entries.at(-1), { actor: 'olga-operator', reason: `CHG-${method}`, after: outcome.after }, 'journaled as the token, with the reason')
  return outcome
}

// ---------------------------------------------------------------- service and stores

route('GET', '/health', async (t, s) => {
  const r = await s.request({ method: 'GET', url: '/health', as: null })
  t.equal(r.statusCode, 200, 'no token needed')
  t.same(json(r), { status: 'ok' })
})
route('GET', '/me', async (t, s) => {
  t.same(await get(t, s, '/me'), { name: 'rita-reader', role: 'reader' })
  const r = await s.request({ method: 'GET', url: '/me', as: 'operator' })
  t.same(json(r), { name: 'olga-operator', role: 'operator' })
  t.equal((await s.request({ method: 'GET', url: '/me', as: null })).statusCode, 401, 'needs a token')
})

route('GET', '/stores', async (t, s) => {
  t.same(await get(t, s, '/stores'), { stores: [{ name: 'lab' }, { name: 'delegated' }, { name: 'old' }] })
})
route('GET', '/stores/{store}', async (t, s) => {
  const r = await s.request({ method: 'GET', url: `/stores/${STORE}`, as: 'reader' })
  const view = json<{ store: string; version: string; applications: { name: string }[]; groups: { name: string }[] }>(r)
  t.equal(view.store, STORE, 'named by its store name, not its path')
  t.equal(r.headers.etag, `"${view.version}"`, 'ETag = version')
  t.same(
    view.applications.map((a) => a.name),
    [APP],
  )
  t.same(
    view.groups.map((g) => g.name),
    ['Hyper-V Auditors'],
  )
  const again = await s.request({ method: 'GET', url: `/stores/${STORE}`, as: 'reader', headers: { 'if-none-match': String(r.headers.etag) } })
  t.equal(again.statusCode, 304, 'If-None-Match with the ETag: 304')
  t.equal(again.body, '', 'no body')
  t.notMatch(r.body, s.paths[STORE] ?? '', 'the file path on the server is not shown')
})
route('GET', '/stores/{store}/export', async (t, s) => {
  const exported = await get<{ applications: { roles: { members: unknown[] }[] }[] }>(t, s, `/stores/${STORE}/export`)
  t.type(exported.applications[0]?.roles[0]?.members[0], 'string', 'members are SIDs (the export shape)')
})
route('GET', '/stores/{store}/validation', async (t, s) => {
  t.match(await get(t, s, `/stores/${STORE}/validation`), { store: STORE, valid: true, errors: 0 })
})
route('GET', '/stores/{store}/history', async (t, s) => {
  reset(s)
  t.same(await get(t, s, `/stores/${STORE}/history`), { entries: [] }, 'a fresh store has no journal')
})
route('GET', '/stores/{store}/changes', async (t, s) => {
  // In full: test/server/changes.test.ts.
  reset(s)
  t.same(await get(t, s, `/stores/${STORE}/changes?wait=0`), { entries: [], last: null }, 'a fresh store: no entries')
})
route('GET', '/stores/{store}/applications', async (t, s) => {
  t.match(await get(t, s, `/stores/${STORE}/applications`), { applications: [{ name: APP, guid: String }] })
})
route('GET', '/stores/{store}/applications/{app}', async (t, s) => {
  const app = await get<{ name: string; operations: unknown[]; scopes: { name: string }[] }>(t, s, `/stores/${STORE}/applications/hyper-v%20SERVICES`)
  t.equal(app.name, APP, 'names match without regard to case')
  t.equal(app.operations.length, 34)
  t.same(
    app.scopes.map((x) => x.name),
    ['Lab VMs', 'Production VMs'],
  )
})
route('GET', '/stores/{store}/applications/{app}/operations', async (t, s) => {
  const { operations } = await get<{ operations: { id: number }[] }>(t, s, `${at('app')}/operations`)
  t.equal(operations.length, 34)
  t.ok(operations.some((o) => o.id === 315))
})
route('GET', '/stores/{store}/applications/{app}/operations/{operation}', async (t, s) => {
  t.match(await get(t, s, `${at('app')}/operations/315`), { id: 315, name: 'Start Virtual Machine' }, 'by OperationID')
  t.match(await get(t, s, `${at('app')}/operations/${enc('stop virtual machine')}`), { id: 320 }, 'by name')
  await get(t, s, `${at('app')}/operations/999`, 404)
})
route('GET', '/stores/{store}/applications/{app}/scopes', async (t, s) => {
  const { scopes } = await get<{ scopes: { name: string }[] }>(t, s, `${at('app')}/scopes`)
  t.same(
    scopes.map((x) => x.name),
    ['Lab VMs', 'Production VMs'],
  )
})
route('GET', '/stores/{store}/applications/{app}/scopes/{scope}', async (t, s) => {
  t.match(await get(t, s, at('scope')), { name: SCOPE, roles: [{ name: 'VM Operators (Lab VMs)' }, { name: 'Lab Administrators' }] })
})

// ---------------------------------------------------------------- reads of a place

for (const level of ['app', 'scope'] as const) {
  const has = HAS[level]
  route('GET', `${TEMPLATE[level]}/tasks`, async (t, s) => {
    const { tasks } = await get<{ tasks: { name: string; roleDefinition: boolean }[] }>(t, s, `${at(level)}/tasks`)
    t.ok(
      tasks.every((x) => !x.roleDefinition),
      'tasks only',
    )
    t.equal(tasks.length, level === 'app' ? 6 : 0)
  })
  route('GET', `${TEMPLATE[level]}/tasks/{name}`, async (t, s) => {
    if (level === 'scope') {
      reset(s)
      await s.request({ method: 'POST', url: `${at(level)}/tasks`, payload: { name: 'Scoped task', operations: [315] } })
    }
    const name = has.task ?? 'Scoped task'
    t.match(await get(t, s, `${at(level)}/tasks/${enc(name)}`), { name, roleDefinition: false, operations: Array })
    await get(t, s, `${at(level)}/tasks/${enc(has.roleDefinition)}`, 404)
  })
  route('GET', `${TEMPLATE[level]}/role-definitions`, async (t, s) => {
    const { roleDefinitions } = await get<{ roleDefinitions: { name: string; roleDefinition: boolean }[] }>(t, s, `${at(level)}/role-definitions`)
    t.ok(roleDefinitions.every((x) => x.roleDefinition))
    t.ok(roleDefinitions.some((x) => x.name === has.roleDefinition))
  })
  route('GET', `${TEMPLATE[level]}/role-definitions/{name}`, async (t, s) => {
    t.match(await get(t, s, `${at(level)}/role-definitions/${enc(has.roleDefinition)}`), { name: has.roleDefinition, roleDefinition: true })
  })
  route('GET', `${TEMPLATE[level]}/role-assignments`, async (t, s) => {
    const { roleAssignments } = await get<{ roleAssignments: { name: string }[] }>(t, s, `${at(level)}/role-assignments`)
    t.ok(roleAssignments.some((x) => x.name === has.roleAssignment))
  })
  route('GET', `${TEMPLATE[level]}/role-assignments/{name}`, async (t, s) => {
    t.match(await get(t, s, `${at(level)}/role-assignments/${enc(has.roleAssignment)}`), { name: has.roleAssignment, tasks: [has.raGrant], appMembers: [has.raMember.group] })
  })
}
for (const level of ['store', 'app', 'scope'] as const) {
  const has = HAS[level]
  route('GET', `${TEMPLATE[level]}/groups`, async (t, s) => {
    const { groups } = await get<{ groups: { name: string }[] }>(t, s, `${at(level)}/groups`)
    t.ok(groups.some((g) => g.name === has.group))
  })
  route('GET', `${TEMPLATE[level]}/groups/{name}`, async (t, s) => {
    const group = await get<{ members: { sid: string; name: string | null }[] }>(t, s, `${at(level)}/groups/${enc(has.group)}`)
    t.ok(
      group.members.some((m) => m.sid === has.groupMember),
      'members as {sid, name}',
    )
  })
}

// ---------------------------------------------------------------- writes

const NOT_HERE = 'S-1-5-21-1004336348-1177238915-682003330-1198'

for (const level of ['app', 'scope'] as const) {
  const has = HAS[level]
  for (const kind of ['tasks', 'role-definitions'] as const) {
    const rd = kind === 'role-definitions'
    route('POST', `${TEMPLATE[level]}/${kind}`, async (t, s) => {
      await write(t, s, 'POST', `${at(level)}/${kind}`, { name: 'New one', operations: [315, 'Stop Virtual Machine'], description: 'made over HTTP' })
      const made = await get<{ operations: number[]; roleDefinition: boolean; description: string }>(t, s, `${at(level)}/${kind}/${enc('New one')}`)
      t.same([...made.operations].sort(), [315, 320])
      t.equal(made.roleDefinition, rd)
      t.equal(made.description, 'made over HTTP')
    })
    route('PATCH', `${TEMPLATE[level]}/${kind}/{name}`, async (t, s) => {
      reset(s)
      await s.request({ method: 'POST', url: `${at(level)}/${kind}`, payload: { name: 'Patched', operations: [315] } })
      const r = await s.request({ method: 'PATCH', url: `${at(level)}/${kind}/Patched`, payload: { newName: 'Patched again', addOperations: [325], removeOperations: [315] } })
      t.equal(r.statusCode, 200, r.body.slice(0, 300))
      t.match(await get(t, s, `${at(level)}/${kind}/${enc('Patched again')}`), { operations: [325] })
    })
    route('DELETE', `${TEMPLATE[level]}/${kind}/{name}`, async (t, s) => {
      reset(s)
      await s.request({ method: 'POST', url: `${at(level)}/${kind}`, payload: { name: 'Short lived', operations: [315] } })
      const r = await s.request({ method: 'DELETE', url: `${at(level)}/${kind}/${enc('Short lived')}` })
      t.equal(r.statusCode, 200, r.body.slice(0, 300))
      t.equal(json<Outcome>(r).written, true)
      await get(t, s, `${at(level)}/${kind}/${enc('Short lived')}`, 404)
    })
  }
  route('POST', `${TEMPLATE[level]}/role-assignments`, async (t, s) => {
    await write(t, s, 'POST', `${at(level)}/role-assignments`, { name: 'New holders', roleDefinitions: [has.roleDefinition] })
    t.match(await get(t, s, `${at(level)}/role-assignments/${enc('New holders')}`), { tasks: [has.roleDefinition], members: [] })
  })
  route('PATCH', `${TEMPLATE[level]}/role-assignments/{name}`, async (t, s) => {
    await write(t, s, 'PATCH', `${at(level)}/role-assignments/${enc(has.roleAssignment)}`, { newName: 'Renamed holders', description: 'renamed' })
    t.match(await get(t, s, `${at(level)}/role-assignments/${enc('Renamed holders')}`), { description: 'renamed', tasks: [has.raGrant] })
  })
  route('DELETE', `${TEMPLATE[level]}/role-assignments/{name}`, async (t, s) => {
    await write(t, s, 'DELETE', `${at(level)}/role-assignments/${enc(has.roleAssignment)}`)
    await get(t, s, `${at(level)}/role-assignments/${enc(has.roleAssignment)}`, 404)
  })
  route('POST', `${TEMPLATE[level]}/role-assignments/{name}/members`, async (t, s) => {
    const outcome = await write(t, s, 'POST', `${at(level)}/role-assignments/${enc(has.roleAssignment)}/members`, { members: [{ sid: USER }, { account: 'BUILTIN\\Hyper-V Administrators' }] })
    const ra = await get<{ members: { sid: string; name: string | null }[] }>(t, s, `${at(level)}/role-assignments/${enc(has.roleAssignment)}`)
    t.same(ra.members, [
      { sid: USER, name: null },
      { sid: 'S-1-5-32-578', name: 'BUILTIN\\Hyper-V Administrators' },
    ])
    if (level === 'scope')
      t.ok(
        outcome.plan.warnings.some((w) => /Hyper-V Manager cannot connect/.test(w)),
        'in a scope: warns when a member cannot connect',
      )
  })
  route('DELETE', `${TEMPLATE[level]}/role-assignments/{name}/members`, async (t, s) => {
    await write(t, s, 'DELETE', `${at(level)}/role-assignments/${enc(has.roleAssignment)}/members`, { members: [has.raMember, { sid: NOT_HERE }] })
    t.match(await get(t, s, `${at(level)}/role-assignments/${enc(has.roleAssignment)}`), { appMembers: [] })
  })
  route('POST', `${TEMPLATE[level]}/role-assignments/{name}/tasks`, async (t, s) => {
    await write(t, s, 'POST', `${at(level)}/role-assignments/${enc(has.roleAssignment)}/tasks`, { tasks: ['Operate Virtual Machine Power'] })
    const ra = await get<{ tasks: string[] }>(t, s, `${at(level)}/role-assignments/${enc(has.roleAssignment)}`)
    t.same([...ra.tasks].sort(), [has.raGrant, 'Operate Virtual Machine Power'].sort())
  })
  route('DELETE', `${TEMPLATE[level]}/role-assignments/{name}/tasks`, async (t, s) => {
    await write(t, s, 'DELETE', `${at(level)}/role-assignments/${enc(has.roleAssignment)}/tasks`, { roleDefinitions: [has.raGrant] })
    t.match(await get(t, s, `${at(level)}/role-assignments/${enc(has.roleAssignment)}`), { tasks: [] })
  })
  route('POST', `${TEMPLATE[level]}/delegations`, async (t, s) => {
    const body = level === 'scope' ? { template: 'hyperv-vm-operator', members: [{ sid: USER }] } : { operations: [315, 320], members: [{ sid: USER }], roleAssignment: 'Power users' }
    const outcome = await write(t, s, 'POST', `${at(level)}/delegations`, body)
    t.ok(outcome.plan.changes.some((c) => c.type === 'add-role-assignment-members'))
    const { roleAssignments } = await get<{ roleAssignments: { members: { sid: string }[] }[] }>(t, s, `${at(level)}/role-assignments`)
    t.ok(
      roleAssignments.some((ra) => ra.members.some((m) => m.sid === USER)),
      'the principal holds a role assignment here',
    )
  })
  route('DELETE', `${TEMPLATE[level]}/delegations`, async (t, s) => {
    await write(t, s, 'DELETE', `${at(level)}/delegations`, { members: [has.raMember] })
    const { roleAssignments } = await get<{ roleAssignments: { name: string; appMembers: string[] }[] }>(t, s, `${at(level)}/role-assignments`)
    t.notOk(
      roleAssignments.some((ra) => ra.appMembers.includes(has.raMember.group)),
      'no role assignment here names the group any more',
    )
  })
}

for (const level of ['store', 'app', 'scope'] as const) {
  const has = HAS[level]
  route('POST', `${TEMPLATE[level]}/groups`, async (t, s) => {
    await write(t, s, 'POST', `${at(level)}/groups`, { name: 'New group', members: [{ sid: USER }] })
    t.match(await get(t, s, `${at(level)}/groups/${enc('New group')}`), { type: 'Basic', members: [{ sid: USER }] })
    reset(s)
    const r = await s.request({ method: 'POST', url: `${at(level)}/groups`, payload: { name: 'Query group', ldapQuery: '(department=Lab)' } })
    t.equal(r.statusCode, 200)
    t.match(await get(t, s, `${at(level)}/groups/${enc('Query group')}`), { type: 'LdapQuery', ldapQuery: '(department=Lab)' }, 'an LDAP query makes an LdapQuery group')
  })
  route('PATCH', `${TEMPLATE[level]}/groups/{name}`, async (t, s) => {
    await write(t, s, 'PATCH', `${at(level)}/groups/${enc(has.group)}`, { description: 'patched' })
    t.match(await get(t, s, `${at(level)}/groups/${enc(has.group)}`), { description: 'patched' })
  })
  route('DELETE', `${TEMPLATE[level]}/groups/{name}`, async (t, s) => {
    reset(s)
    await s.request({ method: 'POST', url: `${at(level)}/groups`, payload: { name: 'Doomed' } })
    const r = await s.request({ method: 'DELETE', url: `${at(level)}/groups/Doomed` })
    t.equal(r.statusCode, 200, r.body.slice(0, 300))
    await get(t, s, `${at(level)}/groups/Doomed`, 404)
  })
  route('POST', `${TEMPLATE[level]}/groups/{name}/members`, async (t, s) => {
    await write(t, s, 'POST', `${at(level)}/groups/${enc(has.group)}/members`, { members: [{ sid: USER }], nonMembers: [{ sid: NOT_HERE }] })
    const group = await get<{ members: { sid: string }[]; nonMembers: { sid: string }[] }>(t, s, `${at(level)}/groups/${enc(has.group)}`)
    t.ok(group.members.some((m) => m.sid === USER))
    t.ok(group.nonMembers.some((m) => m.sid === NOT_HERE))
  })
  route('DELETE', `${TEMPLATE[level]}/groups/{name}/members`, async (t, s) => {
    await write(t, s, 'DELETE', `${at(level)}/groups/${enc(has.group)}/members`, { members: [{ sid: has.groupMember }] })
    const group = await get<{ members: { sid: string }[] }>(t, s, `${at(level)}/groups/${enc(has.group)}`)
    t.notOk(group.members.some((m) => m.sid === has.groupMember))
  })
}

route('POST', '/stores/{store}/applications/{app}/scopes', async (t, s) => {
  await write(t, s, 'POST', `${at('app')}/scopes`, { name: 'Web / front VMs', description: 'a slash in a scope name' })
  t.match(await get(t, s, `${at('app')}/scopes/${enc('Web / front VMs')}`), { name: 'Web / front VMs', description: 'a slash in a scope name' }, 'a scope name with a slash, escaped in the path')
})
route('PATCH', '/stores/{store}/applications/{app}/scopes/{scope}', async (t, s) => {
  await write(t, s, 'PATCH', `${at('app')}/scopes/${enc('Production VMs')}`, { newName: 'Prod VMs' })
  await get(t, s, `${at('app')}/scopes/${enc('Prod VMs')}`)
  await get(t, s, `${at('app')}/scopes/${enc('Production VMs')}`, 404)
})
route('DELETE', '/stores/{store}/applications/{app}/scopes/{scope}', async (t, s) => {
  await write(t, s, 'DELETE', `${at('app')}/scopes/${enc('Production VMs')}`)
  await get(t, s, `${at('app')}/scopes/${enc('Production VMs')}`, 404)
})

const CHANGES = {
  changes: [
    { type: 'create-scope', app: APP, name: 'Planned' },
    { type: 'add-role-assignment-members', app: APP, roleAssignment: 'Auditors', members: [{ sid: USER }] },
  ],
}

route('POST', '/stores/{store}/plan', async (t, s) => {
  reset(s)
  const before = readFileSync(s.paths[STORE] ?? '')
  const r = await s.request({ method: 'POST', url: `/stores/${STORE}/plan`, payload: CHANGES, as: 'reader' })
  t.equal(r.statusCode, 200, r.body.slice(0, 300))
  const plan = json<{ format: string; baseVersion: string; results: { status: string }[]; edits: unknown[] }>(r)
  t.equal(plan.format, 'azman-plan/1')
  t.equal(r.headers.etag, `"${plan.baseVersion}"`)
  t.same(
    plan.results.map((x) => x.status),
    ['applied', 'applied'],
  )
  t.ok(readFileSync(s.paths[STORE] ?? '').equals(before), 'planning writes nothing')
})
route('POST', '/stores/{store}/changes', async (t, s) => {
  const outcome = await write(t, s, 'POST', `/stores/${STORE}/changes`, CHANGES)
  t.same(
    outcome.plan.results.map((x) => x.status),
    ['applied', 'applied'],
  )
  await get(t, s, `${at('app')}/scopes/Planned`)
  // A saved plan, applied to the version it was made on.
  reset(s)
  const plan = json<{ baseVersion: string }>(await s.request({ method: 'POST', url: `/stores/${STORE}/plan`, payload: CHANGES }))
  const applied = await s.request({ method: 'POST', url: `/stores/${STORE}/changes`, payload: plan })
  t.equal(applied.statusCode, 200, applied.body.slice(0, 300))
  t.equal(json<Outcome>(applied).before, plan.baseVersion, 'a saved plan applies to its version')
})
route('POST', '/stores/{store}/rollback', async (t, s) => {
  reset(s)
  const original = readFileSync(s.paths[STORE] ?? '')
  await s.request({ method: 'POST', url: `${at('app')}/scopes`, payload: { name: 'One' } })
  const first = (await get<{ entries: { id: string }[] }>(t, s, `/stores/${STORE}/history`)).entries[0]?.id ?? ''
  const afterFirst = readFileSync(s.paths[STORE] ?? '')
  await s.request({ method: 'POST', url: `${at('app')}/scopes`, payload: { name: 'Two' } })
  const r = await s.request({ method: 'POST', url: `/stores/${STORE}/rollback`, payload: { to: first }, headers: { 'azman-reason': 'undo two' } })
  t.equal(r.statusCode, 200, r.body.slice(0, 300))
  const body = json<{ rolledBackTo: string; after: string; edits: unknown[] }>(r)
  t.equal(body.rolledBackTo, first)
  t.equal(r.headers.etag, `"${body.after}"`)
  t.ok(readFileSync(s.paths[STORE] ?? '').equals(afterFirst), 'the exact bytes after the first write')
  t.notOk(readFileSync(s.paths[STORE] ?? '').equals(original))
  const entries = (await get<{ entries: { action: string; actor: string; reason: string }[] }>(t, s, `/stores/${STORE}/history`)).entries
  t.match(entries.at(-1), { action: 'rollback', actor: 'olga-operator', reason: 'undo two' })
})
route('POST', '/stores/{store}/history/{entry}/revert', async (t, s) => {
  reset(s)
  await s.request({ method: 'POST', url: `${at('app')}/scopes`, payload: { name: 'One' } })
  await s.request({ method: 'POST', url: `${at('app')}/scopes`, payload: { name: 'Two' } })
  const first = (await get<{ entries: { id: string }[] }>(t, s, `/stores/${STORE}/history`)).entries[0]?.id ?? ''
  const r = await s.request({ method: 'POST', url: `/stores/${STORE}/history/${encodeURIComponent(first)}/revert`, headers: { 'azman-reason': 'undo one' } })
  t.equal(r.statusCode, 200, r.body.slice(0, 300))
  t.match(json(r), { written: true, plan: { changes: [{ type: 'delete-scope', name: 'One' }] } })
  const entries = (await get<{ entries: { changes: unknown; reason: string }[] }>(t, s, `/stores/${STORE}/history`)).entries
  t.match(entries.at(-1), { reason: 'undo one', changes: { revertOf: first } })
  t.match(readFileSync(s.paths[STORE] ?? '', 'utf8'), 'Two', 'the later entry stays')
})
route('GET', '/templates', async (t, s) => {
  const { templates } = await get<{ templates: { name: string; operations: unknown[] }[] }>(t, s, '/templates')
  t.ok(
    templates.some((x) => x.name === 'hyperv-vm-operator' && x.operations.length > 0),
    'the VM operator template is listed',
  )
})
route('GET', '/templates/{name}', async (t, s) => {
  t.match(await get(t, s, '/templates/hyperv-vm-operator'), { name: 'hyperv-vm-operator', assignableAt: String })
  await get(t, s, '/templates/nope', 404)
  await get(t, s, `/templates/${enc('../package')}`, 404)
})

// ---------------------------------------------------------------- access and diff

const OPERATOR_1105 = 'S-1-5-21-1004336348-1177238915-682003330-1105'
for (const level of ['app', 'scope'] as const) {
  route('GET', `${TEMPLATE[level]}/access`, async (t, s) => {
    reset(s)
    const r = await s.request({ method: 'GET', url: `${at(level)}/access?sid=${OPERATOR_1105}&sid=Everyone&operation=315&operation=${enc('Read Service Configuration')}`, as: 'reader' })
    t.equal(r.statusCode, 200, r.body.slice(0, 300))
    const body = json<{ scope: string | null; sids: string[]; results: { operation: { id: number }; decision: string; because: unknown[] }[] }>(r)
    t.equal(body.scope, level === 'app' ? null : SCOPE)
    t.same(body.sids, [OPERATOR_1105, 'S-1-1-0'], 'well-known names become SIDs')
    t.same(
      body.results.map((x) => x.operation.id),
      [315, 100],
    )
    // 1105 is in group VM Operators: Operate Virtual Machine (315 among them) in Lab VMs; Hyper-V Manager Connect (100) everywhere.
    t.same(
      body.results.map((x) => x.decision),
      level === 'app' ? ['denied', 'granted'] : ['granted', 'granted'],
    )
    t.ok(body.results[1]?.because.length, 'with the proof')
    t.equal(r.headers.etag?.startsWith('"sha256:'), true, 'ETag')
    const bare = json<{ results: { decision: string; because: unknown[] }[] }>(
      await s.request({ method: 'GET', url: `${at(level)}/access?sid=${OPERATOR_1105}&operation=315&explain=false`, as: 'reader' }),
    )
    t.same(
      bare.results.map((x) => [x.decision, x.because.length]),
      [[level === 'app' ? 'denied' : 'granted', 0]],
      'explain=false: the same decision, no proof',
    )
  })
  route('GET', `${TEMPLATE[level]}/who-can`, async (t, s) => {
    reset(s)
    const body = await get<{ principals: { sid: string; decision: string }[]; groups: { group: { name: string } }[] }>(t, s, `${at(level)}/who-can?operation=315`)
    if (level === 'scope')
      t.ok(
        body.groups.some((g) => g.group.name === 'VM Operators'),
        'the group VM Operators gets 315 in Lab VMs',
      )
    else
      t.ok(
        body.principals.some((p) => p.sid === 'S-1-5-32-544'),
        'the administrators get 315 everywhere',
      )
  })
}
route('GET', '/stores/{store}/applications/{app}/what-can', async (t, s) => {
  reset(s)
  const body = await get<{ sids: string[]; scopes: { scope: string | null; granted: { operation: { id: number } }[] }[] }>(t, s, `${at('app')}/what-can?sid=${OPERATOR_1105}`)
  t.same(body.sids, [OPERATOR_1105], 'one ?sid= is a list of one')
  t.same(
    body.scopes.map((x) => x.scope),
    [null, 'Lab VMs', 'Production VMs'],
  )
  t.ok(
    body.scopes[1]?.granted.some((g) => g.operation.id === 315),
    '315 in Lab VMs',
  )
})
route('GET', '/stores/{store}/applications/{app}/matrix', async (t, s) => {
  reset(s)
  const m = await get<{ operations: unknown[]; containers: { scope: string | null; rows: { cells: unknown[] }[] }[] }>(t, s, `${at('app')}/matrix`)
  t.equal(m.operations.length, 34)
  t.same(
    m.containers.map((c) => c.scope),
    [null, 'Lab VMs', 'Production VMs'],
  )
  t.ok(m.containers.every((c) => c.rows.every((r) => r.cells.length === 34)))
})
route('GET', '/stores/{store}/diff/{other}', async (t, s) => {
  reset(s)
  const r = await s.request({ method: 'GET', url: '/stores/lab/diff/delegated', as: 'auditor' })
  t.equal(r.statusCode, 200, r.body.slice(0, 300))
  const d = json<{ storeA: string; storeB: string; same: boolean; objects: unknown[]; access: { change: string }[] }>(r)
  t.match(d, { storeA: 'lab', storeB: 'delegated', same: false })
  t.ok(
    d.access.some((a) => a.change === 'gained'),
    'the delegated store grants more',
  )
  t.equal((await s.request({ method: 'GET', url: '/stores/lab/diff/delegated', as: 'reader' })).statusCode, 403, 'diff needs an auditor')
  const same = await s.request({ method: 'GET', url: '/stores/lab/diff/lab', as: 'auditor' })
  t.equal(json<{ same: boolean }>(same).same, true, 'a store against itself: same')
})

route('POST', '/stores/{store}/tests', async (t, s) => {
  // In full: test/server/policy-tests.test.ts.
  const file = {
    format: 'azman-tests/1',
    tests: [{ name: 'Everyone cannot start VMs in Production', kind: 'access', sids: ['S-1-1-0'], scope: 'Production VMs', operations: [315], expect: 'denied' }],
  }
  const r = await s.request({ method: 'POST', url: `/stores/${STORE}/tests`, payload: file, as: 'auditor' })
  t.equal(r.statusCode, 200, r.body.slice(0, 300))
  t.match(json(r), { passed: 1, failed: 0, tests: [{ name: 'Everyone cannot start VMs in Production', passed: true }] })
})
route('POST', '/stores/{store}/audit', async (t, s) => {
  reset(s)
  const r = await s.request({ method: 'POST', url: `/stores/${STORE}/audit`, payload: { templates: ['hyperv-vm-operator', 'hyperv-it-monitor'], failOn: 'critical' }, as: 'auditor' })
  t.equal(r.statusCode, 200, r.body.slice(0, 300))
  const report = json<{ store: string; templates: string[]; failOn: string; assignments: { roleAssignment: string }[]; findings: { code: string; principal: { sid: string } | null }[] }>(r)
  t.match(report, { store: STORE, templates: ['hyperv-vm-operator', 'hyperv-it-monitor'], failOn: 'critical' })
  t.ok(report.assignments.length >= 6, 'every role assignment is audited')
  t.same(
    report.findings.filter((f) => f.code === 'AUDIT_CANNOT_CONNECT').map((f) => f.principal?.sid),
    ['S-1-5-21-1004336348-1177238915-682003330-1110', 'S-1-5-21-1004336348-1177238915-682003330-1120'],
    'the principals who cannot connect, over REST too',
  )
  const evidence = json<{ report: { madeAt: string; stores: { ref: string; version: string }[]; templates: { name: string; sha256: string }[] } }>(r).report
  t.equal(`"${evidence.stores[0]?.version ?? ''}"`, r.headers.etag, 'the evidence names the store version the ETag names')
  t.same(
    evidence.templates.map((x) => x.name),
    ['hyperv-vm-operator', 'hyperv-it-monitor'],
    'each template with its hash',
  )
  t.match(evidence.madeAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
  for (const [format, type] of [
    ['md', /^text\/markdown/],
    ['csv', /^text\/csv/],
    ['html', /^text\/html/],
    ['text', /^text\/plain/],
  ] as const) {
    const other = await s.request({ method: 'POST', url: `/stores/${STORE}/audit?format=${format}`, payload: { templates: ['hyperv-vm-operator'] }, as: 'auditor' })
    t.equal(other.statusCode, 200, `format ${format}`)
    t.match(other.headers['content-type'], type, `format ${format}: its media type`)
    t.match(other.body, /AUDIT_CANNOT_CONNECT/, `format ${format}: the connect finding`)
    t.match(other.body, evidence.stores[0]?.version ?? '-', `format ${format}: the store version`)
  }
  t.equal((await s.request({ method: 'POST', url: `/stores/${STORE}/audit`, payload: { templates: ['hyperv-vm-operator'] }, as: 'reader' })).statusCode, 403, 'audit needs an auditor')
  t.equal((await s.request({ method: 'POST', url: `/stores/${STORE}/audit`, payload: { templates: ['../package'] }, as: 'auditor' })).statusCode, 404, 'template names only, never paths')

  // Inline template documents, read through the template file schema.
  const shipped = JSON.parse(readFileSync(join(REPO_ROOT, 'templates', 'hyperv-vm-operator.json'), 'utf8')) as Record<string, unknown>
  const mine = { ...shipped, name: 'my-operator' }
  const inline = await s.request({ method: 'POST', url: `/stores/${STORE}/audit`, payload: { templates: [mine, 'hyperv-it-monitor'] }, as: 'auditor' })
  t.equal(inline.statusCode, 200, inline.body.slice(0, 300))
  const inlineReport = json<{ templates: string[]; report: { templates: { name: string; sha256: string }[] } }>(inline)
  t.same(inlineReport.templates, ['my-operator', 'hyperv-it-monitor'], 'an inline template beside a shipped name')
  t.equal(inlineReport.report.templates[0]?.sha256, createHash('sha256').update(JSON.stringify(mine)).digest('hex'), "an inline template's hash is of its JSON")
  const bad = { ...shipped, operations: [{ id: 'x', name: 'n', required: true }] }
  const refused = await s.request({ method: 'POST', url: `/stores/${STORE}/audit`, payload: { templates: ['hyperv-it-monitor', bad] }, as: 'auditor' })
  assertProblem(t, refused, 400, 'AZMAN_ERR_REQUEST_INVALID')
  t.match(json<{ detail: string }>(refused).detail, '$.templates[1]: $.operations[0].id', 'the JSON path of the bad field')
  const tooMany = await s.request({ method: 'POST', url: `/stores/${STORE}/audit`, payload: { templates: Array.from({ length: 33 }, () => mine) }, as: 'auditor' })
  t.equal(tooMany.statusCode, 400, 'at most 32 templates')
})

route('POST', '/stores/{store}/host-checks', async (t, s) => {
  // The host check and the fleet in full: test/server/host-checks.test.ts.
  const facts = JSON.parse(readFileSync(join(REPO_ROOT, 'store-samples/hosts/hv01.json'), 'utf8')) as Record<string, unknown>
  const r = await s.request({ method: 'POST', url: `/stores/${STORE}/host-checks`, payload: { facts }, as: 'auditor' })
  t.equal(r.statusCode, 200, r.body.slice(0, 300))
  t.same(json<{ hosts: string[] }>(r).hosts, ['HV01'])
  t.equal((await s.request({ method: 'POST', url: `/stores/${STORE}/host-checks`, payload: { facts }, as: 'reader' })).statusCode, 403, 'host checks need an auditor')
})

route('POST', '/stores/{store}/host-scripts', async (t, s) => {
  // The host script in full: test/server/host-scripts.test.ts and test/host/script/.
  const body = { scope: 'Lab VMs', vms: ['lab-01'], grant: ['S-1-5-21-1004336348-1177238915-682003330-1108'] }
  const r = await s.request({ method: 'POST', url: `/stores/${STORE}/host-scripts`, payload: body, as: 'operator' })
  t.equal(r.statusCode, 200, r.body.slice(0, 300))
  t.match(json<{ script: string }>(r).script, /^\/\/ azman-host-script\.js/)
  t.equal((await s.request({ method: 'POST', url: `/stores/${STORE}/host-scripts`, payload: body, as: 'auditor' })).statusCode, 403, 'host scripts need an operator')
})

route('POST', '/stores/{store}/verify-scripts', async (t, s) => {
  // In full: test/server/verify.test.ts and test/verify/.
  const r = await s.request({ method: 'POST', url: `/stores/${STORE}/verify-scripts`, as: 'auditor' })
  t.equal(r.statusCode, 200, r.body.slice(0, 300))
  t.match(json<{ script: string; cases: number }>(r), { script: /^# azman verify script/, cases: 1938 })
  t.equal((await s.request({ method: 'POST', url: `/stores/${STORE}/verify-scripts`, as: 'reader' })).statusCode, 403, 'an auditor')
})

route('POST', '/stores/{store}/verify-reports', async (t, s) => {
  const table = json<{ table: string }>(await s.request({ method: 'POST', url: `/stores/${STORE}/verify-scripts`, as: 'auditor' })).table
  const r = await s.request({ method: 'POST', url: `/stores/${STORE}/verify-reports`, payload: { format: 'azman-verify-results/1', table, results: [] }, as: 'auditor' })
  t.equal(r.statusCode, 200, r.body.slice(0, 300))
  t.match(json(r), { cases: 1938, missing: 1938, mismatchCount: 0 })
})

route('POST', '/stores/{store}/migrations', async (t, s) => {
  // In full: test/server/migrations.test.ts and test/migrate/.
  const r = await s.request({ method: 'POST', url: `/stores/${STORE}/migrations`, payload: { to: 'casbin' }, as: 'auditor' })
  t.equal(r.statusCode, 200, r.body.slice(0, 300))
  t.match(json(r), { report: { engine: 'casbin', cases: 1938, disagreements: 0 } })
  t.equal((await s.request({ method: 'POST', url: `/stores/${STORE}/migrations`, payload: { to: 'casbin' }, as: 'reader' })).statusCode, 403, 'an auditor')
})

t.test('every route', async (t) => {
  const s = await testServer(t)
  for (const [key, run] of cases) await t.test(key, (t) => run(t, s))
})

t.test('the OpenAPI document is valid OpenAPI 3.1 and every operation in it has a case above', async (t) => {
  const s = await testServer(t)
  const r = await s.request({ method: 'GET', url: '/openapi.json', as: null })
  t.equal(r.statusCode, 200, 'served without a token')
  const doc = json<{ openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } }>(r)
  t.equal(doc.openapi, '3.1.0')
  const result = await new Validator().validate(doc)
  t.same(result.errors, undefined, 'valid')
  t.equal(result.valid, true)
  const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
  t.same(
    documented.filter((k) => !cases.has(k)),
    [],
    'every documented operation has a case',
  )
  t.same(
    [...cases.keys()].filter((k) => !documented.includes(k)),
    [],
    'every case is a documented operation',
  )
  t.ok(doc.components.schemas.Problem && doc.components.schemas.Plan && doc.components.schemas.Change, 'shared schemas are components')
  const docs = await s.request({ method: 'GET', url: '/docs', as: null })
  t.equal(docs.statusCode, 200, 'the docs page needs no token')
  t.match(docs.body, /swagger-ui/i)
})
