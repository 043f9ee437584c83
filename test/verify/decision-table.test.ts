/** The decision table: which tokens, places and operations the verify script and migrate ask about. */
import t from 'tap'
import { decisionTable } from '../../src/verify/decision-table.js'
import type { PolicyStore } from '../../src/model/policy.js'
import { randomPolicy } from '../access/random-policy.js'

t.test('a member SID written in another spelling (s-1-..., leading zeros) is asked about, as AccessCheck compares it: canonical', async (t) => {
  const { store } = randomPolicy(10)
  const app = store.applications[0]
  if (app === undefined) throw new Error('no application')
  const [first, ...rest] = app.roleAssignments
  if (first === undefined) throw new Error('no role assignment')
  const spelled: PolicyStore = { ...store, applications: [{ ...app, roleAssignments: [{ ...first, members: [...first.members, 's-1-5-21-9-9-9-4242', 'S-1-5-21-9-9-9-04243'] }, ...rest] }] }
  const { table } = decisionTable(spelled, { reference: 'r', version: 'v' }, 'App', [], Number.POSITIVE_INFINITY)
  const singles = new Set(table.tokens.filter((tk) => tk.length === 1).map((tk) => tk[0]))
  t.ok(singles.has('S-1-5-21-9-9-9-4242'), 's-1-5-21-9-9-9-4242 asked about as S-1-5-21-9-9-9-4242')
  t.ok(singles.has('S-1-5-21-9-9-9-4243'), 'S-1-5-21-9-9-9-04243 asked about as S-1-5-21-9-9-9-4243')
  t.notOk(
    [...singles].some((s) => s !== undefined && s.startsWith('s-')),
    'no token in a spelling AccessCheck would not send',
  )
})
