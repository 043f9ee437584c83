import t from 'tap'
import { parseNamesText } from '../../src/directory/names-file.js'
import { APP, APP_PATH, assertProblem, diskState, json, testServer } from './support.js'

// REST plans and write answers: edits in their public shape by default (no `extras`, no parents by GUID),
// the model's edits with ?detail=full; a plan from either applies (issue #13, item 4). Accounts in bodies
// resolve through the service's names table, and plans and history name them (item 5).
// testServer validates every answer against its route's schema (validateResponses).

const D = 'S-1-5-21-1004336348-1177238915-682003330'
const CAROL = `${D}-1140`
const TABLE = parseNamesText(`SID,NTAccount\n${CAROL},CONTOSO\\carol\n${D}-1142,helpdesk\n${D}-1143,HelpDesk\n`, 'names.csv')
const CHANGES = {
  changes: [
    { type: 'create-scope', app: APP, name: 'Web VMs' },
    { type: 'add-role-assignment-members', app: APP, roleAssignment: 'Administrator', members: [{ sid: CAROL }] },
  ],
}

interface PlanBody {
  readonly edits: readonly Record<string, unknown>[]
  readonly editSummaries: readonly string[]
}

t.test('POST /plan: public edits by default, the model edits with ?detail=full; both apply as saved plans', async (t) => {
  const s = await testServer(t)
  const plain = await s.request({ method: 'POST', url: '/stores/lab/plan', payload: CHANGES })
  t.equal(plain.statusCode, 200, plain.body)
  t.notMatch(plain.body, /"extras"|"parent"|"object"/, 'no model internals')
  const plan = json<PlanBody>(plain)
  t.match(plan.edits, [
    { type: 'add', kind: 'role-assignment', name: 'Administrator', application: APP, list: 'members', value: CAROL, summary: plan.editSummaries[0] },
    { type: 'create', kind: 'scope', name: 'Web VMs', application: APP, summary: 'create application "Hyper-V services" > scope "Web VMs"' },
  ])
  const full = await s.request({ method: 'POST', url: '/stores/lab/plan?detail=full', payload: CHANGES })
  t.equal(full.statusCode, 200, full.body)
  t.match(json(full), {
    edits: [
      { type: 'add', parent: {} },
      { type: 'create', object: { extras: { attributes: [], elements: [] } } },
    ],
  })
  assertProblem(t, await s.request({ method: 'POST', url: '/stores/lab/plan?detail=all', payload: CHANGES }), 400, 'AZMAN_ERR_REQUEST_INVALID')
  const applied = await s.request({ method: 'POST', url: '/stores/lab/changes', payload: plain.json() })
  t.equal(applied.statusCode, 200, `a default plan body applies as it is: ${applied.body}`)
  t.match(json(applied), { written: true, plan: { edits: [{ type: 'add' }, { type: 'create', kind: 'scope' }] } })
  const stale = await s.request({ method: 'POST', url: '/stores/lab/changes', payload: full.json() })
  assertProblem(t, stale, 409, 'AZMAN_ERR_CONFLICT_STALE', 'the full plan, made on the version before, is stale now')
})

t.test('a saved public plan whose edits the replay does not give is refused (409), nothing written', async (t) => {
  const s = await testServer(t)
  const plan = json<PlanBody>(await s.request({ method: 'POST', url: '/stores/lab/plan', payload: CHANGES }))
  const before = diskState(s.paths.lab ?? '')
  const forged = { ...plan, edits: plan.edits.map((e, i) => (i === 1 ? { ...e, name: 'Other VMs' } : e)) }
  assertProblem(t, await s.request({ method: 'POST', url: '/stores/lab/changes', payload: forged }), 409, 'AZMAN_ERR_CONFLICT_PLAN_MISMATCH')
  t.equal(diskState(s.paths.lab ?? ''), before)
})

t.test('write routes and rollbacks: public edits by default, the model edits with ?detail=full', async (t) => {
  const s = await testServer(t)
  const url = `/stores/lab/applications/${APP_PATH}/scopes`
  const dry = await s.request({ method: 'POST', url: `${url}?dryRun=true`, payload: { name: 'Web VMs' } })
  t.equal(dry.statusCode, 200, dry.body)
  t.notMatch(dry.body, /"extras"/)
  t.match(json(dry), { dryRun: true, plan: { edits: [{ type: 'create', kind: 'scope', name: 'Web VMs', application: APP }] } })
  const full = await s.request({ method: 'POST', url: `${url}?dryRun=true&detail=full`, payload: { name: 'Web VMs' } })
  t.match(json(full), { plan: { edits: [{ object: { extras: {} } }] } })
  assertProblem(t, await s.request({ method: 'POST', url: `${url}?detail=verbose`, payload: { name: 'Web VMs' } }), 400, 'AZMAN_ERR_REQUEST_INVALID')
  const delegation = { method: 'POST', url: `/stores/delegated/applications/${APP_PATH}/scopes/Lab%20VMs/delegations?dryRun=true`, payload: { operations: [330], members: [{ sid: CAROL }] } } as const
  const delegated = await s.request(delegation)
  t.equal(delegated.statusCode, 200, delegated.body)
  t.notMatch(delegated.body, /"extras"|"parent"/, 'a delegation dry run: no model internals')
  t.match(json(delegated), { dryRun: true, plan: { edits: [{ type: 'create', scope: 'Lab VMs' }] } })
  t.match((await s.request({ ...delegation, url: `${delegation.url}&detail=full` })).body, /"extras"/)
  t.equal((await s.request({ method: 'POST', url, payload: { name: 'Web VMs' } })).statusCode, 200)
  const id = json<{ entries: { id: string }[] }>(await s.request({ url: '/stores/lab/history', as: 'reader' })).entries[0]?.id
  const rollback = await s.request({ method: 'POST', url: '/stores/lab/rollback?dryRun=true', payload: { before: id } })
  t.equal(rollback.statusCode, 200, rollback.body)
  t.match(json(rollback), { dryRun: true, edits: [{ type: 'delete', kind: 'scope', name: 'Web VMs', application: APP, summary: 'delete application "Hyper-V services" > scope "Web VMs"' }] })
  t.notMatch(rollback.body, /"parent"/)
  t.match(json(await s.request({ method: 'POST', url: '/stores/lab/rollback?dryRun=true&detail=full', payload: { before: id } })), { edits: [{ type: 'delete', parent: {} }] })
})

