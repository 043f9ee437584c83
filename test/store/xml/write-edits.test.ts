import t from 'tap'
import { diffPolicies } from '../../../src/model/edit/diff-policies.js'
import type { PolicyStore, RoleAssignment, Scope, Task } from '../../../src/model/policy.js'
import { parseXmlStore } from '../../../src/xml/policy/parse-xml-store.js'
import { writeEdits } from '../../../src/store/xml/write-edits.js'
import { app, changedRegion, edit, insertAt, NO_EXTRAS, offsetIn, only, replaceAt, SAMPLES, spanOf, withApp } from './edit-helpers.js'

const ADMIN = (p: PolicyStore): RoleAssignment => only(app(p).roleAssignments, (r) => r.name === 'Administrator')

function newRole(guid: string, fields: Partial<RoleAssignment> = {}): RoleAssignment {
  return { guid, name: 'New role', extras: NO_EXTRAS, taskLinks: [], operationLinks: [], appMemberLinks: [], members: [], ...fields }
}

t.test('compact store: adding a member inserts one element at its sorted place, inside the role assignment only', async (t) => {
  const e = edit(SAMPLES.delegated, (p) =>
    withApp(p, (a) => ({ ...a, roleAssignments: a.roleAssignments.map((r) => (r.name === 'Administrator' ? { ...r, members: [...r.members, 'S-1-5-21-1004336348-1177238915-682003330-1105'] } : r)) })),
  )
  // S-1-5-21-... sorts before S-1-5-32-544, so it goes right before the existing member, inside the role assignment.
  const at = offsetIn(e.parsed, ADMIN(e.parsed.policy).guid, '<Member>S-1-5-32-544</Member>')
  t.equal(e.after, insertAt(e.before, at, '<Member>S-1-5-21-1004336348-1177238915-682003330-1105</Member>'), 'exactly one Member element, no white space, every other byte kept')
  t.same(diffPolicies(e.reread, e.next), [], 'reads back as intended')
})

t.test('compact store: several values in one list come out ascending', async (t) => {
  const e = edit(SAMPLES.delegated, (p) =>
    withApp(p, (a) => ({ ...a, roleAssignments: a.roleAssignments.map((r) => (r.name === 'Administrator' ? { ...r, members: ['S-1-5-32-545', 'S-1-1-0', ...r.members, 'S-1-5-11'] } : r)) })),
  )
  const members = ADMIN(e.reread).members
  t.same(members, ['S-1-1-0', 'S-1-5-11', 'S-1-5-32-544', 'S-1-5-32-545'], 'document order is ascending')
})

t.test('compact store: removing the only member of a group collapses it to an empty-element tag', async (t) => {
  const e = edit(SAMPLES.delegated, (p) =>
    withApp(p, (a) => ({
      ...a,
      scopes: a.scopes.map((s) => ({ ...s, groups: s.groups.map((g) => (g.name === 'Lab Owners' ? { ...g, members: [] } : g)) })),
    })),
  )
  const region = changedRegion(e.before, e.after)
  t.match(e.after, /<AzApplicationGroup Guid="[0-9a-f-]+" Name="Lab Owners" GroupType="Basic"\/>/, 'written as AzMan writes an empty group')
  t.notMatch(region.inserted, /Member/, 'no member left')
  t.same(diffPolicies(e.reread, e.next), [])
})

t.test('compact store: renaming changes only the attribute value', async (t) => {
  const e = edit(SAMPLES.delegated, (p) => withApp(p, (a) => ({ ...a, roleAssignments: a.roleAssignments.map((r) => (r.name === 'Auditors' ? { ...r, name: 'Hyper-V Auditors & Co' } : r)) })))
  const auditors = only(app(e.parsed.policy).roleAssignments, (r) => r.name === 'Auditors')
  const at = offsetIn(e.parsed, auditors.guid, '"Auditors"') + 1
  t.equal(e.after, replaceAt(e.before, at, at + 'Auditors'.length, 'Hyper-V Auditors &amp; Co'), 'only the attribute value, escaped')
})

