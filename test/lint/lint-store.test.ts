import { readFileSync } from 'node:fs'
import t, { type Test } from 'tap'
import { lintStore } from '../../src/lint/lint-store.js'
import { LintCode, type LintWarning } from '../../src/lint/lint-warning.js'
import { formatPath } from '../../src/model/paths.js'
import type { ApplicationGroup, PolicyStore } from '../../src/model/policy.js'
import { parseXmlStore } from '../../src/xml/policy/parse-xml-store.js'
import { ALICE, BOB, baseStore, group, loadSample, opLinks, ra, rd, scoped, task, withAdded } from '../audit/hyperv-store.js'
import { application, operation, roleAssignment, roleDefinition, store } from '../model/factories.js'
import { realStore } from '../cli/run-cli.js'

function warnings(policy: PolicyStore, code: LintCode): LintWarning[] {
  return lintStore(policy).filter((w) => w.code === code)
}

function at(t: Test, found: readonly LintWarning[], location: string): LintWarning | undefined {
  const hit = found.find((w) => formatPath(w.path) === location)
  t.ok(hit, `a warning at ${location}`)
  return hit
}

t.test('the default Hyper-V stores have no lint warnings', async (t) => {
  t.same(lintStore(loadSample('hyperv-2008r2.xml')), [])
  t.same(lintStore(loadSample('hyperv-2008.xml')), [])
})

t.test('LINT_BROAD_PRINCIPAL: Everyone or Authenticated Users in a role assignment, directly or through a group', async (t) => {
  const p = baseStore()
  const def = rd(p, 'Viewer', 335)
  const staff = group('Staff', { members: ['S-1-5-11'] })
  const found = warnings(
    withAdded(p, { tasks: [def], groups: [staff], scopes: [scoped('Lab', [ra('Everyone views', [def], ['S-1-1-0']), ra('Staff views', [def], [BOB], [staff])])] }),
    LintCode.BroadPrincipal,
  )
  t.equal(found.length, 2)
  t.match(at(t, found, 'application "Hyper-V services" > scope "Lab" > role assignment "Everyone views"'), {
    message: /S-1-1-0 \(Everyone\) is a member: this role is held by every user, including guests/,
  })
  t.match(at(t, found, 'application "Hyper-V services" > scope "Lab" > role assignment "Staff views"'), { message: /S-1-5-11 \(NT AUTHORITY\\Authenticated Users\) is a member through group "Staff"/ })
  t.ok(
    found.every((w) => typeof w.guid === 'string'),
    'with the GUID of the role assignment',
  )
})

t.test('LINT_NON_MEMBERS_EXCLUDE_ALL: every member is also a non-member, or Everyone is a non-member', async (t) => {
  const p = baseStore()
  const inner = group('Inner', { members: [BOB] })
  const same = group('Same', { members: [ALICE], nonMembers: [ALICE], appMemberLinks: [inner.guid], appNonMemberLinks: [inner.guid] })
  const everyone = group('Nobody', { members: [ALICE, BOB], nonMembers: ['S-1-1-0'] })
  const fine = group('Fine', { members: [ALICE, BOB], nonMembers: [BOB] })
  const empty = group('Empty')
  const found = warnings(withAdded(p, { groups: [inner, same, everyone, fine, empty] }), LintCode.NonMembersExcludeAll)
  t.same(
    found.map((w) => formatPath(w.path)),
    ['application "Hyper-V services" > group "Same"', 'application "Hyper-V services" > group "Nobody"'],
  )
  t.match(found[0]?.message, /every member is also listed as a non-member/)
  t.match(found[1]?.message, /non-members include S-1-1-0 \(Everyone\)/)
})

