/**
 * Every value azman writes reads back exactly, whatever characters it holds
 * (issue #11, defects 4 and 5): `&` and what looks like an entity, markup,
 * quotes, CR, LF and TAB where a field may hold them, astral characters; on an
 * AzMan-compact CRLF store, an indented LF one and a compact LF one, through
 * create, update, save and load. Characters XML cannot hold are refused when
 * the change is planned, naming the field, with nothing written.
 */
import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { applyChangeSet } from '../../../src/change-set/apply-changes.js'
import type { Change } from '../../../src/change-set/change.js'
import { runWrite } from '../../../src/change-set/run-write.js'
import { InvalidChangeError } from '../../../src/errors/change-errors.js'
import type { Application, PolicyStore } from '../../../src/model/policy.js'
import { XmlStore } from '../../../src/store/xml/xml-store.js'
import { prng } from '../../support/prng.js'
import { SAMPLES } from './edit-helpers.js'

type Random = () => number
const int = (r: Random, min: number, max: number): number => min + Math.floor(r() * (max - min + 1))
const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T

/** Text that escaping gets wrong: entity-like, markup, quotes, CDATA ends. */
const TRICKY = ['&', '&amp;', '&#38;', '&#x26;', '&x;', 'R&D;', '&&', 'AT&T;', ']]>', '<', '>', '<!--', '"', "'", '&lt;', '&#13;', '&#xA;', '  ']

/** One character from the whole XML range but line ends and TAB, astral planes included. */
function xmlChar(r: Random): string {
  const k = r()
  if (k < 0.45) return String.fromCharCode(int(r, 0x20, 0x7e))
  if (k < 0.6) return pick(r, TRICKY)
  if (k < 0.8) return String.fromCharCode(r() < 0.85 ? int(r, 0xa0, 0xd7ff) : int(r, 0xe000, 0xfffd))
  return String.fromCodePoint(int(r, 0x10000, 0x10ffff))
}

function text(r: Random, max: number, extra: (r: Random) => string | undefined = () => undefined): string {
  const n = int(r, 1, max)
  let s = ''
  while ([...s].length < n) s += extra(r) ?? xmlChar(r)
  return s
}

/** Names: no `\ / : * ? " < > |`, no control characters (AzMan's rules), unique by a counter. */
const name = (r: Random, i: number): string => `${text(r, 30).replace(/[\\/:*?"<>|]/g, '_')} ${i}`.slice(-60)
/** Descriptions may not hold line breaks or TAB. */
const description = (r: Random): string => text(r, 120)
/** BizRule scripts may: CR, LF, CRLF and TAB included. */
const script = (r: Random): string => text(r, 300, (r) => (r() < 0.08 ? pick(r, ['\r', '\n', '\r\n', '\t']) : undefined))
/** An LDAP filter around random text without the filter's own special characters. */
const ldapQuery = (r: Random): string => `(description=${text(r, 60).replace(/[()*\\]/g, '_')})`

const STORES = [
  { label: 'compact CRLF', file: SAMPLES.r2 },
  { label: 'indented LF', file: SAMPLES.indented },
  { label: 'compact LF', file: SAMPLES.compactLf },
] as const

function copyOf(t: Test, file: string): string {
  const path = join(t.testdir({}), 'store.xml')
  copyFileSync(file, path)
  return path
}

const firstApp = (p: PolicyStore): Application => p.applications[0] as Application

async function load(path: string): Promise<PolicyStore> {
  return (await new XmlStore(path).load()).policy
}

/** Creates one object of each kind with random values, then renames and redescribes them, checking the values read back after each step. */
async function roundTrip(t: Test, path: string, r: Random, i: number): Promise<number> {
  const store = new XmlStore(path)
  const app = firstApp(await load(path)).name
  const v = {
    scope: name(r, i),
    group: name(r, i),
    task: name(r, i),
    ra: name(r, i),
    op: name(r, i),
    d: [description(r), description(r), description(r), description(r), description(r)],
    query: ldapQuery(r),
    script: script(r),
  }
  const create: Change[] = [
    { type: 'create-scope', app, name: v.scope, description: v.d[0] ?? '' },
    { type: 'create-group', app, name: v.group, groupType: 'LdapQuery', description: v.d[1] ?? '', ldapQuery: v.query },
    { type: 'create-task', app, name: v.task, description: v.d[2] ?? '', bizRule: { language: 'JScript', script: v.script } },
    { type: 'create-role-assignment', app, name: v.ra, description: v.d[3] ?? '' },
    { type: 'create-operation', app, name: v.op, operationId: 900_000 + i, description: v.d[4] ?? '' },
  ]
  // force: a new operation is one BUILTIN\Administrators does not hold, which the lockout guard reports (not what this test is about).
  await applyChangeSet(store, { changes: create }, { actor: 'test', force: true })
  let checked = compare(t, firstApp(await load(path)), v, `case ${i} create`)
  const w = { ...v, scope: name(r, i), group: name(r, i), task: name(r, i), ra: name(r, i), op: name(r, i), d: v.d.map(() => description(r)), query: ldapQuery(r), script: script(r) }
  const update: Change[] = [
    { type: 'rename-scope', app, name: v.scope, newName: w.scope },
    { type: 'update-group', app, name: v.group, newName: w.group, description: w.d[1] ?? '', ldapQuery: w.query },
    { type: 'update-task', app, name: v.task, newName: w.task, description: w.d[2] ?? '', bizRule: { language: 'JScript', script: w.script } },
    { type: 'update-role-assignment', app, name: v.ra, newName: w.ra, description: w.d[3] ?? '' },
    { type: 'update-operation', app, name: v.op, newName: w.op, description: w.d[4] ?? '' },
  ]
  await applyChangeSet(store, { changes: update }, { actor: 'test', force: true })
  checked += compare(t, firstApp(await load(path)), { ...w, d: [v.d[0] ?? '', ...w.d.slice(1)] }, `case ${i} update`)
  return checked
}

