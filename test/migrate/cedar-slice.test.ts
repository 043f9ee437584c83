/** Which policies can apply at a place, judged from their scope (src/migrate/cedar/cedar-slice.ts). */
import t from 'tap'
import * as cedar from '@cedar-policy/cedar-wasm/nodejs'
import { CedarPolicyShape } from '../../src/migrate/cedar/cedar-policy-shape.js'
import { mayApply, resourceAnchor } from '../../src/migrate/cedar/cedar-slice.js'

function shape(text: string): CedarPolicyShape {
  const json = cedar.policyToJson(text)
  if (json.type === 'failure') throw new Error(json.errors.map((e) => e.message).join('; '))
  return new CedarPolicyShape(json.json)
}

const app = { type: 'Application', id: 'App' }
const lab = { type: 'Scope', id: 'Lab' }
const prod = { type: 'Scope', id: 'Prod' }

t.test('a policy can apply at a resource only where its scope lets it', async (t) => {
  const table: [string, boolean, boolean, boolean][] = [
    // policy, at the application, in scope Lab (under App), in scope Prod
    ['permit (principal, action, resource);', true, true, true],
    ['permit (principal, action, resource in Application::"App");', true, true, true],
    ['permit (principal, action, resource in Scope::"Lab");', false, true, false],
    ['permit (principal, action, resource == Scope::"Lab");', false, true, false],
    ['permit (principal, action, resource == Application::"App");', true, false, false],
    ['permit (principal, action, resource is Scope);', false, true, true],
    ['permit (principal, action, resource is Scope in Scope::"Prod");', false, false, true],
    ['permit (principal, action, resource in Application::"Other");', false, false, false],
    ['permit (principal, action, resource) when { resource == Scope::"Lab" };', true, true, true],
  ]
  for (const [policy, atApp, atLab, atProd] of table) {
    const p = shape(policy)
    t.same([mayApply(p, app, []), mayApply(p, lab, [app]), mayApply(p, prod, [app])], [atApp, atLab, atProd], policy)
  }
  t.equal(table.length, 9)
})

t.test('the entity a policy is tied to, for the index of policies by place', async (t) => {
  t.same(resourceAnchor(shape('permit (principal, action, resource in Scope::"Lab");')), lab)
  t.same(resourceAnchor(shape('permit (principal, action, resource is Scope in Application::"App");')), app)
  t.equal(resourceAnchor(shape('permit (principal, action, resource is Scope);')), undefined)
  t.equal(resourceAnchor(shape('permit (principal, action, resource);')), undefined)
})
