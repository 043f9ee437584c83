import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import t, { type Test } from 'tap'
import { manualClock } from '../../support/manual-clock.js'
import type { AuditReport } from '../../../src/audit/report.js'
import { CSV_COLUMNS } from '../../../src/audit/render/csv.js'
import { validateStore } from '../../../src/model/integrity/validate.js'
import { parseXmlStore } from '../../../src/xml/policy/parse-xml-store.js'
import { fingerprint, REPO_ROOT, runCli, sample, realStore, spawnCli, STACK_LINE } from '../run-cli.js'

const APP = 'Hyper-V services'
const USER = 'S-1-5-21-1004336348-1177238915-682003330-1199'
const DELEGATED = sample('hyperv-2008r2-delegated.xml')
const TEMPLATES = ['--template', join(REPO_ROOT, 'templates')]

function copyOf(t: Test, name: string): string {
  const path = join(t.testdir(), 'store.xml')
  copyFileSync(sample(name), path)
  return path
}

async function auditJson(t: Test, args: readonly string[], code: number): Promise<AuditReport> {
  const run = await runCli(['audit', ...args, '--json'])
  t.equal(run.code, code, `azman audit exits ${code}${run.stderr ? `: ${run.stderr}` : ''}`)
  return JSON.parse(run.stdout) as AuditReport
}

