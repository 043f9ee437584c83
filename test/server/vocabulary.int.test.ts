/**
 * One vocabulary over REST: a delegation's people are its `members` and its
 * role assignment is `roleAssignment`, as in change sets; the old names
 * (`principals`, `name`) are accepted for one version and marked deprecated
 * in the OpenAPI document; both names at once is a 400 that changes nothing.
 * And a query about an account that cannot be found is 404, never a 400
 * "invalid change": a read changes nothing.
 */
import t from 'tap'
import { APP_PATH, assertProblem, diskState, json, testServer, USER, type TestServer } from './support.js'

const A = `/stores/lab/applications/${APP_PATH}`
const SCOPE = `${A}/scopes/${encodeURIComponent('Web VMs')}`
const OTHER = 'S-1-5-21-1004336348-1177238915-682003330-1198'

interface Outcome {
  readonly plan: { readonly changes: readonly { readonly type: string; readonly name?: string; readonly roleAssignment?: string; readonly members?: readonly unknown[] }[] }
}

/** The role assignments of a place with their member SIDs. */
async function assignments(s: TestServer, place: string): Promise<{ name: string; members: { sid: string }[] }[]> {
  return json<{ roleAssignments: { name: string; members: { sid: string }[] }[] }>(await s.request({ method: 'GET', url: `${place}/role-assignments` })).roleAssignments
}

t.test('a delegation takes "members" and "roleAssignment", the names change sets use', async (t) => {
  const s = await testServer(t)
  const r = await s.request({ method: 'POST', url: `${SCOPE}/delegations`, payload: { template: 'hyperv-vm-operator', members: [{ sid: USER }], roleAssignment: 'Web operators' } })
  t.equal(r.statusCode, 200, r.body.slice(0, 300))
  t.match(json<Outcome>(r).plan.changes, [
    { type: 'create-scope' },
    { type: 'create-role-definition' },
    { type: 'create-role-assignment', name: 'Web operators' },
    { type: 'add-role-assignment-members' },
  ])
  t.same(
    (await assignments(s, SCOPE)).map((ra) => [ra.name, ra.members.map((m) => m.sid)]),
    [['Web operators', [USER]]],
  )
  const undone = await s.request({ method: 'DELETE', url: `${SCOPE}/delegations`, payload: { members: [{ sid: USER }] } })
  t.equal(undone.statusCode, 200, undone.body.slice(0, 300))
  t.same(await assignments(s, SCOPE), [], 'undelegating the member deletes the role assignment left empty')
})

t.test('each deprecated name is still accepted, for one version', async (t) => {
  const s = await testServer(t)
  const aliases = [
    { old: 'principals', method: 'POST', payload: { template: 'hyperv-vm-operator', principals: [{ sid: USER }] }, holder: undefined },
    { old: 'name', method: 'POST', payload: { template: 'hyperv-vm-operator', members: [{ sid: OTHER }], name: 'Named the old way' }, holder: 'Named the old way' },
    { old: 'principals (undelegate)', method: 'DELETE', payload: { principals: [{ sid: USER }, { sid: OTHER }] }, holder: undefined },
  ] as const
  let checked = 0
  for (const alias of aliases) {
    const r = await s.request({ method: alias.method, url: `${SCOPE}/delegations`, payload: alias.payload })
    t.equal(r.statusCode, 200, `${alias.old}: ${r.body.slice(0, 300)}`)
    if (alias.holder !== undefined)
      t.ok(
        (await assignments(s, SCOPE)).some((ra) => ra.name === alias.holder && ra.members.some((m) => m.sid === OTHER)),
        `${alias.old}: names the role assignment`,
      )
    checked++
  }
  t.same(await assignments(s, SCOPE), [], 'the old-style undelegation took both members out')
  t.equal(checked, 3, 'every deprecated field of the REST bodies was checked')
})