t.test('compact store: a missing description is added in AzMan attribute order, then removed again', async (t) => {
  const added = edit(SAMPLES.delegated, (p) => withApp(p, (a) => ({ ...a, tasks: a.tasks.map((x) => (x.name === 'IT Monitor' ? { ...x, description: 'Views "state", <never> changes' } : x)) })))
  const monitor = only(app(added.parsed.policy).tasks, (x) => x.name === 'IT Monitor')
  const at = offsetIn(added.parsed, monitor.guid, ' RoleDefinition=')
  t.equal(added.after, insertAt(added.before, at, ' Description="Views &quot;state&quot;, &lt;never&gt; changes"'), 'escaped, one attribute')
  t.match(added.after, /Name="IT Monitor" Description="Views &quot;state&quot;, &lt;never&gt; changes" RoleDefinition="True">/, 'between Name and RoleDefinition')
  const bytes = Buffer.from(added.after, 'utf8')
  const parsed = parseXmlStore(bytes)
  const back = withApp(parsed.policy, (a) => ({
    ...a,
    tasks: a.tasks.map((x) => {
      if (x.name !== 'IT Monitor') return x
      const { description: _drop, ...rest } = x
      return rest
    }),
  }))
  t.equal(writeEdits(parsed.doc, parsed.index, parsed.layout, diffPolicies(parsed.policy, back)), added.before, 'removing it restores the original bytes')
})