interface Values {
  readonly scope: string
  readonly group: string
  readonly task: string
  readonly ra: string
  readonly op: string
  readonly d: readonly string[]
  readonly query: string
  readonly script: string
}

/** Compares what was read back with what was written; returns how many values it compared. Only failures are reported, one each. */
function compare(t: Test, app: Application, v: Values, label: string): number {
  const scope = app.scopes.find((s) => s.name === v.scope)
  const group = app.groups.find((g) => g.name === v.group)
  const task = app.tasks.find((x) => x.name === v.task)
  const ra = app.roleAssignments.find((x) => x.name === v.ra)
  const op = app.operations.find((x) => x.name === v.op)
  const pairs: [string, unknown, unknown][] = [
    ['scope name', scope?.name, v.scope],
    ['scope description', scope?.description, v.d[0]],
    ['group name', group?.name, v.group],
    ['group description', group?.description, v.d[1]],
    ['LDAP query', group?.ldapQuery, v.query],
    ['task name', task?.name, v.task],
    ['task description', task?.description, v.d[2]],
    ['BizRule', task?.script, v.script],
    ['role assignment name', ra?.name, v.ra],
    ['role assignment description', ra?.description, v.d[3]],
    ['operation name', op?.name, v.op],
    ['operation description', op?.description, v.d[4]],
  ]
  for (const [what, got, wanted] of pairs) if (got !== wanted) t.fail(`${label}: the ${what} reads back as written`, { got: JSON.stringify(got), wanted: JSON.stringify(wanted) })
  return pairs.length
}

t.test('the values of the issue create, save and load exactly (they failed or were refused before)', async (t) => {
  const path = copyOf(t, SAMPLES.r2)
  const store = new XmlStore(path)
  const app = 'Hyper-V services'
  await applyChangeSet(
    store,
    {
      changes: [
        { type: 'create-scope', app, name: 'R&D;', description: 'a &amp; b' },
        { type: 'create-task', app, name: 'Rule', bizRule: { language: 'VBScript', script: 'Result = a&&b;' } },
        { type: 'create-group', app, name: 'AT&T', groupType: 'LdapQuery', ldapQuery: '(cn=AT&T;x)' },
      ],
    },
    { actor: 'test' },
  )
  const got = firstApp(await load(path))
  t.equal(got.scopes.find((s) => s.name === 'R&D;')?.description, 'a &amp; b', 'a scope named R&D; with the description a &amp; b')
  t.equal(got.tasks.find((x) => x.name === 'Rule')?.script, 'Result = a&&b;', 'the BizRule a&&b;')
  t.equal(got.groups.find((g) => g.name === 'AT&T')?.ldapQuery, '(cn=AT&T;x)', 'the LDAP query (cn=AT&T;x)')
  t.match(readFileSync(path, 'utf8'), /Name="R&amp;D;" Description="a &amp;amp; b"/, 'written escaped, as AzMan writes it')
})

t.test('a CR in a BizRule reads back as a CR, on a CRLF and on an LF store', async (t) => {
  for (const file of [SAMPLES.r2, SAMPLES.indented]) {
    const path = copyOf(t, file)
    const app = firstApp(await load(path)).name
    const rule = 'a\rb\r\nc\nd\te'
    await applyChangeSet(new XmlStore(path), { changes: [{ type: 'create-task', app, name: 'CR', bizRule: { language: 'JScript', script: rule } }] }, { actor: 'test' })
    t.equal(firstApp(await load(path)).tasks.find((x) => x.name === 'CR')?.script, rule, `${file.split('/').pop() ?? ''}: created`)
    await applyChangeSet(new XmlStore(path), { changes: [{ type: 'update-task', app, name: 'CR', bizRule: { language: 'JScript', script: `${rule}\r` } }] }, { actor: 'test' })
    t.equal(firstApp(await load(path)).tasks.find((x) => x.name === 'CR')?.script, `${rule}\r`, `${file.split('/').pop() ?? ''}: updated`)
  }
})

const CASES_PER_STORE = 12

