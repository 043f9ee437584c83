/**
 * POST {place}/delegations reuses what exists, as `azman delegate` does (the
 * same service): the delegated sample's "Hyper-V Manager Connect" role
 * definition (100 and 295 through a nested task) and the role assignment that
 * grants exactly it take the new member; no "Hyper-V Manager Reader" twin.
 * A template plus operations extends the template, and the plan says so.
 */
import { readFileSync } from 'node:fs'
import t from 'tap'
import { parseXmlStore } from '../../src/xml/policy/parse-xml-store.js'
import { APP, APP_PATH, USER, diskState, json, testServer } from './support.js'

interface Outcome {
  readonly written: boolean
  readonly plan: { readonly changes: readonly { type: string }[]; readonly warnings: readonly string[] }
}

const A = `/stores/delegated/applications/${APP_PATH}`

function definitions(path: string): string[] {
  const app = parseXmlStore(readFileSync(path)).policy.applications.find((a) => a.name === APP)
  return (app?.tasks ?? []).filter((x) => x.roleDefinition).map((x) => x.name)
}

t.test('the connect template at application level reuses the existing definition and assignment', async (t) => {
  const s = await testServer(t)
  const path = s.paths.delegated ?? ''
  const before = definitions(path)
  const r = await s.request({ method: 'POST', url: `${A}/delegations`, payload: { template: 'hyperv-manager-connect', members: [{ sid: USER }] }, headers: { 'azman-reason': 'CHG-1' } })
  t.equal(r.statusCode, 200, r.body.slice(0, 300))
  const outcome = json<Outcome>(r)
  t.same(
    outcome.plan.changes.map((c) => c.type),
    ['add-role-assignment-members'],
    'only the member is added',
  )
  t.ok(
    outcome.plan.warnings.some((w) => w.startsWith('reused role definition "Hyper-V Manager Connect" at application level')),
    'the plan says what it reused',
  )
  t.ok(outcome.plan.warnings.some((w) => w.startsWith('reused role assignment "Hyper-V Manager Connect"')))
  t.same(definitions(path), before, 'no new role definition')
})

t.test('template plus operations over REST: extended, said in the plan; an unknown operation is a 404 (AZMAN_ERR_CHANGE_NOT_FOUND) with the store unchanged', async (t) => {
  const s = await testServer(t)
  const path = s.paths.delegated ?? ''
  const scope = `${A}/scopes/${encodeURIComponent('Web VMs')}/delegations`
  const r = await s.request({ method: 'POST', url: scope, payload: { template: 'hyperv-vm-operator', operations: [335], members: [{ sid: USER }] }, headers: { 'azman-reason': 'CHG-2' } })
  t.equal(r.statusCode, 200, r.body.slice(0, 300))
  t.ok(json<Outcome>(r).plan.warnings.includes('the result is no longer template hyperv-vm-operator: it adds 335 "View Virtual Machine Configuration" (role definition "VM Operator plus 335")'))
  t.ok(definitions(path).includes('VM Operator plus 335'))
  const state = diskState(path)
  const bad = await s.request({ method: 'POST', url: scope, payload: { template: 'hyperv-vm-operator', operations: [999], members: [{ sid: USER }] } })
  t.equal(bad.statusCode, 404, bad.body.slice(0, 300))
  t.match(json(bad), { code: 'AZMAN_ERR_CHANGE_NOT_FOUND', detail: /no operation with OperationID 999/ })
  t.equal(diskState(path), state, 'nothing changed')
})

t.test('withConnect: true over REST applies the companion in the same change set; a non-boolean is a 400', async (t) => {
  const s = await testServer(t, { stores: { delegated: 'hyperv-2008r2.xml' } })
  const path = s.paths.delegated ?? ''
  const scope = `${A}/scopes/${encodeURIComponent('Lab VMs')}/delegations`
  const state = diskState(path)
  const bad = await s.request({ method: 'POST', url: scope, payload: { template: 'hyperv-vm-operator', members: [{ sid: USER }], withConnect: 'yes' } })
  t.equal(bad.statusCode, 400, bad.body.slice(0, 300))
  t.equal(diskState(path), state, 'nothing changed')
  const plain = await s.request({ method: 'POST', url: `${scope}?dryRun=true`, payload: { template: 'hyperv-vm-operator', members: [{ sid: USER }] } })
  t.ok(
    json<Outcome>(plain).plan.warnings.some((w) => w.includes('add --with-connect ("withConnect": true over REST)')),
    'without it, the warning names it',
  )
  const r = await s.request({ method: 'POST', url: scope, payload: { template: 'hyperv-vm-operator', members: [{ sid: USER }], withConnect: true }, headers: { 'azman-reason': 'CHG-3' } })
  t.equal(r.statusCode, 200, r.body.slice(0, 300))
  t.ok(json<Outcome>(r).plan.warnings.includes('with --with-connect: also template hyperv-manager-connect at application level, for the same members'))
  t.same(definitions(path), ['Administrator', 'VM Operator', 'Hyper-V Manager Reader'], 'both role definitions, one write')
})
