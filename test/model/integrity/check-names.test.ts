import t from 'tap'
import type { ObjectKind } from '../../../src/model/limits.js'
import { checkDuplicateNames, checkNames, nameProblem } from '../../../src/model/integrity/check-names.js'
import { FindingCode } from '../../../src/model/integrity/finding.js'
import { FindingSink } from '../../../src/model/integrity/sink.js'
import { walkStore } from '../../../src/model/walk.js'
import { application, roleDefinition, scope, store, task } from '../factories.js'

const NON_SCOPE: readonly ObjectKind[] = ['application', 'operation', 'task', 'role-definition', 'role-assignment', 'group']

t.test('empty names', async (t) => {
  t.same(nameProblem('task', ''), { code: FindingCode.EmptyName, message: 'a task name cannot be empty' })
  t.same(nameProblem('role-assignment', '  \t '), { code: FindingCode.EmptyName, message: 'a role assignment name cannot be empty' })
  t.equal(nameProblem('scope', '')?.code, FindingCode.EmptyName)
  t.equal(nameProblem('application', ' ')?.code, FindingCode.EmptyName)
})

t.test('length limits', async (t) => {
  const limits: [ObjectKind, number][] = [
    ['task', 64],
    ['role-definition', 64],
    ['operation', 64],
    ['role-assignment', 64],
    ['group', 64],
    ['application', 512],
    ['scope', 65536],
    ['store', 65536],
  ]
  for (const [kind, limit] of limits) {
    t.equal(nameProblem(kind, 'n'.repeat(limit)), undefined, `${kind}: ${limit} characters`)
    t.equal(nameProblem(kind, 'n'.repeat(limit + 1))?.code, FindingCode.NameTooLong, `${kind}: ${limit + 1} characters`)
  }
  t.same(nameProblem('task', 'n'.repeat(65)), {
    code: FindingCode.NameTooLong,
    message: 'the name has 65 characters; AzMan allows at most 64 for a task',
  })
  t.equal(nameProblem('application', 'n'.repeat(513))?.message, 'the name has 513 characters; AzMan allows at most 512 for an application')
})

t.test('code points are counted, not UTF-16 units', async (t) => {
  t.equal(nameProblem('task', `${'n'.repeat(63)}😀`), undefined, '63 letters and an emoji are 64 characters')
  t.match(nameProblem('task', `${'n'.repeat(64)}😀`), { code: FindingCode.NameTooLong, message: /has 65 characters/ })
  t.equal(nameProblem('group', '😀'.repeat(64)), undefined, '64 emoji (128 UTF-16 units)')
})

t.test('forbidden characters outside scopes', async (t) => {
  for (const kind of NON_SCOPE) {
    for (const c of ['\\', '/', ':', '*', '?', '"', '<', '>', '|']) {
      t.same(
        nameProblem(kind, `a${c}b`),
        {
          code: FindingCode.NameForbiddenCharacter,
          message: `the name contains "${c}"; AzMan names may not contain \\ / : * ? " < > | or TAB`,
        },
        `${kind} ${JSON.stringify(c)}`,
      )
    }
    t.match(nameProblem(kind, 'a\tb'), { code: FindingCode.NameForbiddenCharacter, message: /^the name contains TAB;/ }, `${kind} TAB`)
    t.equal(nameProblem(kind, "Hyper-V services (2008) & Co's_v1.0"), undefined, `${kind}: ordinary punctuation`)
  }
  t.match(nameProblem('task', `${'n'.repeat(70)}:`), { code: FindingCode.NameTooLong }, 'length is reported first')
})

t.test('scopes may hold paths and URLs but not control characters', async (t) => {
  for (const name of ['C:\\temp', 'http://entlib.com', '*.txt', 'a|b "q" <x>?', 'Lab VMs']) t.equal(nameProblem('scope', name), undefined, name)
  for (const c of ['\t', '\n', '\r', '\u0000', '\u0001', '\u001f', '\u007f']) {
    t.same(nameProblem('scope', `Lab${c}VMs`), { code: FindingCode.NameForbiddenCharacter, message: 'scope names must be printable: the name contains a control character' }, JSON.stringify(c))
  }
  t.equal(nameProblem('store', 'C:\\x:y'), undefined, 'stores have no character rules')
})

t.test('checkNames reports errors and the long-scope warning', async (t) => {
  const bad = task('a/b')
  const longScope = scope('s'.repeat(513))
  const okScope = scope('s'.repeat(512))
  const app = application('App', { tasks: [bad, roleDefinition('Fine')], scopes: [longScope, okScope] })
  const sink = new FindingSink()
  checkNames([...walkStore(store({ applications: [app] }))], sink)
  t.same(
    sink.findings.map((f) => [f.severity, f.code, f.guid]),
    [
      ['error', FindingCode.NameForbiddenCharacter, bad.guid],
      ['warning', FindingCode.ScopeNameLong, longScope.guid],
    ],
  )
  t.match(sink.findings[1]?.message, /513 characters; some AzMan interfaces accept only 512/)
})

t.test('checkDuplicateNames compares without case, per container and name space', async (t) => {
  const t1 = task('Op')
  const t2 = roleDefinition('op')
  const s1 = scope('S', { tasks: [task('Op')] })
  const app = application('App', { tasks: [t1, t2], scopes: [s1] })
  const sink = new FindingSink()
  checkDuplicateNames([...walkStore(store({ applications: [app] }))], sink)
  t.same(
    sink.findings.map((f) => [f.code, f.guid]),
    [[FindingCode.DuplicateName, t2.guid]],
    'a task and a role definition share a name space; another container does not clash',
  )
})
