import t from 'tap'
import { compareAccess, compareAccessSteps } from '../../src/diff/access-delta.js'
import type { PolicyStore } from '../../src/model/policy.js'
import { benchPolicy } from '../bench/access-store.js'

// The access delta in steps (regression: POST /plan?delta=true and the change feed computed it in one turn of the
// event loop, about a second on a store of 1,000 scopes, while the server answered nothing else).

/** The store with one more member in the first application-level role assignment: a change in every scope. */
function withMember(store: PolicyStore, sid: string): PolicyStore {
  const [app, ...rest] = store.applications
  if (app === undefined) throw new Error('no application')
  const roleAssignments = app.roleAssignments.map((r, i) => (i === 0 ? { ...r, members: [...r.members, sid] } : r))
  return { ...store, applications: [{ ...app, roleAssignments }, ...rest] }
}

t.test('compareAccessSteps yields per scope and, run through, gives what compareAccess gives', async (t) => {
  const SCOPES = 40
  const before = benchPolicy(SCOPES, 7).store
  const after = withMember(before, 'S-1-5-21-1004336348-1177238915-682003330-9999')
  const steps = compareAccessSteps(before, after)
  let yields = 0
  let step = steps.next()
  while (step.done !== true) {
    yields++
    step = steps.next()
  }
  // Two access indexes, the application level and each scope.
  t.ok(yields >= SCOPES + 3, `it yielded ${yields} times for ${SCOPES} scopes`)
  const whole = compareAccess(before, after)
  t.same(step.value, whole, 'the same delta')
  t.ok(whole.changes.length > 0, `a delta that can differ (${whole.changes.length} changes)`)
})
