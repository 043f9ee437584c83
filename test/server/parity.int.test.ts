/**
 * Parity: for each capability, the CLI (`--json`) and the REST service give
 * the same result on the same store. Reads run on one store; each write runs
 * once through the CLI on one copy and once through the API on another copy
 * of the same bytes, and both the answers and the stores they leave must be
 * the same (new objects get random GUIDs, so GUIDs, and the versions that
 * depend on them, are replaced by placeholders before comparing).
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ReportMeta } from '../../src/report/report-meta.js'
import t, { type Test } from 'tap'
import { parse } from 'yaml'
import { runCli } from '../cli/run-cli.js'
import { APP, APP_PATH, json, sample, testServer, USER, type TestServer } from './support.js'

const SAMPLE = 'hyperv-2008r2-delegated.xml'
const OPERATOR = 'S-1-5-21-1004336348-1177238915-682003330-1105'
const enc = encodeURIComponent

/**
 * GUIDs and versions replaced by their order of appearance, so two runs that
 * drew different GUIDs compare equal; and empty lists dropped: the CLI writes
 * the lists of its repeatable flags into a change even when none was given
 * (`"tasks": []`), which means the same as the absent field the API sends.
 */
function normalized(value: unknown): unknown {
  const text = JSON.stringify(value)
  const seen = new Map<string, string>()
  const replaced = text.replace(/sha256:[0-9a-f]{64}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (m) => {
    const key = m.toLowerCase()
    let name = seen.get(key)
    if (name === undefined) {
      name = `<${key.startsWith('sha256:') ? 'version' : 'guid'}-${seen.size}>`
      seen.set(key, name)
    }
    return name
  })
  return JSON.parse(replaced, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).filter(([, x]) => !(Array.isArray(x) && x.length === 0))) : v,
  )
}

async function cli(t: Test, args: string[]): Promise<unknown> {
  const run = await runCli([...args, '--json'])
  t.ok(run.code === 0 || run.code === 1, `azman ${args[0]} ran (${run.code})${run.stderr ? `: ${run.stderr}` : ''}`)
  return JSON.parse(run.stdout)
}

/** A request to the test server, its URL a string (as every request here gives it). */
type ApiRequest = Parameters<TestServer['request']>[0] & { readonly url: string }

async function api(t: Test, s: TestServer, request: ApiRequest): Promise<unknown> {
  const r = await s.request(request)
  t.equal(r.statusCode, 200, `${request.method} ${request.url} ${r.statusCode === 200 ? '' : r.body.slice(0, 300)}`)
  return json(r)
}

/**
 * A write's answer without what differs by nature between two stores: the expiry file's path (the
 * CLI prints it; the service keeps its files to itself) and the journal ids its entries name.
 */
function comparable(value: unknown): unknown {
  const outcome = value as { expiry?: { file?: string; entries: { addedBy?: string }[] } }
  if (outcome.expiry === undefined) return value
  const { file: _file, ...expiry } = outcome.expiry
  return { ...outcome, expiry: { ...expiry, entries: expiry.entries.map(({ addedBy, ...e }) => ({ ...e, journaled: addedBy !== undefined })) } }
}

function without<T extends Record<string, unknown>>(value: unknown, ...keys: string[]): T {
  const copy = { ...(value as T) }
  for (const k of keys) delete copy[k]
  return copy
}

