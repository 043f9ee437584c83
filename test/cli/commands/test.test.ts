import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { XMLParser } from 'fast-xml-parser'
import t, { type Test } from 'tap'
import { Parser, type FinalResults } from 'tap-parser'
import { azman, fingerprint, REPO_ROOT, sample, STACK_LINE } from '../run-cli.js'

const DELEGATED = sample('hyperv-2008r2-delegated.xml')
const SAMPLE_TESTS = sample('hyperv-2008r2-delegated.tests.yaml')
const D = 'S-1-5-21-1004336348-1177238915-682003330'

/** What tap-parser makes of a TAP text. */
function parseTap(text: string): Promise<FinalResults> {
  return new Promise((resolve) => {
    const parser = new Parser(resolve)
    parser.end(text)
  })
}

/** A test file of the given tests in a fresh folder (YAML, with the sample's application). */
function testFile(t: Test, tests: string, name = 'tests.yaml'): string {
  const dir = t.testdir({ [name]: `format: azman-tests/1\napp: Hyper-V services\ntests:\n${tests}` })
  return join(dir, name)
}

t.test('done when: the 20 assertions of the sample pass as TAP that tap-parser accepts; one doctored makes it exit 1 with the proof', async (t) => {
  const before = fingerprint(DELEGATED)
  const run = await azman('test', DELEGATED, SAMPLE_TESTS, '--format', 'tap')
  t.equal(run.code, 0, run.stderr)
  const results = await parseTap(run.stdout)
  t.equal(results.ok, true)
  t.equal(results.count, 20)
  t.equal(results.pass, 20)
  t.equal(results.fail, 0)
  t.equal(results.plan.end, 20)

  // Doctored: the VM operator's production test now says the operator may start production VMs.
  const text = readFileSync(SAMPLE_TESTS, 'utf8')
  const doctored = text.replace('    scope: Production VMs\n    expect: denied\n', '    scope: Production VMs\n    expect: granted\n')
  t.not(doctored, text, 'the sample was doctored')
  const file = join(t.testdir({}), 'doctored.tests.yaml')
  writeFileSync(file, doctored)
  const failed = await azman('test', DELEGATED, file, '--format', 'tap')
  t.equal(failed.code, 1)
  const counts = await parseTap(failed.stdout)
  t.equal(counts.ok, false)
  t.equal(counts.count, 20)
  t.equal(counts.pass, 19)
  t.equal(counts.fail, 1)
  t.equal(counts.failures[0]?.name, 'a VM operator cannot start production VMs')
  t.match(failed.stdout, /not ok 2 - a VM operator cannot start production VMs\n {2}---\n/)
  t.match(failed.stdout, /message: .*expected granted in scope "Production VMs", but 315 "Start Virtual Machine" is denied/)
  t.match(failed.stdout, /315 "Start Virtual Machine" in scope "Production VMs": DENIED/)
  t.match(failed.stdout, /no role assignment at application level or in this scope grants it to these SIDs/)
  t.same(fingerprint(DELEGATED), before, 'the store is unchanged')
})

t.test('the text and JSON forms', async (t) => {
  const run = await azman('test', DELEGATED, SAMPLE_TESTS)
  t.equal(run.code, 0)
  t.match(run.stdout, /\n {2}ok {3}a VM operator starts, stops and uses the console of lab VMs\n/)
  t.match(run.stdout, /\n20 tests: 20 passed, 0 failed\n$/)
  const json = await azman('test', DELEGATED, SAMPLE_TESTS, '--json')
  t.equal(json.code, 0)
  const out = JSON.parse(json.stdout) as { passed: number; failed: number; runs: { tests: { kind: string; passed: boolean }[] }[] }
  t.equal(out.passed, 20)
  t.equal(out.failed, 0)
  t.same([...new Set(out.runs[0]?.tests.map((x) => x.kind))].sort(), ['access', 'audit', 'only', 'what-can', 'who-can'])
})

