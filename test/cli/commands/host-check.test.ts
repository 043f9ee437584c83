import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import type { CliIo } from '../../../src/cli/io.js'
import { main } from '../../../src/cli/main.js'
import type { HostReport } from '../../../src/host/check/host-report.js'
import { fleetStores, writeFacts } from '../../host/fleet/fleet-fixtures.js'
import { REPO_ROOT, runCli, sample, STACK_LINE } from '../run-cli.js'

/** A run through main() with stderr a terminal (or not). */
async function runTty(args: readonly string[], stderrTty: boolean): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const io: CliIo = { stdout: { write: (c: string) => (stdout += c), isTTY: false }, stderr: { write: (c: string) => (stderr += c), isTTY: stderrTty }, env: {}, cwd: REPO_ROOT }
  const code = await main(args, io)
  return { code, stdout, stderr }
}

/** Three hosts (HV03's store drifted) with the delegated sample as the reference, HV04 expected. */
function fleet(dir: string): string[] {
  const s = fleetStores(dir)
  return [
    'host',
    'check',
    sample('hyperv-2008r2-delegated.xml'),
    '--facts',
    `${writeFacts(dir, 'HV01', undefined, s.same1)}=${s.same1}`,
    '--facts',
    writeFacts(dir, 'HV02', undefined, sample('hyperv-2008r2-delegated.xml')),
    '--facts',
    `${writeFacts(dir, 'HV03', undefined, s.drifted)}=${s.drifted}`,
    '--reference',
    sample('hyperv-2008r2-delegated.xml'),
    '--expect',
    'HV04',
  ]
}

t.test('a fleet of 3 hosts with a drifted one: the JSON report, exit 1 at --fail-on medium, 0 at high', async (t) => {
  const args = fleet(t.testdir({}))
  const run = await runCli([...args, '--json', '--fail-on', 'medium'])
  t.equal(run.code, 1, 'a medium finding reaches --fail-on medium')
  t.equal(run.stderr, '', 'nothing on stderr (no progress: not a terminal)')
  const report = JSON.parse(run.stdout) as HostReport
  t.same(report.hosts, ['HV01', 'HV02', 'HV03'])
  t.same(
    report.findings.filter((f) => f.code.startsWith('FLEET_')).map((f) => [f.code, f.hosts]),
    [
      ['FLEET_HOST_NOT_REPORTING', ['HV04']],
      ['FLEET_STORE_DRIFT', ['HV03']],
      ['FLEET_PRINCIPAL_DIFFERS', ['HV03']],
      ['FLEET_PRINCIPAL_DIFFERS', ['HV03']],
    ],
    'the fleet findings, most severe first (then by code)',
  )
  // Each host's own findings: the sample's two scope-only holders cannot connect (as azman audit says), on every host.
  t.same(
    report.findings.filter((f) => f.code.startsWith('HOST_')).map((f) => [f.code, f.host]),
    ['HV01', 'HV01', 'HV02', 'HV02', 'HV03', 'HV03'].map((h) => ['HOST_NO_CONNECT_OPERATIONS', h]),
    'the host findings: two a host',
  )
  t.match(report.counts, { medium: 8, low: 2, high: 0 })
  t.equal(report.report?.stores.length, 3, 'the reference (also the fleet store) and the two other stores, each once')
  t.equal((await runCli([...args, '--json', '--fail-on', 'high'])).code, 0, 'nothing high: exit 0')
  t.equal((await runCli([...args, '--json'])).code, 0, 'the default --fail-on is high, as audit’s')
})

