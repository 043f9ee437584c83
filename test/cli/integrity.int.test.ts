import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { fingerprint, fixture, REPO_ROOT, runCli, spawnCli, STACK_LINE } from './run-cli.js'
import { kindLabel } from '../../src/model/paths.js'

/**
 * `azman validate` against AzMan's integrity rules: one fixture per rule in
 * test/fixtures/integrity/ (written by generate.mjs there), each a small,
 * well-formed store in AzMan's compact layout that breaks exactly one rule.
 * Errors exit 1, warnings alone exit 0; the file is never touched.
 */

type Kind = 'application' | 'operation' | 'task' | 'role-definition' | 'role-assignment' | 'group' | 'scope'

interface Segment {
  readonly kind: Kind
  readonly name: string
}

interface ExpectedFinding {
  readonly severity: 'error' | 'warning'
  readonly code: string
  readonly path: readonly Segment[]
  /** GUID of the object the finding is about; undefined when it has none. */
  readonly guid: string | undefined
  /** What the message must say: the offending value, at least. */
  readonly says: readonly RegExp[]
}

interface IntegrityCase {
  readonly file: string
  readonly rule: string
  readonly findings: readonly ExpectedFinding[]
}

const g = (n: number): string => `5f1c0e2a-7b3d-4c8e-9a1f-${String(n).padStart(12, '0')}`
const GUID = {
  read: g(11),
  write: g(12),
  taskA: g(21),
  taskB: g(22),
  roleAssignment: g(41),
  roleAssignment2: g(42),
  group: g(51),
  group2: g(52),
  storeGroup: g(53),
  scopeLab: g(61),
  missing: g(99),
} as const

const NAME_65 = 'Operate virtual machines in the lab, weekdays, during office hour'
const SCOPE_600 = `\\\\fileserver\\vms\\${'lab-'.repeat(200)}`.slice(0, 600)

const app: Segment = { kind: 'application', name: 'App' }
const at = (kind: Kind, name: string): Segment => ({ kind, name })
const escaped = (text: string): RegExp => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))

const error = (code: string, path: readonly Segment[], guid: string | undefined, says: readonly RegExp[]): ExpectedFinding => ({ severity: 'error', code, path, guid, says })
const warning = (code: string, path: readonly Segment[], guid: string | undefined, says: readonly RegExp[]): ExpectedFinding => ({ severity: 'warning', code, path, guid, says })

