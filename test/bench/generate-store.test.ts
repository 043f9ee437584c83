import t from 'tap'
import { validateStore } from '../../src/model/integrity/validate.js'
import { parseXmlStore } from '../../src/xml/policy/parse-xml-store.js'
import { writeEdits } from '../../src/store/xml/write-edits.js'
import { generateStore } from './generate-store.js'

const TARGET = 200_000
const bytes = generateStore(TARGET, 7)
const text = bytes.toString('utf8')
const count = (s: string): number => text.split(s).length - 1

t.test('the generated store has about the size asked for', async (t) => {
  t.ok(bytes.length >= TARGET, `${bytes.length} bytes, at least the target`)
  t.ok(bytes.length < TARGET + 20_000, 'overshoots by less than a few scopes')
})

t.test('the generated store has AzMan layout', async (t) => {
  t.ok(text.startsWith('<?xml'), 'starts with <?xml, no BOM')
  t.ok(text.startsWith('<?xml version="1.0" encoding="utf-8"?>\r\n<AzAdminManager MajorVersion="1" MinorVersion="0">\r\n\t<AzApplication '), 'declaration, root, CRLF TAB')
  t.equal(count('\r\n'), 3, 'exactly 3 CRLF')
  t.equal(count('\n'), 3, 'no bare LF')
  t.equal(count('\r'), 3, 'no bare CR')
  t.equal(count('\t'), 1, 'exactly 1 TAB')
  t.ok(text.endsWith('</AzAdminManager>\r\n'), 'ends with the root end tag and CRLF')
  t.notOk(/>\s+</.test(text.slice(text.indexOf('\t') + 1)), 'no white space between tags in the body')
})

t.test('the generated store parses, validates and has the Hyper-V shape', async (t) => {
  const parsed = parseXmlStore(bytes)
  t.equal(parsed.layout.style, 'compact', 'detected as AzMan-compact')
  t.equal(parsed.layout.newline, '\r\n', 'CRLF line breaks')
  const errors = validateStore(parsed.policy).filter((f) => f.severity === 'error')
  t.same(errors, [], 'no validation errors: every link resolves, GUIDs and SIDs are well formed, names are unique')

  const [app, ...others] = parsed.policy.applications
  t.equal(others.length, 0, 'one application')
  if (app === undefined) return
  t.equal(app.name, 'Hyper-V services')
  const ids = app.operations.map((o) => Number(o.operationId))
  t.equal(ids.length, 34, '34 operations')
  t.equal(Math.min(...ids), 100)
  t.equal(Math.max(...ids), 355)
  t.ok(app.scopes.length >= 10, `${app.scopes.length} scopes`)
  t.ok(
    [...parsed.index.keys()].every((g) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(g)),
    'every GUID is a lowercase version 4 GUID',
  )
  t.ok(
    [...text.matchAll(/Guid="([^"]+)"/g)].every((m) => m[1] === m[1]?.toLowerCase()),
    'GUIDs are written lowercase',
  )

  const sorted = (list: readonly string[]): boolean => list.every((v, i) => i === 0 || (list[i - 1] ?? '') < v)
  const roles = app.scopes.flatMap((scope) => scope.roleAssignments.map((ra) => ({ scope, ra })))
  t.same(
    app.scopes.filter((s) => !s.tasks.some((task) => task.roleDefinition && task.taskLinks.length > 0)).map((s) => s.name),
    [],
    'every scope has a role definition over application tasks',
  )
  t.same(
    app.scopes.filter((s) => s.groups.length === 0 || !s.groups.every((g) => g.groupType === 'Basic' && g.members.length > 0 && g.nonMembers.length === 1)).map((s) => s.name),
    [],
    'every scope has basic groups with members and one non-member',
  )
  t.ok(roles.length >= 3 * app.scopes.length, 'several role assignments per scope')
  t.same(
    roles.filter(({ ra }) => ra.members.length < 20).map(({ ra }) => ra.name),
    [],
    'every scope role assignment has many members',
  )
  t.same(
    roles.filter(({ ra }) => !sorted(ra.members) || !sorted(ra.appMemberLinks) || !sorted(ra.taskLinks)).map(({ ra }) => ra.name),
    [],
    'members, AppMemberLinks and TaskLinks are in ascending order',
  )
  t.same(
    roles.filter(({ scope, ra }) => ra.appMemberLinks.length === 0 || !ra.appMemberLinks.every((l) => scope.groups.some((g) => g.guid === l))).map(({ ra }) => ra.name),
    [],
    'every role assignment links groups of its own scope',
  )
})

t.test('the generated store round-trips byte for byte through writeEdits', async (t) => {
  const parsed = parseXmlStore(bytes)
  const written = Buffer.from(writeEdits(parsed.doc, parsed.index, parsed.layout, []), 'utf8')
  t.ok(written.equals(bytes), 'unchanged store written back byte-identical')
})

t.test('generation is deterministic', async (t) => {
  t.ok(generateStore(TARGET, 7).equals(bytes), 'same seed, same bytes')
  t.notOk(generateStore(TARGET, 8).equals(bytes), 'another seed, other bytes')
})