t.test('every format renders the findings; --out writes the report to a file', async (t) => {
  const dir = t.testdir({})
  const args = fleet(dir)
  let checked = 0
  for (const format of ['text', 'md', 'csv', 'html']) {
    const run = await runCli([...args, '--format', format, '--fail-on', 'none'])
    t.equal(run.code, 0, `${format}: --fail-on none never fails`)
    t.match(run.stdout, /FLEET\\?_STORE\\?_DRIFT/, `${format}: the drift`)
    t.match(run.stdout, /FLEET\\?_HOST\\?_NOT\\?_REPORTING/, `${format}: the host not reporting`)
    checked++
  }
  t.equal(checked, 4)
  const out = join(dir, 'report.csv')
  const written = await runCli([...args, '--format', 'csv', '--out', out])
  t.equal(written.stdout, '', 'nothing on stdout with --out')
  t.match(written.stderr, `written to ${out}`)
  t.match(readFileSync(out, 'utf8'), /^# made [^\r\n]*\r\n(# [^\r\n]*\r\n)*severity,code,host,app,scope,/)
})

t.test('--hosts FILE: expected computer names, one a line, # comments', async (t) => {
  const dir = t.testdir({ 'hosts.txt': '# the lab\nHV01\n\nhv05.contoso.com\r\nHV02\n' })
  const run = await runCli([...fleet(dir), '--hosts', join(dir, 'hosts.txt'), '--json', '--fail-on', 'none'])
  const report = JSON.parse(run.stdout) as HostReport
  t.same(
    report.findings.filter((f) => f.code === 'FLEET_HOST_NOT_REPORTING').map((f) => f.hosts[0]),
    ['HV04', 'hv05.contoso.com'],
  )
})

t.test('progress: on stderr on a terminal, never in --json output unless asked, always with --progress', async (t) => {
  const args = [...fleet(t.testdir({})), '--fail-on', 'none']
  const tty = await runTty(args, true)
  t.match(tty.stderr, /checking hosts: 3 of 3 hosts\.\.\. done in/, 'a terminal gets progress with text output')
  const json = await runTty([...args, '--json'], true)
  t.equal(json.stderr, '', 'not with --json')
  JSON.parse(json.stdout)
  const asked = await runTty([...args, '--json', '--progress'], false)
  t.match(asked.stderr, /checking hosts: 3 of 3 hosts/, '--progress: even when stderr is not a terminal')
  t.doesNotThrow(() => JSON.parse(asked.stdout) as unknown, 'stdout stays pure JSON')
  t.notMatch(asked.stdout, 'checking hosts')
})

t.test('bad command lines and inputs: a clear error, its exit code, no stack trace', async (t) => {
  const dir = t.testdir({ 'not-json.json': '{"format": ', 'hosts-dir': {} })
  const good = writeFacts(dir, 'HV01')
  const wrongType = writeFacts(dir, 'HV09', (f) => ({ ...f, vms: 'none' }))
  const store = sample('hyperv-2008r2-delegated.xml')
  const cases: [string[], number, string, RegExp][] = [
    [['--facts', `${good}=`], 3, 'AZMAN_ERR_USAGE', /names no store after the =/],
    [['--facts', `=${store}`], 3, 'AZMAN_ERR_USAGE', /names no facts file before the =/],
    [[], 3, 'AZMAN_ERR_USAGE', /give at least one --facts FILE/],
    [['--facts', good, '--format', 'pdf'], 3, 'AZMAN_ERR_USAGE', /--format must be one of/],
    [['--facts', good, '--fail-on', 'severe'], 3, 'AZMAN_ERR_USAGE', /--fail-on must be one of/],
    [['--facts', good, '--json', '--format', 'md'], 3, 'AZMAN_ERR_USAGE', /give --json or --format, not both/],
    [['--facts', join(dir, 'missing.json')], 2, 'AZMAN_ERR_HOST_FACTS', /cannot read the facts file .*missing\.json: no such file or folder/],
    [['--facts', join(dir, 'hosts-dir')], 2, 'AZMAN_ERR_HOST_FACTS', /it is a folder/],
    [['--facts', join(dir, 'not-json.json')], 2, 'AZMAN_ERR_HOST_FACTS', /not-json\.json: is not JSON/],
    [['--facts', wrongType], 2, 'AZMAN_ERR_HOST_FACTS', /hv09\.json: \$\.vms/],
    [['--facts', `${good}=${join(dir, 'no-store.xml')}`], 2, 'AZMAN_ERR_STORE_IO', /no-store\.xml/],
    [['--facts', `${good}=${join(dir, 'not-json.json')}`], 2, 'AZMAN_ERR_XML_SYNTAX', /not-json\.json: text is not allowed before the root element/],
    [['--facts', good, '--hosts', join(dir, 'no-hosts.txt')], 2, 'AZMAN_ERR_STORE_IO', /cannot read the hosts file/],
    [['--facts', good, '--reference', join(dir, 'no-ref.xml')], 2, 'AZMAN_ERR_STORE_IO', /no-ref\.xml/],
  ]
  let checked = 0
  for (const [extra, code, error, message] of cases) {
    const run = await runCli(['host', 'check', store, ...extra])
    const what = extra.join(' ') || '(no --facts)'
    t.equal(run.code, code, `${what}: exit ${code}`)
    t.match(run.stderr, new RegExp(`^azman: .*\\[${error}`), `${what}: ${error}`)
    t.match(run.stderr, message, `${what}: says what is wrong`)
    t.notMatch(run.stderr, STACK_LINE, `${what}: no stack trace`)
    if (extra.includes('--json')) t.equal((JSON.parse(run.stdout) as { error: { code: string } }).error.code, error, `${what}: the --json error object`)
    else t.equal(run.stdout, '', `${what}: nothing on stdout`)
    checked++
  }
  t.equal(checked, cases.length)
  t.equal(checked, 14)
})

t.test('a fleet with an unreadable and an invalid facts file: each a FLEET_FACTS_UNREADABLE finding, the other hosts checked; --fail-on decides', async (t) => {
  const dir = t.testdir({ 'not-json.json': '{"format": ' })
  const invalid = writeFacts(dir, 'HV09', (f) => ({ ...f, vms: 'none' }))
  const args = [
    'host',
    'check',
    sample('hyperv-2008r2-delegated.xml'),
    '--facts',
    writeFacts(dir, 'HV01'),
    '--facts',
    join(dir, 'missing.json'),
    '--facts',
    invalid,
    '--facts',
    join(dir, 'not-json.json'),
    '--json',
  ]
  const run = await runCli(args)
  t.equal(run.code, 1, 'high findings reach the default --fail-on high: exit 1')
  t.equal(run.stderr, '')
  const report = JSON.parse(run.stdout) as HostReport
  t.same(report.hosts, ['HV01'], 'the readable host is checked')
  const unreadable = new Map(report.findings.filter((f) => f.code === 'FLEET_FACTS_UNREADABLE').map((f) => [f.hosts[0], f]))
  t.same(
    [...unreadable.values()].map((f) => f.severity),
    ['high', 'high', 'high'],
    'one high finding per file',
  )
  t.match(unreadable.get(join(dir, 'missing.json'))?.message, /cannot read the facts file .*missing\.json: no such file or folder/)
  t.match(unreadable.get(invalid)?.message, /hv09\.json: \$\.vms /, 'the reader’s message, with the JSON path')
  t.match(unreadable.get(join(dir, 'not-json.json'))?.message, /not-json\.json: is not JSON/)
  t.equal((await runCli([...args, '--fail-on', 'none'])).code, 0, '--fail-on none: exit 0')
})

t.test('--facts FILE=STORE: a facts path holding = and a store URL holding = (regression: split at the first =)', async (t) => {
  const { factsPair } = await import('../../../src/cli/commands/host-check.js')
  const files = new Set(['h.json', 'lab=1/h.json', 'x=y.json'])
  const isFile = (p: string): boolean => files.has(p)
  const cases: [string, string, string | undefined][] = [
    ['h.json', 'h.json', undefined],
    ['h.json=store.xml', 'h.json', 'store.xml'],
    ['h.json=msldap://dc01/CN=Store,DC=contoso,DC=com', 'h.json', 'msldap://dc01/CN=Store,DC=contoso,DC=com'],
    ['lab=1/h.json', 'lab=1/h.json', undefined],
    ['lab=1/h.json=store.xml', 'lab=1/h.json', 'store.xml'],
    ['lab=1/h.json=msldap://dc01/CN=Store,DC=contoso,DC=com', 'lab=1/h.json', 'msldap://dc01/CN=Store,DC=contoso,DC=com'],
    ['x=y.json', 'x=y.json', undefined],
    ['missing.json=store.xml', 'missing.json', 'store.xml'],
  ]
  for (const [value, file, store] of cases) {
    const host = factsPair(value, isFile)
    t.same([host.label, host.store], [file, store], value)
  }
  t.equal(cases.length, 8)
  // Through the command, on real files: a folder named with = holds the facts.
  const dir = t.testdir({})
  const odd = join(dir, 'site=lab')
  mkdirSync(odd)
  const facts = writeFacts(odd, 'HV01')
  const store = sample('hyperv-2008r2-delegated.xml')
  const run = await runCli(['host', 'check', store, '--facts', `${facts}=${store}`, '--json', '--fail-on', 'none'])
  t.equal(run.code, 0, run.stderr)
  t.same((JSON.parse(run.stdout) as HostReport).hosts, ['HV01'])
  t.equal((await runCli(['host', 'check', store, '--facts', facts, '--json', '--fail-on', 'none'])).code, 0, 'and the path alone')
})