t.test('random values over the XML character range round-trip through create, update, save and load', async (t) => {
  const r = prng(0x4d1)
  let compared = 0
  let cases = 0
  const failuresBefore = t.counts.fail
  for (const { label, file } of STORES) {
    const path = copyOf(t, file)
    for (let i = 0; i < CASES_PER_STORE; i++, cases++) compared += await roundTrip(t, path, r, cases)
    t.ok(true, `${label}: ${CASES_PER_STORE} cases`)
  }
  t.equal(t.counts.fail, failuresBefore, `${cases} cases, ${compared} values compared, none differed`)
  t.equal(cases, STORES.length * CASES_PER_STORE)
  t.equal(compared, cases * 24, '12 values per step, two steps per case')
})

/** Characters XML 1.0 cannot hold, even as a reference. */
const NOT_XML = ['\u0000', '\u0001', '\u0008', '\u000b', '\u000c', '\u000e', '\u001f', '\ufffe', '\uffff', '\ud800', '\udfff', 'a\ud83d', '\ude00b']

t.test('characters XML cannot hold are refused at plan time, naming the field, with nothing written', async (t) => {
  const path = copyOf(t, SAMPLES.delegated)
  const before = readFileSync(path)
  const app = 'Hyper-V services'
  const fields: [string, (bad: string) => Change][] = [
    ['name', (bad) => ({ type: 'create-scope', app, name: `S${bad}` })],
    ['description', (bad) => ({ type: 'create-scope', app, name: 'S', description: `d${bad}` })],
    ['bizRule.script', (bad) => ({ type: 'create-task', app, name: 'T', bizRule: { language: 'JScript', script: `x${bad}` } })],
    ['ldapQuery', (bad) => ({ type: 'create-group', app, name: 'G', groupType: 'LdapQuery', ldapQuery: `(cn=${bad})` })],
    ['newName', (bad) => ({ type: 'rename-scope', app, name: 'Production VMs', newName: `P${bad}` })],
    ['members[0].sid', (bad) => ({ type: 'add-role-assignment-members', app, roleAssignment: 'Administrator', members: [{ sid: `S-1-5-${bad}` }] })],
  ]
  let checked = 0
  for (const [field, make] of fields) {
    for (const bad of NOT_XML) {
      for (const dryRun of [true, false]) {
        const error = await runWrite(new XmlStore(path), { changes: () => ({ changes: [make(bad)] }) }, { actor: 'test', dryRun }).then(
          () => undefined,
          (e: unknown) => e,
        )
        const ok = error instanceof InvalidChangeError && error.code === 'AZMAN_ERR_CHANGE_INVALID_TEXT' && error.message.startsWith(`$.changes[0].${field}: `)
        if (!ok) t.fail(`${field} with ${JSON.stringify(bad)} (${dryRun ? 'dry run' : 'write'}): refused as AZMAN_ERR_CHANGE_INVALID_TEXT naming the field`, { error: String(error) })
        checked++
      }
    }
  }
  t.equal(checked, fields.length * NOT_XML.length * 2, `${checked} refusals checked`)
  t.ok(readFileSync(path).equals(before), 'the store is byte-identical')
})

t.test('a name with a line break is refused for every kind, on create and on rename', async (t) => {
  const path = copyOf(t, SAMPLES.delegated)
  const before = readFileSync(path)
  const app = 'Hyper-V services'
  const changes: Change[] = [
    { type: 'create-task', app, name: 'A\nB' },
    { type: 'create-group', app, name: 'A\rB', groupType: 'Basic' },
    { type: 'create-role-assignment', app, name: 'A\nB' },
    { type: 'create-operation', app, name: 'A\nB', operationId: 999 },
    { type: 'create-scope', app, name: 'A\nB' },
    { type: 'rename-scope', app, name: 'Production VMs', newName: 'A\nB' },
    { type: 'update-role-assignment', app, name: 'Administrator', newName: 'A\nB' },
  ]
  for (const change of changes) {
    const error = await applyChangeSet(new XmlStore(path), { changes: [change] }, { actor: 'test' }).then(
      () => undefined,
      (e: unknown) => e,
    )
    t.match(error, { code: 'AZMAN_ERR_CHANGE_INVALID_NAME', message: /must be printable/ }, `${change.type}: refused`)
  }
  t.ok(readFileSync(path).equals(before), 'the store is byte-identical')
})

t.test('a dry run rehearses the write: it refuses what writing would', async (t) => {
  const path = copyOf(t, SAMPLES.r2)
  const store = new XmlStore(path)
  const snapshot = await store.load()
  const app = firstApp(snapshot.policy)
  // A policy no plan makes (plans refuse this text): the writer cannot give it back, and the rehearsal says so.
  const next: PolicyStore = { ...snapshot.policy, applications: [{ ...app, description: 'bell \u0007' }] }
  await t.rejects(store.rehearse(snapshot, next), { code: /^AZMAN_ERR_/ }, 'refused')
  t.equal(readFileSync(path, 'utf8'), readFileSync(SAMPLES.r2, 'utf8'), 'nothing written')
  await t.resolves(store.rehearse(snapshot, { ...snapshot.policy, applications: [{ ...app, description: 'R&D; a &amp; b' }] }), 'what can be written passes')
})