t.test('every format of the delegated sample; the store is never touched', async (t) => {
  const before = fingerprint(DELEGATED)
  const text = await runCli(['audit', DELEGATED, ...TEMPLATES])
  t.equal(text.code, 0)
  t.equal(text.stderr, '')
  t.match(text.stdout, /: 5 medium, 2 info; nothing reaches high: pass\n$/)
  t.match(text.stdout, /^medium AUDIT_CANNOT_CONNECT application "Hyper-V services": S-1-5-21-1004336348-1177238915-682003330-1110 holds operations at scope "Lab VMs"/m)

  const report = await auditJson(t, [DELEGATED, ...TEMPLATES], 0)
  t.same(Object.keys(report), ['report', 'store', 'templates', 'failOn', 'counts', 'failed', 'assignments', 'findings', 'matrices'])
  t.equal(report.failOn, 'high')
  t.equal(report.findings.length, 7, 'the 5 medium and 2 info findings, each checked below')
  for (const f of report.findings) {
    t.same(Object.keys(f), ['severity', 'code', 'app', 'scope', 'roleAssignment', 'principal', 'operations', 'template', 'message'], `${f.code}: the documented shape`)
  }
  const asJson = await runCli(['audit', DELEGATED, ...TEMPLATES, '--format', 'json'])
  t.same({ ...(JSON.parse(asJson.stdout) as AuditReport), report: undefined }, { ...report, report: undefined }, '--format json is --json (made at another time)')

  const md = await runCli(['audit', DELEGATED, ...TEMPLATES, '--format', 'md'])
  t.match(md.stdout, /^# AzMan audit: /)
  const csv = await runCli(['audit', DELEGATED, ...TEMPLATES, '--format', 'csv'])
  const csvLines = csv.stdout.split('\r\n')
  const comments = csvLines.filter((l) => l.startsWith('# '))
  t.equal(comments.length, 2 + 6, 'the evidence header as comment lines: time, store, 6 templates')
  t.same(csvLines.slice(0, comments.length), comments, 'the comment lines come first')
  t.equal(csvLines[comments.length], CSV_COLUMNS.join(','))
  t.equal(csvLines.length, comments.length + report.findings.length + 2, 'comments, header, a row per finding, final line end')
  const html = await runCli(['audit', DELEGATED, ...TEMPLATES, '--format', 'html'])
  t.match(html.stdout, /^<!DOCTYPE html>/)
  t.match(html.stdout, /<table class="matrix"/)
  for (const run of [md, csv, html]) t.equal(run.code, 0)
  const cannot = report.findings.filter((f) => f.code === 'AUDIT_CANNOT_CONNECT')
  t.same(
    cannot.map((f) => f.principal?.sid),
    ['S-1-5-21-1004336348-1177238915-682003330-1110', 'S-1-5-21-1004336348-1177238915-682003330-1120'],
    'JSON: the two principals who cannot connect',
  )
  for (const [format, run] of [
    ['md', md],
    ['csv', csv],
  ] as const) {
    t.equal(run.stdout.split('AUDIT_CANNOT_CONNECT').length - 1, 2, `${format}: both AUDIT_CANNOT_CONNECT findings`)
  }
  t.equal(html.stdout.split('data-code="AUDIT_CANNOT_CONNECT"').length - 1, 2, 'html: both AUDIT_CANNOT_CONNECT finding rows')
  t.same(fingerprint(DELEGATED), before, 'unchanged')
})

t.test('exit codes follow --fail-on', async (t) => {
  const sdk = realStore('windows-sdk-asp-AzStore.xml')
  const expected: [string, string[], number][] = [
    ['Everyone holds a role: high reaches the default threshold', [sdk], 1],
    ['--fail-on critical', [sdk, '--fail-on', 'critical'], 0],
    ['--fail-on none', [sdk, '--fail-on', 'none'], 0],
    ['delegated sample, default', [DELEGATED], 0],
    ['delegated sample, --fail-on medium', [DELEGATED, '--fail-on', 'medium'], 1],
    ['delegated sample, --fail-on low', [DELEGATED, '--fail-on', 'low'], 1],
    ['delegated sample, --fail-on info', [DELEGATED, '--fail-on', 'info'], 1],
    ['the Guest account with every operation is critical', [realStore('ms-azmp-example-v2.xml'), '--fail-on', 'critical'], 1],
  ]
  for (const [what, args, code] of expected) {
    const run = await runCli(['audit', ...args, ...TEMPLATES])
    t.equal(run.code, code, what)
  }
  const report = await auditJson(t, [sdk, ...TEMPLATES, '--fail-on', 'critical'], 0)
  t.equal(report.failOn, 'critical')
  t.equal(report.failed, false)
})

t.test('a binding file chooses templates and names principals', async (t) => {
  const dir = t.testdir()
  const binding = join(dir, 'binding.json')
  writeFileSync(
    binding,
    JSON.stringify({
      format: 'azman-audit-binding/1',
      bindings: [
        { app: APP, scope: 'Lab VMs', roleAssignment: 'Lab Administrators', template: 'hyperv-full-administrator', reason: 'CHG-42' },
        { app: APP, roleAssignment: 'Retired', template: null },
      ],
      principals: [{ sid: 'S-1-5-21-1004336348-1177238915-682003330-1110', name: 'LAB\\owner' }],
    }),
  )
  const report = await auditJson(t, [DELEGATED, ...TEMPLATES, '--binding', binding], 0)
  t.match(
    report.assignments.find((a) => a.roleAssignment === 'Lab Administrators'),
    { template: 'hyperv-full-administrator', chosenBy: 'binding', reason: /CHG-42/ },
  )
  t.match(
    report.findings.find((f) => f.code === 'AUDIT_BINDING_UNMATCHED'),
    { roleAssignment: 'Retired' },
  )
  t.ok(
    report.findings.some((f) => f.code === 'AUDIT_UNRESOLVED_MEMBER'),
    'domain SIDs not in the principal list are unresolved',
  )
  t.match(report.assignments.find((a) => a.roleAssignment === 'Lab Administrators')?.holders, [{ name: 'LAB\\owner' }])
})

t.test('bad input: a clear error, a stable exit code, no stack trace, nothing written', async (t) => {
  const dir = t.testdir({
    'bad.json': '{"format": ',
    'wrong.json': JSON.stringify({ format: 'azman-audit-binding/1', bindings: [{ app: APP, roleAssignment: 'x', template: 'nope' }] }),
    'template.json': '{"format": "azman-template/1"}',
  })
  const before = fingerprint(DELEGATED)
  const cases: [string, string[], number, string, RegExp][] = [
    ['unknown template', [DELEGATED, '--template', 'hyperv-nope'], 2, 'AZMAN_ERR_CHANGE_TEMPLATE_NOT_FOUND', /no template hyperv-nope/],
    ['invalid template file', [DELEGATED, '--template', join(dir, 'template.json')], 2, 'AZMAN_ERR_CHANGE_TEMPLATE_INVALID', /\$\.name: is required/],
    ['binding not JSON', [DELEGATED, ...TEMPLATES, '--binding', join(dir, 'bad.json')], 2, 'AZMAN_ERR_AUDIT_BINDING', /is not valid JSON/],
    ['binding names a template not given', [DELEGATED, ...TEMPLATES, '--binding', join(dir, 'wrong.json')], 2, 'AZMAN_ERR_AUDIT_BINDING', /\$\.bindings\[0\]\.template: names template "nope"/],
    ['binding file missing', [DELEGATED, ...TEMPLATES, '--binding', join(dir, 'none.json')], 2, 'AZMAN_ERR_AUDIT_BINDING', /no such file/],
    ['no --template', [DELEGATED], 3, 'AZMAN_ERR_USAGE', /give at least one --template/],
    ['bad --fail-on', [DELEGATED, ...TEMPLATES, '--fail-on', 'severe'], 3, 'AZMAN_ERR_USAGE', /--fail-on must be one of info, low, medium, high, critical or none/],
    ['bad --format', [DELEGATED, ...TEMPLATES, '--format', 'pdf'], 3, 'AZMAN_ERR_USAGE', /--format must be one of text, md, csv, html, json/],
    ['no store', [...TEMPLATES], 3, 'AZMAN_ERR_USAGE', /audit takes one <store>/],
    ['missing store', [join(dir, 'missing.xml'), ...TEMPLATES], 2, 'AZMAN_ERR_STORE_IO', /no such file/],
    ['not a store', [join(dir, 'bad.json'), ...TEMPLATES], 2, 'AZMAN_ERR_XML_SYNTAX', /./],
  ]
  for (const [what, args, code, errorCode, message] of cases) {
    const run = await runCli(['audit', ...args])
    t.equal(run.code, code, `${what}: exit ${code}`)
    t.match(run.stderr, new RegExp(`^azman: .*\\[${errorCode}\\]\\n$`), `${what}: one line naming ${errorCode}`)
    t.match(run.stderr, message, what)
    t.notMatch(run.stderr, STACK_LINE, `${what}: no stack trace`)
    const json = await runCli(['audit', ...args, '--json'])
    t.match(JSON.parse(json.stdout), { error: { code: errorCode, exitCode: code } }, `${what}: the JSON error`)
  }
  const both = await runCli(['audit', DELEGATED, ...TEMPLATES, '--json', '--format', 'html'])
  t.equal(both.code, 3, '--json and --format html together')
  t.match(both.stderr, /give --json or --format, not both/)
  t.same(fingerprint(DELEGATED), before, 'the store is unchanged')
})

t.test('the real binary: exit codes and output', async (t) => {
  const failing = spawnCli(['audit', realStore('windows-sdk-asp-AzStore.xml'), '--template', 'hyperv-vm-operator'])
  t.equal(failing.code, 1)
  t.match(failing.stdout, /^high AUDIT_BROAD_PRINCIPAL application "Expense Web" > role assignment "Submitter": Everyone \(S-1-1-0\)/m)
  t.equal(failing.stderr, '')
  const bad = spawnCli(['audit', DELEGATED, '--template', 'hyperv-nope'])
  t.equal(bad.code, 2, 'audit only reads: a template it cannot find is input it cannot use (2), never an invalid change (4)')
  t.notMatch(bad.stderr, STACK_LINE)
})

t.test('a compliant store built with azman delegate from the templates exits 0', async (t) => {
  const store = copyOf(t, 'hyperv-2008r2.xml')
  const delegate = async (...args: string[]): Promise<void> => {
    const run = await runCli(['delegate', store, '--app', APP, ...args, '--sid', USER])
    t.equal(run.code, 0, `delegate ${args.join(' ')}: ${run.stderr}`)
  }
  await delegate('--template', 'hyperv-manager-connect')
  await delegate('--scope', 'Web VMs', '--template', 'hyperv-vm-operator')
  await delegate('--scope', 'Lab VMs', '--template', 'hyperv-vm-administrator')
  await delegate('--scope', 'Web VMs', '--template', 'hyperv-it-monitor')
  const report = await auditJson(t, [store, ...TEMPLATES, '--fail-on', 'low'], 0)
  t.same(
    report.findings.map((f) => f.code),
    ['AUDIT_HOST_LOCAL_PRINCIPAL'],
    'nothing but the note that BUILTIN\\Administrators is decided on each host',
  )
  t.match(
    report.assignments.map((a) => [a.scope, a.roleAssignment, a.template, a.chosenBy]),
    [
      [null, 'Administrator', 'hyperv-full-administrator', 'name'],
      [null, 'Hyper-V Manager connect (application level)', 'hyperv-manager-connect', 'name'],
      ['Web VMs', 'Hyper-V VM operator (Web VMs)', 'hyperv-vm-operator', 'name'],
      ['Web VMs', 'Hyper-V IT monitor (Web VMs)', 'hyperv-it-monitor', 'name'],
      ['Lab VMs', 'Hyper-V VM administrator (Lab VMs)', 'hyperv-vm-administrator', 'name'],
    ],
  )
})

for (const name of ['hyperv-2008.xml', 'hyperv-2008r2.xml', 'hyperv-2008r2-delegated.xml']) {
  t.test(`delegate --template works with every shipped template on ${name}, and audit holds the result against it`, async (t) => {
    const delegable: [string, string[]][] = [
      ['hyperv-full-administrator', []],
      ['hyperv-manager-connect', []],
      ['hyperv-network-administrator', []],
      ['hyperv-it-monitor', ['--scope', 'Monitored VMs']],
      ['hyperv-vm-operator', ['--scope', 'Operated VMs']],
      ['hyperv-vm-administrator', ['--scope', 'Administered VMs']],
    ]
    for (const [template, where] of delegable) {
      const store = copyOf(t, name)
      const run = await runCli(['delegate', store, '--app', APP, ...where, '--template', template, '--sid', USER, '--json'])
      t.equal(run.code, 0, `${template}: ${run.stderr}`)
      t.same(
        validateStore(parseXmlStore(readFileSync(store)).policy).filter((f) => f.severity === 'error'),
        [],
        `${template}: the result is valid`,
      )
      const report = await auditJson(t, [store, ...TEMPLATES], 0)
      const mine = report.assignments.find((a) => a.holders.some((h) => h.sid === USER))
      t.equal(mine?.template, template, `${template}: the new role assignment is held against its template`)
      // The full-administrator template reuses the store's own "Administrator" definition and assignment (the
      // same 34 operations): the member joins BUILTIN\Administrators there, whose host-local note is not about it.
      if (template === 'hyperv-full-administrator') t.equal(mine?.roleAssignment, 'Administrator', `${template}: the existing role assignment is reused`)
      const own = report.findings.filter((f) => f.roleAssignment === mine?.roleAssignment && f.scope === mine?.scope && f.principal?.sid !== 'S-1-5-32-544')
      t.same(
        own.map((f) => f.code),
        [],
        `${template}: and meets it`,
      )
    }
  })
}

t.test('--template templates/ works from any folder; an empty folder and a missing path are exit 2 (read-only commands never exit 4) naming what was tried', async (t) => {
  const dir = t.testdir({ empty: {} })
  const home = process.cwd()
  t.teardown(() => process.chdir(home))
  process.chdir(dir)
  const report = await auditJson(t, [DELEGATED, '--template', 'templates/'], 0)
  t.equal(report.templates.length, 6, 'the shipped folder, from a folder that has no templates/')
  const empty = await runCli(['audit', DELEGATED, '--template', 'empty'])
  t.equal(empty.code, 2)
  t.match(empty.stderr, /the folder empty holds no template \(\*\.json\) \[AZMAN_ERR_CHANGE_TEMPLATE_NOT_FOUND\]/)
  const missing = await runCli(['audit', DELEGATED, '--template', 'mine/x.json'])
  t.equal(missing.code, 2)
  t.match(missing.stderr, /no template mine\/x\.json \(tried mine\/x\.json\)/)
  t.equal(empty.stdout + missing.stdout, '', 'no report')
})

t.test('every format carries the evidence header: time (from the clock), store, store version, template hashes, azman version', async (t) => {
  const clock = manualClock(t)
  clock.advance(5 * 365 * 24 * 3600 * 1000)
  const version = parseXmlStore(readFileSync(DELEGATED), DELEGATED).version
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
  const hash = createHash('sha256')
    .update(readFileSync(join(REPO_ROOT, 'templates', 'hyperv-vm-operator.json')))
    .digest('hex')
  const report = await auditJson(t, [DELEGATED, '--template', 'hyperv-vm-operator'], 1)
  t.same({ ...report.report, madeAt: '' }, { madeAt: '', azman: pkg.version, stores: [{ ref: DELEGATED, version }], templates: [{ name: 'hyperv-vm-operator', sha256: hash }] })
  t.ok(Math.abs(Date.parse(report.report?.madeAt ?? '') - Date.now()) < 60_000, 'made at the (moved) clock time, in ISO 8601 UTC')
  const formats = ['text', 'md', 'csv', 'html'] as const
  for (const format of formats) {
    const run = await runCli(['audit', DELEGATED, '--template', 'hyperv-vm-operator', '--format', format])
    t.equal(run.code, 1, `${format}: the findings reach high`)
    for (const part of [version, `sha256:${hash}`, `azman ${pkg.version}`, /made \d{4}-\d\d-\d\dT[\d:.]+Z/]) t.match(run.stdout, part, `${format}: ${String(part)}`)
  }
  t.equal(formats.length, 4, 'every rendered format checked')
})