t.test('LINT_NON_MEMBERS_EXCLUDE_ALL reads SIDs as Windows does: leading zeros; a different SID is not the same', async (t) => {
  const zero = (sid: string): string => sid.replace(/-([0-9]+)$/, '-0$1')
  const same = group('Zeros', { members: [ALICE], nonMembers: [zero(ALICE)] })
  const everyone = group('Everyone Out', { members: [ALICE], nonMembers: ['S-1-01-0'] })
  const other = group('Other', { members: [ALICE], nonMembers: [BOB] })
  const found = warnings(withAdded(baseStore(), { groups: [same, everyone, other] }), LintCode.NonMembersExcludeAll)
  t.same(
    found.map((w) => formatPath(w.path)),
    ['application "Hyper-V services" > group "Zeros"', 'application "Hyper-V services" > group "Everyone Out"'],
  )
  t.match(found[1]?.message, /non-members include S-1-1-0 \(Everyone\)/)
})

t.test('LINT_BIZRULE_TASK_IN_SCOPE: tasks and role definitions with a business rule inside a scope', async (t) => {
  const p = baseStore()
  const rule = { script: 'AzBizRuleContext.BusinessRuleResult = true;', language: 'JScript' }
  const scopedTask = task('In hours', { operationLinks: opLinks(p, 315), ...rule })
  const emptyRule = task('Empty rule', { operationLinks: opLinks(p, 320), language: 'VBScript', script: '' })
  const appTask = task('App-level rule', { operationLinks: opLinks(p, 315), ...rule })
  const found = warnings(withAdded(p, { tasks: [appTask], scopes: [scoped('Lab', [], { tasks: [scopedTask, emptyRule] })] }), LintCode.BizRuleTaskInScope)
  t.same(
    found.map((w) => formatPath(w.path)),
    ['application "Hyper-V services" > scope "Lab" > task "In hours"'],
    'only the scope task with a real rule',
  )
  t.match(found[0]?.message, /ERROR_FILE_CORRUPT/)
})

t.test('LINT_LDAP_QUERY_GROUP: every LDAP-query group, at any level', async (t) => {
  const found = warnings(parseXmlStore(readFileSync(realStore('windows-sdk-asp-AzStore.xml'))).policy, LintCode.LdapQueryGroup)
  t.same(
    found.map((w) => formatPath(w.path)),
    ['group "Managers"'],
  )
  t.match(found[0]?.message, /the query "\(title=Manager\)"/)
  const delegated = warnings(loadSample('hyperv-2008r2-delegated.xml'), LintCode.LdapQueryGroup)
  t.same(
    delegated.map((w) => formatPath(w.path)),
    ['application "Hyper-V services" > group "Hyper-V Lab Admins"'],
  )
})

t.test('LINT_ASSIGNMENT_GRANTS_NOTHING: a role assignment reaching no operation', async (t) => {
  const p = baseStore()
  const hollow = rd(p, 'Hollow')
  const found = warnings(withAdded(p, { tasks: [hollow], roleAssignments: [ra('Nothing', [hollow], [ALICE]), ra('No links', [], [ALICE])] }), LintCode.AssignmentGrantsNothing)
  t.same(
    found.map((w) => formatPath(w.path)),
    ['application "Hyper-V services" > role assignment "Nothing"', 'application "Hyper-V services" > role assignment "No links"'],
  )
})

t.test('LINT_OPERATION_NEVER_GRANTED: operations no role assignment with a member grants', async (t) => {
  const read = operation('Read', '1')
  const write = operation('Write', '2')
  const def = roleDefinition('Reader', { operationLinks: [read.guid] })
  const writer = roleDefinition('Writer', { operationLinks: [write.guid] })
  const policy = store({
    applications: [
      application('App', {
        operations: [read, write],
        tasks: [def, writer],
        roleAssignments: [roleAssignment('Readers', { taskLinks: [def.guid], members: [ALICE] }), roleAssignment('Writers (empty)', { taskLinks: [writer.guid] })],
      }),
    ],
  })
  const found = warnings(policy, LintCode.OperationNeverGranted)
  t.same(
    found.map((w) => formatPath(w.path)),
    ['application "App" > operation "Write"'],
    'a role assignment with no member grants nothing to anyone',
  )
  t.match(found[0]?.message, /operation 2 "Write"/)
  const sdk = warnings(parseXmlStore(readFileSync(realStore('windows-sdk-asp-AzStore.xml'))).policy, LintCode.OperationNeverGranted)
  t.same(
    sdk.map((w) => formatPath(w.path)),
    ['application "Expense Web" > operation "ReadExpense"', 'application "Expense Web" > operation "ListExpenses"', 'application "IIS 6.0 URL Authorization" > operation "AccessURL"'],
  )
})