const CASES: readonly IntegrityCase[] = [
  // Links.
  {
    file: 'dangling-operation-link.xml',
    rule: 'a task links an operation that does not exist',
    findings: [error('AZ_DANGLING_LINK', [app, at('task', 'Operate')], GUID.taskA, [/OperationLink/, escaped(GUID.missing)])],
  },
  {
    file: 'dangling-task-link.xml',
    rule: 'a role assignment links a task that does not exist',
    findings: [error('AZ_DANGLING_LINK', [app, at('role-assignment', 'Readers')], GUID.roleAssignment, [/TaskLink/, escaped(GUID.missing)])],
  },
  {
    file: 'link-not-visible.xml',
    rule: 'an AppMemberLink to a group in another scope',
    findings: [error('AZ_LINK_NOT_VISIBLE', [app, at('scope', 'Production'), at('role-assignment', 'Production Readers')], GUID.roleAssignment2, [/AppMemberLink/, escaped(GUID.group), /"Lab"/])],
  },
  {
    file: 'link-not-visible-app-to-scope.xml',
    rule: 'an application-level AppMemberLink to a scope-level group',
    findings: [error('AZ_LINK_NOT_VISIBLE', [app, at('role-assignment', 'Readers')], GUID.roleAssignment, [/AppMemberLink/, escaped(GUID.group), /"Lab"/])],
  },
  {
    file: 'link-wrong-kind.xml',
    rule: 'a TaskLink that points at an operation',
    findings: [error('AZ_LINK_WRONG_KIND', [app, at('task', 'Operate')], GUID.taskA, [/TaskLink/, escaped(GUID.read), /operation/])],
  },
  // Identity.
  {
    file: 'duplicate-guid.xml',
    rule: 'two operations with one GUID',
    findings: [error('AZ_DUPLICATE_GUID', [app, at('operation', 'Write')], GUID.read, [escaped(GUID.read), /"Read"/])],
  },
  {
    file: 'duplicate-guid-different-case.xml',
    rule: 'two operations with one GUID, in different case',
    findings: [error('AZ_DUPLICATE_GUID', [app, at('operation', 'Write')], GUID.read.toUpperCase(), [escaped(GUID.read.toUpperCase()), /"Read"/])],
  },
  {
    file: 'missing-guid.xml',
    rule: 'a task without a Guid attribute',
    findings: [error('AZ_MISSING_GUID', [app, at('task', 'Operate')], undefined, [/no GUID/])],
  },
  {
    file: 'malformed-guid.xml',
    rule: 'a task whose Guid is not a GUID',
    findings: [error('AZ_MALFORMED_GUID', [app, at('task', 'Operate')], 'not-a-guid', [/"not-a-guid"/])],
  },
  {
    file: 'duplicate-operation-id.xml',
    rule: 'two operations with OperationID 1 in one application',
    findings: [error('AZ_DUPLICATE_OPERATION_ID', [app, at('operation', 'Write')], GUID.write, [/OperationID 1\b/, /"Read"/])],
  },
  {
    file: 'operation-id-not-numeric.xml',
    rule: 'OperationID "two"',
    findings: [error('AZ_OPERATION_ID_NOT_NUMERIC', [app, at('operation', 'Write')], GUID.write, [/"two"/])],
  },
  // Names.
  {
    file: 'duplicate-task-name.xml',
    rule: 'two tasks named "Operate" in one application',
    findings: [error('AZ_DUPLICATE_NAME', [app, at('task', 'Operate')], GUID.taskB, [/"Operate"/])],
  },
  {
    file: 'duplicate-task-role-definition-name.xml',
    rule: 'a task and a role definition named "Operate" in one application',
    findings: [error('AZ_DUPLICATE_NAME', [app, at('role-definition', 'Operate')], GUID.taskB, [/"Operate"/, /task "Operate"/])],
  },
  {
    file: 'duplicate-name-different-case.xml',
    rule: 'groups "Operators" and "OPERATORS" in one application',
    findings: [error('AZ_DUPLICATE_NAME', [app, at('group', 'OPERATORS')], GUID.group2, [/"OPERATORS"/, /"Operators"/])],
  },
  {
    file: 'valid-task-and-role-assignment-same-name.xml',
    rule: 'a task and a role assignment may share a name',
    findings: [],
  },
  {
    file: 'empty-name.xml',
    rule: 'a task with Name=""',
    findings: [error('AZ_NAME_EMPTY', [app, at('task', '')], GUID.taskA, [/task name cannot be empty/])],
  },
  {
    file: 'name-too-long.xml',
    rule: 'a task name of 65 characters',
    findings: [error('AZ_NAME_TOO_LONG', [app, at('task', NAME_65)], GUID.taskA, [/\b65 characters/, /\b64\b/])],
  },
  {
    file: 'forbidden-character.xml',
    rule: 'an operation named "Read:Config"',
    findings: [error('AZ_NAME_FORBIDDEN_CHARACTER', [app, at('operation', 'Read:Config')], GUID.read, [/contains ":"/])],
  },
  {
    file: 'description-too-long.xml',
    rule: 'a description of 1025 characters',
    findings: [error('AZ_TEXT_TOO_LONG', [app, at('task', 'Operate')], GUID.taskA, [/description/, /\b1025 characters/, /\b1024\b/])],
  },
  // Cycles.
  {
    file: 'task-cycle.xml',
    rule: 'tasks "Operate" and "Maintain" link each other',
    findings: [error('AZ_TASK_CYCLE', [app, at('task', 'Operate')], GUID.taskA, [/task "Operate" -> task "Maintain" -> task "Operate"/])],
  },
  {
    file: 'task-self-cycle.xml',
    rule: 'a task that links itself',
    findings: [error('AZ_TASK_CYCLE', [app, at('task', 'Operate')], GUID.taskA, [/task "Operate" -> task "Operate"/])],
  },
  {
    file: 'group-cycle.xml',
    rule: 'groups "Operators" and "Auditors" contain each other',
    findings: [error('AZ_GROUP_CYCLE', [app, at('group', 'Operators')], GUID.group, [/"Operators" -> "Auditors" -> "Operators"/])],
  },
  {
    file: 'group-cycle-non-member.xml',
    rule: 'a group loop through AppNonMemberLink',
    findings: [error('AZ_GROUP_CYCLE', [app, at('group', 'Operators')], GUID.group, [/"Operators" -> "Auditors" -> "Operators"/])],
  },
  // Values.
  {
    file: 'malformed-sid-member.xml',
    rule: 'a role assignment Member "S-1-5-32-ABC"',
    findings: [error('AZ_MALFORMED_SID', [app, at('role-assignment', 'Readers')], GUID.roleAssignment, [/member/, /S-1-5-32-ABC/])],
  },
  {
    file: 'malformed-sid-nonmember.xml',
    rule: 'a group NonMember "DOMAIN\\jdoe"',
    findings: [error('AZ_MALFORMED_SID', [app, at('group', 'Operators')], GUID.group, [/non-member/, /DOMAIN\\+jdoe/])],
  },
  {
    file: 'unknown-group-type.xml',
    rule: 'GroupType="Dynamic"',
    findings: [error('AZ_GROUP_TYPE_UNKNOWN', [app, at('group', 'Operators')], GUID.group, [/"Dynamic"/])],
  },
  {
    file: 'bizrule-group-in-v1.xml',
    rule: 'a Bizrule group in a MajorVersion="1" store',
    findings: [error('AZ_BIZRULE_GROUP_IN_V1', [at('group', 'Office hours')], GUID.storeGroup, [/BizRule/i, /2\.0/])],
  },
  {
    file: 'version-3.xml',
    rule: 'MajorVersion="3"',
    findings: [error('AZ_VERSION_UNSUPPORTED', [], undefined, [/\b3\.0\b/])],
  },
  // Warnings alone: valid.
  {
    file: 'warning-ldap-query.xml',
    rule: 'an LDAP query that is not a filter',
    findings: [warning('AZ_LDAP_QUERY_SYNTAX', [app, at('group', 'Lab Admins')], GUID.group, [/"members of the lab team"/])],
  },
  {
    file: 'warning-scope-name-long.xml',
    rule: 'a scope name of 600 characters',
    findings: [warning('AZ_SCOPE_NAME_LONG', [app, at('scope', SCOPE_600)], GUID.scopeLab, [/\b600 characters/, /\b512\b/])],
  },
  {
    file: 'warning-bizrule-language.xml',
    rule: 'a business rule in "Perl"',
    findings: [warning('AZ_BIZRULE_LANGUAGE', [app, at('task', 'Operate')], GUID.taskA, [/"Perl"/])],
  },
  {
    file: 'valid-at-limits.xml',
    rule: 'a 64-character task name, a 1024-character description, a 512-character scope name, Bizrule and LdapQuery groups in a 2.0 store',
    findings: [],
  },
]