t.test('reads: the same answers from the CLI and the API', async (t) => {
  const s = await testServer(t, { stores: { lab: SAMPLE, plain: 'hyperv-2008r2.xml' } })
  const file = s.paths.lab ?? ''
  const other = s.paths.plain ?? ''
  const read = (url: string, as: 'reader' | 'auditor' = 'reader') => api(t, s, { method: 'GET', url, as })
  t.same(without(await read('/stores/lab'), 'store'), without(await cli(t, ['show', file]), 'store'), 'show')
  t.same(await read('/stores/lab/export'), await cli(t, ['export', file]), 'export')
  t.same(without(await read('/stores/lab/validation'), 'store'), without(await cli(t, ['validate', file]), 'store'), 'validate')
  t.same(await read('/templates'), await cli(t, ['templates']), 'templates')
  t.same(await read('/stores/lab/history'), await cli(t, ['history', file]), 'history')
  for (const scope of [undefined, 'Lab VMs']) {
    const where = scope === undefined ? `/stores/lab/applications/${APP_PATH}` : `/stores/lab/applications/${APP_PATH}/scopes/${enc(scope)}`
    const scoped = scope === undefined ? [] : ['--scope', scope]
    t.same(
      await read(`${where}/access?sid=${OPERATOR}&sid=Everyone&operation=315&operation=100&operation=335`),
      await cli(t, ['check', file, '--app', APP, ...scoped, '--sid', OPERATOR, '--sid', 'Everyone', '--operation', '315', '--operation', '100', '--operation', '335']),
      `check ${scope ?? 'application level'}`,
    )
    t.same(await read(`${where}/who-can?operation=315`), await cli(t, ['who-can', file, '--app', APP, ...scoped, '--operation', '315']), `who-can ${scope ?? 'application level'}`)
  }
  t.same(await read(`/stores/lab/applications/${APP_PATH}/what-can?sid=${OPERATOR}`), await cli(t, ['what-can', file, '--app', APP, '--sid', OPERATOR]), 'what-can')
  const apiMatrix = await read(`/stores/lab/applications/${APP_PATH}/matrix`)
  const cliMatrix = await cli(t, ['matrix', file, '--app', APP])
  t.same(without(apiMatrix, 'report'), without(cliMatrix, 'report'), 'matrix')
  const versions = (v: unknown) => (v as { report: ReportMeta }).report.stores.map((x) => x.version)
  t.same(versions(apiMatrix), versions(cliMatrix), 'matrix: the same store version in the evidence header')
  const apiDiff = await read('/stores/plain/diff/lab', 'auditor')
  const cliDiff = await cli(t, ['diff', other, file])
  t.same(without(apiDiff, 'storeA', 'storeB', 'report'), without(cliDiff, 'storeA', 'storeB', 'report'), 'diff')
  t.same(versions(apiDiff), versions(cliDiff), 'diff: the same store versions in the evidence header')
  const audited = await api(t, s, { method: 'POST', url: '/stores/lab/audit', payload: { templates: ['hyperv-vm-operator', 'hyperv-it-monitor'] }, as: 'auditor' })
  const cliAudited = await cli(t, ['audit', file, '--template', 'hyperv-vm-operator', '--template', 'hyperv-it-monitor'])
  t.same(without(audited, 'store', 'report'), without(cliAudited, 'store', 'report'), 'audit')
  const testsFile = sample('hyperv-2008r2-delegated.tests.yaml')
  const apiTests = await api(t, s, { method: 'POST', url: '/stores/lab/tests', payload: parse(readFileSync(testsFile, 'utf8')) as Record<string, unknown>, as: 'auditor' })
  const cliTests = (await cli(t, ['test', file, testsFile])) as { runs: unknown[] }
  t.same(without(apiTests, 'file', 'store'), without(cliTests.runs[0], 'file', 'store'), 'test')
  const evidence = (v: unknown) => ({ ...(v as { report: ReportMeta }).report, madeAt: '', stores: (v as { report: ReportMeta }).report.stores.map((x) => x.version) })
  t.same(evidence(audited), evidence(cliAudited), 'audit: the same store version, template hashes and azman version')
  const md = await s.request({ method: 'POST', url: '/stores/lab/audit?format=md', payload: { templates: ['hyperv-vm-operator'] }, as: 'auditor' })
  const cliMd = await runCli(['audit', file, '--template', 'hyperv-vm-operator', '--format', 'md'])
  const timeless = (text: string) => text.replace(/made \d{4}-\d\d-\d\dT[\d:.]+Z/, 'made <time>')
  t.equal(timeless(md.body.replaceAll('lab', '<store>')), timeless(cliMd.stdout.replaceAll(file, '<store>')), 'audit as Markdown')
})