t.test('compact store: a new scope is appended to its application as an empty-element tag', async (t) => {
  const scope: Scope = { guid: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', name: 'Test VMs', extras: NO_EXTRAS, groups: [], tasks: [], roleAssignments: [] }
  const e = edit(SAMPLES.delegated, (p) => withApp(p, (a) => ({ ...a, scopes: [...a.scopes, scope] })))
  const at = e.before.indexOf('</AzApplication>')
  t.equal(e.after, insertAt(e.before, at, '<AzScope Guid="0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0" Name="Test VMs"/>'), 'last child of the application, self-closing')
  t.equal(e.after.split('\r\n').length, e.before.split('\r\n').length, 'no line break added: the body stays on one line')
})

t.test('compact store: a role assignment created in an empty scope expands its empty-element tag', async (t) => {
  const e = edit(SAMPLES.delegated, (p) =>
    withApp(p, (a) => ({
      ...a,
      scopes: a.scopes.map((s) => (s.name === 'Production VMs' ? { ...s, roleAssignments: [] } : s)),
    })),
  )
  const emptied = parseXmlStore(Buffer.from(e.after, 'utf8'))
  t.match(e.after, /<AzScope Guid="[0-9a-f-]+" Name="Production VMs"\/>/, 'deleting the only child collapses the scope')
  const rd = only(app(emptied.policy).tasks, (x) => x.name === 'IT Monitor')
  const next = withApp(emptied.policy, (a) => ({
    ...a,
    scopes: a.scopes.map((s) =>
      s.name === 'Production VMs' ? { ...s, roleAssignments: [newRole('aaaaaaaa-0000-4000-8000-000000000001', { taskLinks: [rd.guid], members: ['S-1-5-32-545', 'S-1-1-0'] })] } : s,
    ),
  }))
  const after = writeEdits(emptied.doc, emptied.index, emptied.layout, diffPolicies(emptied.policy, next))
  const region = changedRegion(e.after, after)
  t.equal(region.removed, '/', 'only the slash of "/>" goes')
  t.equal(
    region.inserted,
    `><AzRole Guid="aaaaaaaa-0000-4000-8000-000000000001" Name="New role"><TaskLink>${rd.guid}</TaskLink><Member>S-1-1-0</Member><Member>S-1-5-32-545</Member></AzRole></AzScope`,
    'children in AzMan order, members sorted',
  )
})

t.test('compact store: deleting a scope removes exactly its element', async (t) => {
  const e = edit(SAMPLES.delegated, (p) => withApp(p, (a) => ({ ...a, scopes: a.scopes.filter((s) => s.name !== 'Lab VMs') })))
  const lab = only(app(e.parsed.policy).scopes, (s) => s.name === 'Lab VMs')
  const span = spanOf(e.parsed, lab.guid)
  t.equal(e.after, e.before.slice(0, span.start) + e.before.slice(span.end))
})

t.test('compact CRLF store: a new business rule uses CRLF inside the script', async (t) => {
  const e = edit(SAMPLES.delegated, (p) =>
    withApp(p, (a) => ({
      ...a,
      tasks: a.tasks.map((x) => (x.name === 'Use Virtual Machine Console' ? { ...x, language: 'JScript', script: 'var a = 1;\nAzBizRuleContext.BusinessRuleResult = a < 2;' } : x)),
    })),
  )
  const console = only(app(e.parsed.policy).tasks, (x) => x.name === 'Use Virtual Machine Console')
  const at = offsetIn(e.parsed, console.guid, '<OperationLink>')
  t.equal(
    e.after,
    insertAt(e.before, at, '<BizRuleLanguage>JScript</BizRuleLanguage><BizRule>var a = 1;\r\nAzBizRuleContext.BusinessRuleResult = a &lt; 2;</BizRule>'),
    'before the links, CRLF, escaped',
  )
  t.same(diffPolicies(e.reread, e.next), [])
})

t.test('compact LF store: a changed business rule keeps LF', async (t) => {
  const e = edit(SAMPLES.compactLf, (p) => withApp(p, (a) => ({ ...a, tasks: a.tasks.map((x) => (x.name === 'Submit Expense' ? { ...x, script: 'line one\nline two' } : x)) }), 'Expense Web'))
  const region = changedRegion(e.before, e.after)
  t.notMatch(region.inserted, /\r/, 'no CR written into an LF file')
  t.match(e.after, /<BizRule>line one\nline two<\/BizRule>/)
})

t.test('compact store: OperationID and the role-definition flag are edited in place', async (t) => {
  const e = edit(SAMPLES.r2, (p) =>
    withApp(p, (a) => ({
      ...a,
      operations: a.operations.map((o) => (o.operationId === '355' ? { ...o, operationId: '356' } : o)),
      tasks: a.tasks.map((x): Task => ({ ...x, roleDefinition: false })),
    })),
  )
  t.match(e.after, /<OperationID>356<\/OperationID>/)
  t.notMatch(e.after, /RoleDefinition/, 'the attribute is removed, not set to False')
  t.equal(e.after.length, e.before.length - ' RoleDefinition="True"'.length, 'nothing else changed in size')
  t.same(diffPolicies(e.reread, e.next), [])
})

t.test('indented store: new values and objects follow the indentation; a deleted element takes its line', async (t) => {
  const e = edit(SAMPLES.indented, (p) =>
    withApp(p, (a) => ({
      ...a,
      groups: a.groups.map((g) => (g.name === 'App Group #1 - Basic' ? { ...g, members: [...g.members, 'S-1-5-21-3104031619-1062013444-2593988815-1117'] } : g)),
      roleAssignments: [...a.roleAssignments, newRole('bbbbbbbb-0000-4000-8000-000000000002', { members: ['S-1-1-0'] })],
      operations: a.operations.filter((o) => o.name !== 'Operation #2'),
      tasks: a.tasks.map((x) => (x.name === 'Task #1' ? { ...x, operationLinks: x.operationLinks.filter((l) => !l.startsWith('9438')) } : x)),
    })),
  )
  const lines = e.after.split('\n')
  t.ok(lines.includes('      <Member>S-1-5-21-3104031619-1062013444-2593988815-1117</Member>'), 'a member line at six spaces')
  const i = lines.indexOf('      <Member>S-1-5-21-3104031619-1062013444-2593988815-1117</Member>')
  t.equal(lines[i - 1], '      <Member>S-1-5-21-3104031619-1062013444-2593988815-1115</Member>', 'after the smaller SID')
  t.equal(lines[i + 1], '      <Member>S-1-5-21-3104031619-1062013444-2593988815-1118</Member>', 'before the larger SID')
  t.match(
    e.after,
    /\n    <AzRole Guid="bbbbbbbb-0000-4000-8000-000000000002" Name="New role">\n      <Member>S-1-1-0<\/Member>\n    <\/AzRole>\n  <\/AzApplication>/,
    'a new role assignment, indented, last in its application',
  )
  t.notMatch(e.after, /Operation #2/, 'the operation is gone')
  t.equal(e.after.match(/\n\s*\n/g)?.length, e.before.match(/\n\s*\n/g)?.length, 'no blank line left behind (the sample has some inside BizRule text)')
  t.equal(e.after.split('\n').length, e.before.split('\n').length + 1 + 3 - 3 - 1, 'lines: +1 member, +3 role, -3 operation, -1 link')
  t.same(diffPolicies(e.reread, e.next), [])
})

t.test('an edit to an object whose GUID is not unique is refused', async (t) => {
  const e = edit(SAMPLES.r2, (p) => p)
  const text = e.before.replace(/(<AzOperation Guid=")[0-9a-f-]+(" Name="Reconfigure Service")/, (_, a: string, b: string) => {
    const first = /<AzOperation Guid="([0-9a-f-]+)"/.exec(e.before)?.[1] ?? ''
    return `${a}${first}${b}`
  })
  const parsed = parseXmlStore(Buffer.from(text, 'utf8'))
  const next = withApp(parsed.policy, (a) => ({ ...a, operations: a.operations.map((o, i) => (i === 0 ? { ...o, name: 'Read Config' } : o)) }))
  t.throws(() => writeEdits(parsed.doc, parsed.index, parsed.layout, diffPolicies(parsed.policy, next)), { code: 'AZMAN_ERR_CHANGE_AMBIGUOUS_GUID' })
})