/** `application "App" > task "T"`, or `store` for the store itself. */
function location(path: readonly Segment[]): string {
  return path.length === 0 ? 'store' : path.map((s) => `${kindLabel(s.kind)} "${s.name}"`).join(' > ')
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

interface JsonFinding {
  readonly severity: unknown
  readonly code: unknown
  readonly path: unknown
  readonly location: unknown
  readonly guid?: unknown
  readonly message: unknown
}

interface JsonReport {
  readonly store: unknown
  readonly valid: unknown
  readonly errors: unknown
  readonly warnings: unknown
  readonly findings: readonly JsonFinding[]
}

t.test('every integrity fixture is in the table', async (t) => {
  const files = readdirSync(fixture('integrity')).filter((f) => f !== 'generate.mjs')
  t.same(files.sort(), CASES.map((c) => c.file).sort())
})

for (const c of CASES) {
  t.test(`${c.file}: ${c.rule}`, async (t) => {
    const path = fixture(`integrity/${c.file}`)
    const before = fingerprint(path)
    const errors = c.findings.filter((f) => f.severity === 'error').length
    const warnings = c.findings.length - errors
    const exitCode = errors > 0 ? 1 : 0
    const summary = `${path}: ${errors > 0 ? 'invalid' : 'valid'} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`

    t.test('azman validate --json', async (t) => {
      const r = await runCli(['validate', path, '--json'])
      t.equal(r.code, exitCode, `exit ${exitCode}`)
      t.equal(r.stderr, '', 'nothing on stderr')
      let report: JsonReport | undefined
      t.doesNotThrow(() => (report = JSON.parse(r.stdout) as JsonReport), 'stdout is JSON')
      if (!report) return
      t.equal(report.store, path)
      t.equal(report.valid, errors === 0, 'valid')
      t.equal(report.errors, errors, 'error count')
      t.equal(report.warnings, warnings, 'warning count')
      t.same(
        report.findings.map((f) => f.code),
        c.findings.map((f) => f.code),
        `findings: exactly ${c.findings.map((f) => f.code).join(', ') || 'none'}`,
      )
      c.findings.forEach((expected, i) => {
        const found = report?.findings[i]
        if (!found) return
        t.equal(found.severity, expected.severity, `${expected.code}: severity ${expected.severity}`)
        t.same(found.path, expected.path, `${expected.code}: path ${location(expected.path)}`)
        t.equal(found.location, location(expected.path), `${expected.code}: location`)
        t.equal(found.guid, expected.guid, `${expected.code}: guid of the object`)
        t.type(found.message, 'string')
        const message = typeof found.message === 'string' ? found.message : ''
        t.ok(message.trim().length > 0, 'the message is not empty')
        for (const re of expected.says) t.match(message, re, `the message says ${re}`)
      })
    })

    t.test('azman validate', async (t) => {
      const r = await runCli(['validate', path])
      t.equal(r.code, exitCode, `exit ${exitCode}`)
      t.equal(r.stderr, '', 'nothing on stderr')
      // Lint warnings (lines "lint LINT_...", tested in test/cli/commands/validate-lint.int.test.ts) are not integrity findings.
      const lines = r.stdout.split('\n').filter((l) => !l.startsWith('lint '))
      t.equal(lines.pop(), '', 'output ends with a newline')
      t.equal(lines.length, c.findings.length + 1, 'one line per finding and a summary')
      t.equal(lines[lines.length - 1]?.replace(/; \d+ lint warnings?\)$/, ')'), summary, 'the last line is the summary')
      c.findings.forEach((expected, i) => {
        const line = lines[i] ?? ''
        t.ok(line.startsWith(`${expected.severity} ${expected.code} ${location(expected.path)}: `), `lists ${expected.severity} ${expected.code} at ${location(expected.path)}`)
        for (const re of expected.says) t.match(line, re, `the line says ${re}`)
      })
    })

    t.test('show and export still read it', async (t) => {
      for (const args of [
        ['show', path],
        ['show', path, '--json'],
        ['export', path, '--json'],
      ]) {
        const r = await runCli(args)
        t.equal(r.code, 0, `azman ${args.join(' ')} exits 0`)
        t.equal(r.stderr, '', 'nothing on stderr')
        t.notMatch(r.stdout, STACK_LINE)
      }
    })

    t.same(fingerprint(path), before, 'the fixture bytes and mtime are unchanged')
  })
}