interface WriteCase {
  readonly name: string
  readonly cli: (file: string) => string[]
  readonly api: ApiRequest
}

const A = `/stores/lab/applications/${APP_PATH}`
const LAB = `${A}/scopes/${enc('Lab VMs')}`
const WRITES: readonly WriteCase[] = [
  {
    name: 'role-definition create',
    cli: (f) => ['role-definition', 'create', f, '--app', APP, '--name', 'VM Operator', '--operation', '315', '--operation', 'Stop Virtual Machine'],
    api: { method: 'POST', url: `${A}/role-definitions`, payload: { name: 'VM Operator', operations: [315, 'Stop Virtual Machine'] } },
  },
  {
    name: 'task create in a scope',
    cli: (f) => ['task', 'create', f, '--app', APP, '--scope', 'Lab VMs', '--name', 'Power', '--operation', '315'],
    api: { method: 'POST', url: `${LAB}/tasks`, payload: { name: 'Power', operations: [315] } },
  },
  {
    name: 'task add-operation',
    cli: (f) => ['task', 'add-operation', f, '--app', APP, '--name', 'Operate Virtual Machine Power', '--operation', '335'],
    api: { method: 'PATCH', url: `${A}/tasks/${enc('Operate Virtual Machine Power')}`, payload: { addOperations: [335] } },
  },
  {
    name: 'role-definition add-task',
    cli: (f) => ['role-definition', 'add-task', f, '--app', APP, '--name', 'IT Monitor', '--task', 'Use Virtual Machine Console'],
    api: { method: 'PATCH', url: `${A}/role-definitions/${enc('IT Monitor')}`, payload: { addTasks: ['Use Virtual Machine Console'] } },
  },
  {
    name: 'role-assignment create',
    cli: (f) => ['role-assignment', 'create', f, '--app', APP, '--scope', 'Lab VMs', '--name', 'Lab operators', '--role-definition', 'VM Operator (Lab VMs)'],
    api: { method: 'POST', url: `${LAB}/role-assignments`, payload: { name: 'Lab operators', roleDefinitions: ['VM Operator (Lab VMs)'] } },
  },
  {
    name: 'role-assignment add-member',
    cli: (f) => ['role-assignment', 'add-member', f, '--app', APP, '--scope', 'Lab VMs', '--name', 'Lab Administrators', '--sid', USER, '--account', 'BUILTIN\\Hyper-V Administrators'],
    api: { method: 'POST', url: `${LAB}/role-assignments/${enc('Lab Administrators')}/members`, payload: { members: [{ sid: USER }, { account: 'BUILTIN\\Hyper-V Administrators' }] } },
  },
  {
    name: 'role-assignment remove-member',
    cli: (f) => ['role-assignment', 'remove-member', f, '--app', APP, '--name', 'Hyper-V Manager Connect', '--group', 'VM Operators'],
    api: { method: 'DELETE', url: `${A}/role-assignments/${enc('Hyper-V Manager Connect')}/members`, payload: { members: [{ group: 'VM Operators' }] } },
  },
  {
    name: 'role-assignment add-task',
    cli: (f) => ['role-assignment', 'add-task', f, '--app', APP, '--name', 'Auditors', '--task', 'Use Virtual Machine Console'],
    api: { method: 'POST', url: `${A}/role-assignments/Auditors/tasks`, payload: { tasks: ['Use Virtual Machine Console'] } },
  },
  {
    name: 'role-assignment rename',
    cli: (f) => ['role-assignment', 'rename', f, '--app', APP, '--name', 'Auditors', '--new-name', 'Monitors'],
    api: { method: 'PATCH', url: `${A}/role-assignments/Auditors`, payload: { newName: 'Monitors' } },
  },
  {
    name: 'scope create',
    cli: (f) => ['scope', 'create', f, '--app', APP, '--name', 'Web VMs', '--description', 'web'],
    api: { method: 'POST', url: `${A}/scopes`, payload: { name: 'Web VMs', description: 'web' } },
  },
  { name: 'scope delete', cli: (f) => ['scope', 'delete', f, '--app', APP, '--name', 'Production VMs'], api: { method: 'DELETE', url: `${A}/scopes/${enc('Production VMs')}` } },
  {
    name: 'group create (store level)',
    cli: (f) => ['group', 'create', f, '--name', 'Lab admins', '--ldap-query', '(department=Lab)'],
    api: { method: 'POST', url: '/stores/lab/groups', payload: { name: 'Lab admins', ldapQuery: '(department=Lab)' } },
  },
  {
    name: 'group add-non-member',
    cli: (f) => ['group', 'add-non-member', f, '--app', APP, '--name', 'VM Operators', '--sid', USER],
    api: { method: 'POST', url: `${A}/groups/${enc('VM Operators')}/members`, payload: { nonMembers: [{ sid: USER }] } },
  },
  {
    name: 'delegate from a template',
    cli: (f) => ['delegate', f, '--app', APP, '--scope', 'Web VMs', '--template', 'hyperv-vm-operator', '--sid', USER],
    api: { method: 'POST', url: `${A}/scopes/${enc('Web VMs')}/delegations`, payload: { template: 'hyperv-vm-operator', members: [{ sid: USER }] } },
  },
  {
    name: 'delegate --until (expiresAt)',
    cli: (f) => ['delegate', f, '--app', APP, '--scope', 'Web VMs', '--template', 'hyperv-vm-operator', '--sid', USER, '--until', '2099-01-31T18:00:00Z'],
    api: { method: 'POST', url: `${A}/scopes/${enc('Web VMs')}/delegations`, payload: { template: 'hyperv-vm-operator', members: [{ sid: USER }], expiresAt: '2099-01-31T18:00:00Z' } },
  },
  {
    name: 'role-assignment add-member --until (expiresAt)',
    cli: (f) => ['role-assignment', 'add-member', f, '--app', APP, '--scope', 'Lab VMs', '--name', 'Lab Administrators', '--sid', USER, '--until', '2099-01-31T19:00+01:00'],
    api: { method: 'POST', url: `${LAB}/role-assignments/${enc('Lab Administrators')}/members`, payload: { members: [{ sid: USER }], expiresAt: '2099-01-31T19:00+01:00' } },
  },
  {
    name: 'undelegate',
    cli: (f) => ['undelegate', f, '--app', APP, '--scope', 'Lab VMs', '--group', 'VM Operators'],
    api: { method: 'DELETE', url: `${LAB}/delegations`, payload: { members: [{ group: 'VM Operators' }] } },
  },
  { name: 'dry run', cli: (f) => ['scope', 'create', f, '--app', APP, '--name', 'Dry', '--dry-run'], api: { method: 'POST', url: `${A}/scopes?dryRun=true`, payload: { name: 'Dry' } } },
]