/** Each kind, passing and failing: [name, YAML of the test, passes, what the failure shows]. */
const CASES: readonly [string, string, boolean, RegExp?][] = [
  ['access granted', `  - {name: x, kind: access, sids: ["${D}-1110"], scope: Lab VMs, expect: granted, operations: [305]}\n`, true],
  [
    'access granted fails with why',
    `  - {name: x, kind: access, sids: ["${D}-1107"], scope: Lab VMs, expect: granted, operations: [315]}\n`,
    false,
    /315 "Start Virtual Machine" is conditional[\s\S]*if: {5}membership of group "Hyper-V Lab Admins" \(LdapQuery, application level\) is decided by its LDAP query/,
  ],
  ['access denied', `  - {name: x, kind: access, sids: ["${D}-1120"], expect: denied, operations: [335]}\n`, true],
  [
    'access denied fails with the proof of the grant',
    `  - {name: x, kind: access, sids: ["${D}-1120"], scope: Production VMs, expect: denied, operations: [335]}\n`,
    false,
    /granted by role assignment "Production Monitors" \(scope "Production VMs"\)\n.*path: {3}role definition "IT Monitor" > task "Monitor Virtual Machine" > operation 335/,
  ],
  ['access not-conditional', `  - {name: x, kind: access, sids: [Everyone], expect: not-conditional, operations: [315]}\n`, true],
  [
    'access not-conditional fails',
    `  - {name: x, kind: access, sids: ["${D}-1108"], scope: Lab VMs, expect: not-conditional, operations: [105]}\n`,
    false,
    /if: {5}membership of group "Hyper-V Lab Admins"/,
  ],
  ['who-can equals', `  - {name: x, kind: who-can, operation: 315, equals: ["S-1-5-32-0544"]}\n`, true],
  [
    'who-can equals fails both ways',
    `  - {name: x, kind: who-can, operation: 315, scope: Production VMs, equals: ["${D}-1120"]}\n`,
    false,
    /S-1-5-32-544 \(BUILTIN\\Administrators\) can and should not; S-1-5-21-1004336348-1177238915-682003330-1120 cannot and should[\s\S]*S-1-5-32-544 \(BUILTIN\\Administrators\) can:\n.*granted by role assignment "Administrator"/,
  ],
  ['who-can includes fails', `  - {name: x, kind: who-can, operation: 105, includes: ["${D}-1105"]}\n`, false, /cannot and should/],
  ['who-can excludes fails', `  - {name: x, kind: who-can, operation: 100, excludes: ["${D}-1108"]}\n`, false, /-1108 can and should not[\s\S]*member: S-1-5-21-1004336348-1177238915-682003330-1108/],
  ['what-can equals', `  - {name: x, kind: what-can, sid: "${D}-1130", equals: [100, 265, 270, 275, 280, 285, 290, 295, 335]}\n`, true],
  [
    'what-can fails',
    `  - {name: x, kind: what-can, sid: "${D}-1130", excludes: [335], includes: [105]}\n`,
    false,
    /can 335 "View Virtual Machine Configuration" and should not; cannot 105 "Reconfigure Service" and should/,
  ],
  ['only', `  - {name: x, kind: only, principals: [BUILTIN\\Administrators], operations: [105]}\n`, false, /in scope "Lab VMs"/],
  ['only passes outside the lab', `  - {name: x, kind: only, principals: [BUILTIN\\Administrators, "${D}-1120", "${D}-1130"], operations: [335], app: Hyper-V services}\n`, false, /-1105/],
  [
    'only names the LDAP-query group as a counterexample',
    `  - {name: x, kind: only, principals: [BUILTIN\\Administrators, "${D}-1110", "${D}-1105", "${D}-1106", "${D}-1108", "${D}-1130"], operations: [305]}\n`,
    false,
    /the members of group "Hyper-V Lab Admins" \(LdapQuery, application level\), decided at access time, get 305 "Delete Virtual Machine" in scope "Lab VMs"/,
  ],
  ['audit', `  - {name: x, kind: audit, templates: [hyperv-vm-operator], failOn: critical}\n`, true],
  ['audit fails', `  - {name: x, kind: audit, templates: [${REPO_ROOT}templates/], failOn: medium}\n`, false, /MEDIUM [A-Z_]+: /],
]

t.test('each kind of assertion passing and failing', async (t) => {
  let checked = 0
  for (const [name, yaml, passes, shows] of CASES) {
    const file = testFile(t, yaml, `${name.replace(/\W+/g, '-')}.yaml`)
    const run = await azman('test', DELEGATED, file)
    t.equal(run.code, passes ? 0 : 1, `${name}: exit code\n${run.stdout}${run.stderr}`)
    t.match(run.stdout, passes ? /\n {2}ok {3}x\n/ : /\n {2}FAIL x\n {7}\$\.tests\[0\]: /, name)
    if (shows !== undefined) t.match(run.stdout, shows, `${name}: the proof`)
    checked++
  }
  t.equal(checked, 17)
})