t.test('the real binary exits 1 on an integrity error and 0 on warnings alone', async (t) => {
  const invalid = spawnCli(['validate', fixture('integrity/task-cycle.xml')])
  t.equal(invalid.code, 1)
  t.match(invalid.stdout, /^error AZ_TASK_CYCLE application "App" > task "Operate": /)
  t.equal(invalid.stderr, '')
  const warned = spawnCli(['validate', fixture('integrity/warning-ldap-query.xml'), '--json'])
  t.equal(warned.code, 0)
  t.match(JSON.parse(warned.stdout), { valid: true, errors: 0, warnings: 1 })
  t.equal(warned.stderr, '')
})

const SAMPLE_DIRS = [join(REPO_ROOT, 'store-samples'), join(REPO_ROOT, 'test/fixtures/real-stores')]
const SAMPLES = SAMPLE_DIRS.flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .map((f) => join(dir, f)),
)

t.test('every sample store validates', async (t) => {
  t.ok(SAMPLES.length >= 5, `found ${SAMPLES.length} sample stores`)
  for (const path of SAMPLES) {
    t.test(path.slice(REPO_ROOT.length), async (t) => {
      const before = fingerprint(path)
      const text = await runCli(['validate', path])
      t.equal(text.code, 0, 'azman validate exits 0')
      t.equal(text.stderr, '', 'nothing on stderr')
      const lines = text.stdout.trimEnd().split('\n')
      t.match(lines[lines.length - 1], new RegExp(`^${escaped(path).source}: valid \\(0 errors, \\d+ warnings?(; \\d+ lint warnings?)?\\)$`), 'summary: valid, no errors')
      t.notOk(
        lines.some((l) => l.startsWith('error ')),
        'no error lines',
      )
      const json = await runCli(['validate', path, '--json'])
      t.equal(json.code, 0, 'azman validate --json exits 0')
      t.equal(json.stderr, '', 'nothing on stderr')
      const report = JSON.parse(json.stdout) as JsonReport
      t.equal(report.valid, true)
      t.equal(report.errors, 0)
      t.same(
        report.findings.filter((f) => f.severity !== 'warning'),
        [],
        'only warnings, if anything',
      )
      t.equal(report.warnings, report.findings.length)
      t.same(fingerprint(path), before, 'unchanged')
    })
  }
})