const CHANGES = {
  changes: [
    { type: 'create-scope', app: APP, name: 'Planned' },
    { type: 'add-role-assignment-members', app: APP, roleAssignment: 'Auditors', members: [{ sid: USER }] },
  ],
}

t.test('writes: the same outcome and the same store from the CLI and the API', async (t) => {
  const s = await testServer(t, { stores: { lab: SAMPLE } })
  const dir = s.dir
  writeFileSync(join(dir, 'changes.json'), JSON.stringify(CHANGES))
  for (const w of WRITES) {
    await t.test(w.name, async (t) => {
      const viaCli = join(dir, 'cli.xml')
      copyFileSync(sample(SAMPLE), viaCli)
      copyFileSync(sample(SAMPLE), s.paths.lab ?? '')
      const fromCli = comparable(await cli(t, [...w.cli(viaCli), '--actor', 'olga-operator', '--reason', 'parity']))
      const fromApi = comparable(await api(t, s, { ...w.api, headers: { 'azman-reason': 'parity' } }))
      t.same(normalized(without(fromApi, 'plan')), normalized(without(fromCli, 'plan')), 'the same outcome')
      t.same(normalized(without((fromApi as { plan: object }).plan, 'store')), normalized(without((fromCli as { plan: object }).plan, 'store')), 'the same plan')
      t.same(normalized(await cli(t, ['export', s.paths.lab ?? ''])), normalized(await cli(t, ['export', viaCli])), 'the same store')
    })
  }
  await t.test('plan, apply and rollback', async (t) => {
    const viaCli = join(dir, 'cli.xml')
    copyFileSync(sample(SAMPLE), viaCli)
    copyFileSync(sample(SAMPLE), s.paths.lab ?? '')
    const changes = join(dir, 'changes.json')
    t.same(normalized(without(await api(t, s, { method: 'POST', url: '/stores/lab/plan', payload: CHANGES }), 'store')), normalized(without(await cli(t, ['plan', viaCli, changes]), 'store')), 'plan')
    const applied = [await cli(t, ['apply', viaCli, changes, '--actor', 'olga-operator']), await api(t, s, { method: 'POST', url: '/stores/lab/changes', payload: CHANGES })]
    t.same(normalized(without(applied[1], 'plan')), normalized(without(applied[0], 'plan')), 'apply')
    const cliHistory = (await cli(t, ['history', viaCli])) as { entries: { id: string; time: string }[] }
    const apiHistory = (await api(t, s, { method: 'GET', url: '/stores/lab/history' })) as { entries: { id: string; time: string }[] }
    t.same(normalized(apiHistory.entries.map((e) => without(e, 'id', 'time'))), normalized(cliHistory.entries.map((e) => without(e, 'id', 'time'))), 'history, but for ids and times')
    const rolledCli = await cli(t, ['rollback', viaCli, '--before', cliHistory.entries[0]?.id ?? '', '--actor', 'olga-operator'])
    const rolledApi = await api(t, s, { method: 'POST', url: '/stores/lab/rollback', payload: { before: apiHistory.entries[0]?.id ?? '' } })
    t.same(normalized(without(rolledApi, 'rolledBackBefore')), normalized(without(rolledCli, 'rolledBackBefore')), 'rollback --before')
    t.ok(readFileSync(s.paths.lab ?? '').equals(readFileSync(sample(SAMPLE))), 'the API rollback restored the sample, byte for byte')
    t.ok(readFileSync(viaCli).equals(readFileSync(sample(SAMPLE))), 'so did the CLI one')
    // Reverting the rollback (nothing after it) brings back what the change set did, the same way on both.
    const lastCli = ((await cli(t, ['history', viaCli])) as { entries: { id: string }[] }).entries.at(-1)?.id ?? ''
    const lastApi = ((await api(t, s, { method: 'GET', url: '/stores/lab/history' })) as { entries: { id: string }[] }).entries.at(-1)?.id ?? ''
    const revertedCli = await cli(t, ['revert', viaCli, lastCli, '--actor', 'olga-operator'])
    const revertedApi = await api(t, s, { method: 'POST', url: `/stores/lab/history/${encodeURIComponent(lastApi)}/revert` })
    t.same(normalized(without(revertedApi, 'plan')), normalized(without(revertedCli, 'plan')), 'revert')
    t.same(normalized(without((revertedApi as { plan: object }).plan, 'store')), normalized(without((revertedCli as { plan: object }).plan, 'store')), 'the same revert plan')
  })
})