t.test('JUnit XML: testsuites > testsuite > testcase, a failure with the proof, every value escaped', async (t) => {
  const file = testFile(t, `  - {name: "a <b> & \\"c\\"", kind: who-can, operation: 105, equals: []}\n  - {name: ok, kind: who-can, operation: 105, equals: [S-1-5-32-544]}\n`)
  const run = await azman('test', DELEGATED, file, SAMPLE_TESTS, '--format', 'junit')
  t.equal(run.code, 1)
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (n) => ['testsuite', 'testcase', 'property'].includes(n) }).parse(run.stdout) as {
    testsuites: {
      '@tests': string
      '@failures': string
      testsuite: { '@name': string; '@tests': string; '@failures': string; testcase: { '@name': string; failure?: { '@message': string; '#text': string } }[] }[]
    }
  }
  t.equal(doc.testsuites['@tests'], '22')
  t.equal(doc.testsuites['@failures'], '1')
  t.equal(doc.testsuites.testsuite.length, 2)
  const [mine, sample] = doc.testsuites.testsuite
  t.equal(mine?.['@tests'], '2')
  t.equal(mine?.['@failures'], '1')
  t.equal(mine?.testcase[0]?.['@name'], 'a <b> & "c"')
  t.match(mine?.testcase[0]?.failure?.['@message'], /S-1-5-32-544 \(BUILTIN\\Administrators\) can and should not/)
  t.match(mine?.testcase[0]?.failure?.['#text'], /granted by role assignment "Administrator"/)
  t.equal(mine?.testcase[1]?.failure, undefined)
  t.equal(sample?.testcase.length, 20)
  t.equal(sample?.['@failures'], '0')
})