t.test('a name and its deprecated alias at once, or neither, is a 400 that changes nothing', async (t) => {
  const s = await testServer(t)
  const cases = [
    { what: 'members and principals', method: 'POST', payload: { template: 'hyperv-vm-operator', members: [{ sid: USER }], principals: [{ sid: USER }] }, detail: /both "members" and "principals"/ },
    {
      what: 'roleAssignment and name',
      method: 'POST',
      payload: { template: 'hyperv-vm-operator', members: [{ sid: USER }], roleAssignment: 'A', name: 'B' },
      detail: /both "roleAssignment" and "name"/,
    },
    { what: 'members and principals (undelegate)', method: 'DELETE', payload: { members: [{ sid: USER }], principals: [{ sid: USER }] }, detail: /both "members" and "principals"/ },
    { what: 'no members', method: 'POST', payload: { template: 'hyperv-vm-operator' }, detail: /must have required property 'members'/ },
    { what: 'no members (undelegate)', method: 'DELETE', payload: {}, detail: /must have required property 'members'/ },
  ] as const
  let checked = 0
  for (const c of cases) {
    const before = diskState(s.paths.lab ?? '')
    const r = await s.request({ method: c.method, url: `${SCOPE}/delegations`, payload: c.payload })
    assertProblem(t, r, 400, 'AZMAN_ERR_REQUEST_INVALID', c.what)
    t.match(json<{ detail: string }>(r).detail, c.detail, c.what)
    t.equal(diskState(s.paths.lab ?? ''), before, `${c.what}: nothing changed on disk`)
    checked++
  }
  t.equal(checked, 5)
})

t.test('the OpenAPI document marks the old names deprecated and describes the new ones', async (t) => {
  const s = await testServer(t)
  const doc = json<{
    paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, { deprecated?: boolean; description?: string }> } }> } }>>
  }>(await s.request({ method: 'GET', url: '/openapi.json', as: null }))
  const bodies = Object.entries(doc.paths)
    .filter(([path]) => path.endsWith('/delegations'))
    .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => [`${method} ${path}`, op.requestBody?.content['application/json']?.schema.properties ?? {}] as const))
  t.equal(bodies.length, 4, 'POST and DELETE, at application and scope level')
  for (const [where, properties] of bodies) {
    t.equal(properties.principals?.deprecated, true, `${where}: principals is deprecated`)
    t.match(properties.principals?.description, /give "members"/, where)
    t.notOk(properties.members?.deprecated, `${where}: members is not`)
    if (where.startsWith('post')) {
      t.equal(properties.name?.deprecated, true, `${where}: name is deprecated`)
      t.match(properties.name?.description, /give "roleAssignment"/, where)
      t.ok(properties.roleAssignment, where)
    }
  }
})

t.test('a query about an account that cannot be found is 404 AZMAN_ERR_NOT_FOUND, never an invalid change', async (t) => {
  const s = await testServer(t)
  const account = encodeURIComponent('LAB\\nobody')
  let checked = 0
  for (const url of [`${A}/access?account=${account}&operation=315`, `${SCOPE.replace('Web%20VMs', 'Lab%20VMs')}/access?account=${account}&operation=315`, `${A}/what-can?account=${account}`]) {
    const before = diskState(s.paths.lab ?? '')
    const r = await s.request({ method: 'GET', url, as: 'reader' })
    assertProblem(t, r, 404, 'AZMAN_ERR_NOT_FOUND', url)
    t.match(json<{ detail: string }>(r).detail, /"LAB\\nobody" is not a well-known account; .*this service has no directory configured/, url)
    t.equal(diskState(s.paths.lab ?? ''), before, 'nothing changed')
    checked++
  }
  t.equal(checked, 3)
  const known = await s.request({ method: 'GET', url: `${A}/what-can?account=Everyone`, as: 'reader' })
  t.equal(known.statusCode, 200, 'a well-known account is found without a directory')
})
