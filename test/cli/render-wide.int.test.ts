/**
 * The text renderers on answers with very many rows: 200,000 role assignments
 * or operations in a matrix, 200,000 business-rule tasks on a proof's path.
 * They spread such lists into one call (`push(...lines)`, `Math.max(...rows)`)
 * and overflowed the stack; they loop now.
 */
import t from 'tap'
import type { AccessResult } from '../../src/access/explain/explain-access.js'
import type { Because, Condition } from '../../src/access/explain/proof.js'
import type { AccessMatrix } from '../../src/access/queries/matrix.js'
import type { WhoCanResult } from '../../src/access/queries/who-can.js'
import { renderCheck } from '../../src/access/explain/check-text.js'
import { renderMatrix } from '../../src/cli/render/matrix-text.js'
import { renderWhoCan } from '../../src/cli/render/who-can-text.js'

const N = 200_000
const operation = { id: 1, name: 'Read', guid: '00000000-0000-4000-8000-000000000001' }
const roleAssignment = { name: 'Readers', guid: '00000000-0000-4000-8000-000000000002', scope: null }
const conditions: Condition[] = Array.from({ length: N }, (_, i) => ({
  type: 'bizrule-task',
  task: { type: 'task', name: `T${i}`, guid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, scope: null, bizRule: { language: 'JScript', importedPath: null } },
}))
const grant: Because = {
  type: 'grant',
  certainty: 'conditional',
  roleAssignment,
  path: [{ type: 'operation', ...operation }],
  member: [{ type: 'sid', sid: 'S-1-5-21-7-7-7-1001', name: null }],
  conditions,
}

t.test('check: a proof with 200,000 conditions', async (t) => {
  const results: AccessResult[] = [{ operation, decision: 'conditional', because: [grant] }]
  const text = renderCheck(results, 'the application level')
  t.equal(text.split('\n').filter((l) => l.includes('if:')).length, N, 'a line per condition')
})

t.test('who-can: a principal whose proof has 200,000 conditions', async (t) => {
  const result: WhoCanResult = { operation, scope: null, principals: [{ sid: 'S-1-5-21-7-7-7-1001', name: null, decision: 'conditional', because: [grant] }], groups: [], excluded: [] }
  t.equal(
    renderWhoCan(result)
      .split('\n')
      .filter((l) => l.includes('if:')).length,
    N,
  )
})

t.test('matrix: 200,000 role assignments, and 200,000 operations', async (t) => {
  const rows: AccessMatrix = {
    application: 'Wide',
    operations: [operation],
    containers: [{ scope: null, rows: Array.from({ length: N }, (_, i) => ({ roleAssignment: { ...roleAssignment, name: `R${i}` }, cells: ['certain'] })) }],
  }
  t.equal(
    renderMatrix(rows)
      .split('\n')
      .filter((l) => /^ {2}R\d+ /.test(l)).length,
    N,
    'a line per role assignment',
  )
  const columns: AccessMatrix = {
    application: 'Wide',
    operations: Array.from({ length: N }, (_, i) => ({ ...operation, id: i, name: `Op ${i}` })),
    containers: [{ scope: null, rows: [{ roleAssignment, cells: Array.from({ length: N }, () => null) }] }],
  }
  t.equal(
    renderMatrix(columns)
      .split('\n')
      .filter((l) => / Op \d+$/.test(l)).length,
    N,
    'a line per operation',
  )
})