t.test("--init pins today's access: it passes on the unchanged store and fails after add-member and delegate", async (t) => {
  const dir = t.testdir({})
  const lab = join(dir, 'lab.xml')
  copyFileSync(DELEGATED, lab)
  const pinned = join(dir, 'pinned.tests.yaml')
  const init = await azman('test', '--init', lab, '--out', pinned)
  t.equal(init.code, 0, init.stderr)
  t.match(init.stdout, /wrote .*pinned\.tests\.yaml: 102 tests/)
  t.match(readFileSync(pinned, 'utf8'), /^# azman test --init: the effective access of application "Hyper-V services"/)
  const passes = await azman('test', lab, pinned, '--format', 'tap')
  t.equal(passes.code, 0)
  t.equal((await parseTap(passes.stdout)).pass, 102)

  const again = await azman('test', '--init', lab, '--out', pinned, '--json')
  t.equal(again.code, 5, 'an existing --out is refused')
  t.match(JSON.parse(again.stdout), { error: { code: 'AZMAN_ERR_CONFLICT_EXISTS' } })
  const json = join(dir, 'pinned.json')
  t.equal((await azman('test', '--init', lab, '--out', json)).code, 0)
  t.equal((await azman('test', '--init', lab, '--out', json, '--force')).code, 0, '--force replaces it')
  t.equal((await azman('test', lab, json)).code, 0, 'the JSON form passes too')

  const add = await azman('group', 'add-member', lab, '--app', 'Hyper-V services', '--name', 'VM Operators', '--sid', `${D}-1111`, '--reason', 'test')
  t.equal(add.code, 0, add.stderr)
  const fails = await azman('test', lab, pinned)
  t.equal(fails.code, 1)
  t.match(fails.stdout, /FAIL who can 100 "Read Service Configuration" at the application level\n.*-1111 can and should not/)
  t.match(fails.stdout, /-1111 can:\n +granted by role assignment "Hyper-V Manager Connect"/)

  const lab2 = join(dir, 'lab2.xml')
  copyFileSync(DELEGATED, lab2)
  const delegate = await azman('delegate', lab2, '--app', 'Hyper-V services', '--scope', 'Production VMs', '--template', 'hyperv-vm-operator', '--sid', `${D}-1112`, '--reason', 'test')
  t.equal(delegate.code, 0, delegate.stderr)
  const after = await azman('test', lab2, pinned, '--json')
  t.equal(after.code, 1)
  const out = JSON.parse(after.stdout) as { failed: number; runs: { tests: { name: string; passed: boolean }[] }[] }
  t.ok(out.failed > 0)
  t.ok(out.runs[0]?.tests.some((x) => !x.passed && x.name === 'who can 315 "Start Virtual Machine" in scope "Production VMs"'))
})

/** Bad test files: [what, file name, content, JSON path or text the message names]. */
const BAD: readonly [string, string, string, RegExp][] = [
  [
    'unknown field',
    'a.yaml',
    'format: azman-tests/1\ntests:\n  - {name: x, kind: access, sids: [S-1-1-0], expect: denied, operations: [100], colour: red}\n',
    /\(line 3\): \$\.tests\[0\]\.colour: is not a field of a "access" test/,
  ],
  ['unknown top field', 'b.json', '{"format": "azman-tests/1", "tests": [], "extra": 1}', /\$\.tests: must hold 1 to 2000 tests|\$\.extra/],
  ['unknown kind', 'c.yaml', 'format: azman-tests/1\ntests:\n  - {name: x, kind: who-may}\n', /\$\.tests\[0\]\.kind: must be one of access, who-can, what-can, only, audit/],
  [
    'unknown scope',
    'd.yaml',
    'format: azman-tests/1\ntests:\n  - name: x\n    kind: access\n    sids: [S-1-1-0]\n    scope: Lab VM\n    expect: denied\n    operations: [100]\n',
    /\(line 6\): \$\.tests\[0\]\.scope: no scope "Lab VM"/,
  ],
  [
    'unknown operation',
    'e.yaml',
    'format: azman-tests/1\ntests:\n  - {name: x, kind: access, sids: [S-1-1-0], expect: denied, operations: [100, Start VM]}\n',
    /\$\.tests\[0\]\.operations\[1\]: no operation "Start VM"/,
  ],
  ['bad SID', 'f.yaml', 'format: azman-tests/1\ntests:\n  - {name: x, kind: who-can, operation: 100, equals: [S-1-5-32-544, S-1-5-x]}\n', /\$\.tests\[0\]\.equals\[1\]: "S-1-5-x" is neither a SID/],
  [
    'unknown account name',
    'g.yaml',
    'format: azman-tests/1\ntests:\n  - {name: x, kind: access, sids: [LAB\\alice], expect: denied, operations: [100]}\n',
    /\$\.tests\[0\]\.sids\[0\]: "LAB\\alice" is neither a SID/,
  ],
  ['not YAML', 'h.yaml', 'format: azman-tests/1\ntests: [a, b\n', /is not valid YAML \(line \d+, column \d+\)/],
  ['not JSON', 'i.json', '{"format": "azman-tests/1",', /is not valid JSON/],
  ['unknown application', 'j.yaml', 'format: azman-tests/1\napp: Hyper-V\ntests:\n  - {name: x, kind: who-can, operation: 100, equals: []}\n', /\$\.app: no application "Hyper-V"/],
  ['unknown template', 'k.yaml', 'format: azman-tests/1\ntests:\n  - {name: x, kind: audit, templates: [hyperv-nope], failOn: high}\n', /\$\.tests\[0\]\.templates\[0\]: /],
  ['no comparison', 'l.yaml', 'format: azman-tests/1\ntests:\n  - {name: x, kind: who-can, operation: 100}\n', /\$\.tests\[0\]: a "who-can" test needs "equals", "includes" or "excludes"/],
  [
    'unknown group',
    'm.yaml',
    'format: azman-tests/1\ntests:\n  - {name: x, kind: only, principals: [], groups: [Nobody], operations: [100]}\n',
    /\$\.tests\[0\]\.groups\[0\]: application "Hyper-V services" has no group "Nobody"/,
  ],
]

t.test('a test file that cannot be used: the JSON path, exit 4, AZMAN_ERR_TEST_FILE, nothing run or written', async (t) => {
  const dir = t.testdir(Object.fromEntries(BAD.map(([, name, content]) => [name, content])))
  const lab = join(dir, 'lab.xml')
  copyFileSync(DELEGATED, lab)
  const before = fingerprint(lab)
  let checked = 0
  for (const [what, name, , says] of BAD) {
    const run = await azman('test', lab, join(dir, name), '--json')
    t.equal(run.code, 4, `${what}: exit 4\n${run.stderr}`)
    const out = JSON.parse(run.stdout) as { error: { code: string; exitCode: number; message: string } }
    t.equal(out.error.code, 'AZMAN_ERR_TEST_FILE', what)
    t.match(out.error.message, says, what)
    t.notMatch(run.stderr, STACK_LINE, `${what}: no stack trace`)
    checked++
  }
  t.equal(checked, BAD.length)
  t.equal(checked, 13)
  t.same(fingerprint(lab), before, 'the store is unchanged')
  t.notOk(existsSync(join(dir, 'lab.xml.journal')), 'nothing journaled')
})

t.test('usage errors', async (t) => {
  t.equal((await azman('test', DELEGATED)).code, 3, 'no test file')
  t.equal((await azman('test', '--init', DELEGATED)).code, 3, '--init without --out')
  t.equal((await azman('test', DELEGATED, SAMPLE_TESTS, '--format', 'xml')).code, 3, 'unknown format')
  t.equal((await azman('test', DELEGATED, SAMPLE_TESTS, '--out', 'x.yaml')).code, 3, '--out without --init')
})

t.test('accounts: a test may name an account the --names file knows; one it does not know, or that names two SIDs, is exit 4 at its path', async (t) => {
  const D = 'S-1-5-21-1004336348-1177238915-682003330'
  const names = [
    '"SID","Name","NTAccount"',
    `"${D}-1105","Alice Smith","CONTOSO\\alice"`,
    `"${D}-1120","Prod Monitors","CONTOSO\\prod-monitors"`,
    `"${D}-1199","Twin","CONTOSO\\twin"`,
    `"${D}-1198","Twin","CONTOSO\\twin"`,
    '',
  ].join('\r\n')
  const file = (tests: unknown[]): string => JSON.stringify({ format: 'azman-tests/1', app: 'Hyper-V services', tests })
  const dir = t.testdir({
    'names.csv': names,
    'ok.json': file([
      { name: 'alice starts lab VMs', kind: 'access', sids: ['CONTOSO\\alice'], scope: 'Lab VMs', operations: [315], expect: 'granted' },
      { name: 'prod monitors view production', kind: 'who-can', operation: 335, scope: 'Production VMs', includes: ['CONTOSO\\prod-monitors'] },
      { name: 'what alice may do at app level', kind: 'what-can', sid: 'CONTOSO\\alice', excludes: [105] },
    ]),
    'unknown.json': file([{ name: 'x', kind: 'access', sids: ['CONTOSO\\nobody'], operations: [315], expect: 'denied' }]),
    'twin.json': file([{ name: 'x', kind: 'only', principals: ['S-1-5-32-544', 'CONTOSO\\twin'], operations: [105] }]),
  })
  const store = sample('hyperv-2008r2-delegated.xml')
  const ok = await azman('test', store, join(dir, 'ok.json'), '--names', join(dir, 'names.csv'), '--json')
  t.equal(ok.code, 0, ok.stdout + ok.stderr)
  t.match(JSON.parse(ok.stdout), { runs: [{ passed: 3, failed: 0 }] })
  const without = await azman('test', store, join(dir, 'ok.json'))
  t.equal(without.code, 4, 'without the names file an account is not known')
  t.match(without.stderr, /\$\.tests\[0\]\.sids\[0\]: "CONTOSO\\alice" is neither a SID/)
  const unknown = await azman('test', store, join(dir, 'unknown.json'), '--names', join(dir, 'names.csv'))
  t.equal(unknown.code, 4)
  t.match(unknown.stderr, /\$\.tests\[0\]\.sids\[0\]: "CONTOSO\\nobody" is neither a SID .* nor an account of the names file \[AZMAN_ERR_TEST_FILE\]/)
  const twin = await azman('test', store, join(dir, 'twin.json'), '--names', join(dir, 'names.csv'))
  t.equal(twin.code, 4)
  t.match(twin.stderr, /\$\.tests\[0\]\.principals\[1\]: "CONTOSO\\twin" names two SIDs in the names file; give the SID/)
  t.notMatch(twin.stderr + unknown.stderr + without.stderr, STACK_LINE)
})