t.test('LINT_HYPERV_APP_LEVEL_VM_OPERATIONS: Hyper-V VM operations granted at application level', async (t) => {
  const found = warnings(loadSample('hyperv-2008r2-delegated.xml'), LintCode.HyperVAppLevelVmOperations)
  t.same(
    found.map((w) => formatPath(w.path)),
    ['application "Hyper-V services" > role assignment "Auditors"'],
    'not the full Administrator, not the VM scopes',
  )
  t.match(found[0]?.message, /335 "View Virtual Machine Configuration"/)
  const p = baseStore()
  const def = rd(p, 'VM Operator', 315, 320)
  const inScope = warnings(withAdded(p, { tasks: [def], scopes: [scoped('Lab', [ra('Lab ops', [def], [ALICE])])] }), LintCode.HyperVAppLevelVmOperations)
  t.same(inScope, [], 'the same grant in a scope is fine')
  const other = store({
    applications: [application('Other app', { operations: [operation('Start', '315')], roleAssignments: [roleAssignment('Starters', { operationLinks: [], members: [ALICE] })] })],
  })
  t.same(warnings(other, LintCode.HyperVAppLevelVmOperations), [], 'only in the Hyper-V application')
})

t.test('LINT_GRANTS_NOT_EVALUATED: an application whose groups nest deeper than azman evaluates; the grant rules skip it, and only it', async (t) => {
  // 65 groups in one chain (the limit is 64), held by a role assignment; beside it, an application with Everyone in a role.
  const chain: ApplicationGroup[] = []
  for (let i = 0; i < 65; i++) chain.push(group(`G${i}`, i === 0 ? { members: ['S-1-1-0'] } : { appMemberLinks: [(chain[i - 1] as ApplicationGroup).guid] }))
  const read = operation('Read', '1')
  const deep = application('Deep', {
    operations: [read, operation('Unused', '2')],
    groups: chain,
    roleAssignments: [roleAssignment('Readers', { operationLinks: [read.guid], appMemberLinks: [(chain[64] as ApplicationGroup).guid] })],
  })
  const open = application('Open', { operations: [operation('Read', '1')], roleAssignments: [roleAssignment('Everyone', { members: ['S-1-1-0'] })] })
  const all = lintStore(store({ applications: [deep, open] }))
  const found = all.filter((w) => w.code === LintCode.GrantsNotEvaluated)
  t.same(
    found.map((w) => [formatPath(w.path), w.guid]),
    [['application "Deep"', deep.guid]],
  )
  t.match(found[0]?.message, /^the lint rules on grants skip this application: application "Deep": group "G64" heads a chain of 65 nested application groups .*deeper than the 64 azman evaluates/)
  t.same(
    all.filter((w) => w.code !== LintCode.GrantsNotEvaluated).map((w) => [w.code, formatPath(w.path)]),
    [
      ['LINT_BROAD_PRINCIPAL', 'application "Open" > role assignment "Everyone"'],
      ['LINT_ASSIGNMENT_GRANTS_NOTHING', 'application "Open" > role assignment "Everyone"'],
      ['LINT_OPERATION_NEVER_GRANTED', 'application "Open" > operation "Read"'],
    ],
    "the other application is linted; nothing is said of Deep's grants (its Unused operation included)",
  )
})

t.test('every lint code has a test above', async (t) => {
  const source = readFileSync(new URL(import.meta.url), 'utf8')
  for (const code of Object.values(LintCode)) t.ok(source.includes(`t.test('${code}:`), code)
})