t.test('OpenAPI: both shapes are components, and ?detail is documented on plans and writes', async (t) => {
  const s = await testServer(t)
  const doc = json<{ paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } }>(
    await s.request({ url: '/openapi.json', as: null }),
  )
  const schemas = doc.components.schemas
  let checked = 0
  for (const name of ['PublicEdit', 'PolicyEdit', 'Plan', 'FullPlan', 'WriteOutcome', 'FullWriteOutcome', 'RollbackOutcome', 'FullRollbackOutcome']) {
    t.ok(schemas[name], `${name} is a component`)
    checked++
  }
  t.equal(checked, 8)
  t.notOk(schemas.PublicEdit?.properties?.extras, 'the public edit has no extras')
  t.ok(schemas.PublicEdit?.properties?.summary)
  for (const [path, method] of [
    ['/stores/{store}/plan', 'post'],
    ['/stores/{store}/changes', 'post'],
    ['/stores/{store}/rollback', 'post'],
  ] as const) {
    t.ok(
      doc.paths[path]?.[method]?.parameters?.some((p) => p.name === 'detail' && p.in === 'query'),
      `${method} ${path} takes ?detail`,
    )
  }
})

t.test('the service resolves {"account"} through its names table and names accounts in plans and history', async (t) => {
  const s = await testServer(t, { config: { names: TABLE } })
  const url = `/stores/lab/applications/${APP_PATH}/role-assignments/Administrator/members`
  const r = await s.request({ method: 'POST', url, payload: { members: [{ account: 'contoso\\Carol' }] }, headers: { 'azman-reason': 'CHG-5' } })
  t.equal(r.statusCode, 200, r.body)
  t.match(json(r), {
    plan: {
      results: [{ summary: `add CONTOSO\\carol (${CAROL}) to role assignment "Administrator" in application "Hyper-V services"` }],
      edits: [{ value: CAROL, valueName: 'CONTOSO\\carol', summary: `add CONTOSO\\carol (${CAROL}) to members of application "Hyper-V services" > role assignment "Administrator"` }],
    },
  })
  const history = json<{ entries: { summary: string[] }[] }>(await s.request({ url: '/stores/lab/history', as: 'reader' }))
  t.same(history.entries[0]?.summary, [`add role assignment members "Administrator" in application "Hyper-V services": members CONTOSO\\carol (${CAROL})`])
  const planned = await s.request({
    method: 'POST',
    url: '/stores/lab/plan',
    payload: { changes: [{ type: 'remove-role-assignment-members', app: APP, roleAssignment: 'Administrator', members: [{ account: 'CONTOSO\\carol' }] }] },
  })
  t.equal(planned.statusCode, 200, planned.body)
  t.match(json(planned), { editSummaries: [`remove CONTOSO\\carol (${CAROL}) from members of application "Hyper-V services" > role assignment "Administrator"`] })
})

t.test('REST: an account the names table lacks or names twice is a 400 with the store unchanged', async (t) => {
  const s = await testServer(t, { config: { names: TABLE } })
  const url = `/stores/lab/applications/${APP_PATH}/role-assignments/Administrator/members`
  const before = diskState(s.paths.lab ?? '')
  const unknown = await s.request({ method: 'POST', url, payload: { members: [{ account: 'CONTOSO\\nobody' }] } })
  assertProblem(t, unknown, 400, 'AZMAN_ERR_ACCOUNT_UNKNOWN')
  t.match(
    json<{ detail: string }>(unknown).detail,
    /is not in the names file names\.csv, and there is no directory to ask; give its SID \(\{"sid": "S-1-5-\.\.\."\}\), or configure a directory for this service/,
  )
  const twice = await s.request({ method: 'POST', url: `/stores/lab/applications/${APP_PATH}/delegations`, payload: { template: 'hyperv-vm-operator', members: [{ account: 'HELPDESK' }] } })
  assertProblem(t, twice, 400, 'AZMAN_ERR_ACCOUNT_UNKNOWN')
  t.match(json<{ detail: string }>(twice).detail, /"HELPDESK" names more than one SID in the names file names\.csv; give the SID instead \(\{"sid": "S-1-5-\.\.\."\}\)/)
  t.equal(diskState(s.paths.lab ?? ''), before)
})
