/**
 * `exportMigration` + the real engines on real stores: every store sample and the real AzMan stores
 * of the repository, to Cedar and Casbin, decide as azman does (narrower only where a BizRule or an
 * LDAP query decides); hostile names survive both engines; BizRule grants are never granted.
 */
import { readFileSync } from 'node:fs'
import t from 'tap'
import { exportMigration, verifyMigration } from '../../src/migrate/migrate.js'
import type { PolicyStore } from '../../src/model/policy.js'
import { parseXmlStore } from '../../src/xml/policy/parse-xml-store.js'
import { REPO_ROOT } from '../cli/run-cli.js'

const STORES: [string, string | undefined][] = [
  ['store-samples/hyperv-2008.xml', undefined],
  ['store-samples/hyperv-2008r2.xml', undefined],
  ['store-samples/hyperv-2008r2-delegated.xml', undefined],
  ['test/fixtures/real-stores/ms-azmp-example-v2.xml', undefined],
  ['test/fixtures/real-stores/windows-sdk-asp-AzStore.xml', undefined],
]

function load(path: string): { policy: PolicyStore; version: string } {
  return parseXmlStore(readFileSync(`${REPO_ROOT}${path}`))
}

t.test('every store sample and real store, to Cedar and Casbin: 0 disagreements', async (t) => {
  let checked = 0
  for (const [path, app] of STORES) {
    const { policy, version } = load(path)
    for (const application of app === undefined ? policy.applications.map((a) => a.name) : [app]) {
      for (const target of ['cedar', 'casbin'] as const) {
        const store = { reference: path, version }
        const exported = exportMigration(policy, store, target, application)
        const c = await verifyMigration(policy, store, target, application, exported.files)
        t.equal(c?.disagreements, 0, `${path} ${application} ${target}: ${JSON.stringify(c?.shown[0] ?? null).slice(0, 400)}`)
        t.equal((c?.agreed ?? 0) + (c?.narrower ?? 0), c?.cases, `${path} ${application} ${target}: every case agreed or narrower`)
        t.ok((c?.cases ?? 0) > 0, `${path} ${application} ${target}: ${c?.cases} cases`)
        checked++
      }
    }
  }
  t.ok(checked >= 10, `${checked} exports verified`)
})

/** The delegated sample with every name made hostile: quotes, backslashes, unicode, spaces, keywords. */
function hostile(policy: PolicyStore): PolicyStore {
  const copy = structuredClone(policy) as { -readonly [K in keyof PolicyStore]: PolicyStore[K] }
  let n = 0
  const rename = (o: { name: string }) => {
    n++
    o.name = `${o.name} "q\\${n}" ü✓ 𝄞 when in permit Action::"x", ; // */`
  }
  for (const app of copy.applications) {
    rename(app)
    for (const s of app.scopes) {
      rename(s)
      s.tasks.forEach(rename)
      s.roleAssignments.forEach(rename)
      s.groups.forEach(rename)
    }
    app.tasks.forEach(rename)
    app.roleAssignments.forEach(rename)
    app.groups.forEach(rename)
    app.operations.forEach(rename)
  }
  return copy
}

t.test('hostile names: both engines parse the export and decide as azman does', async (t) => {
  const { policy, version } = load('store-samples/hyperv-2008r2-delegated.xml')
  const renamed = hostile(policy)
  const store = { reference: 'hostile "x".xml', version }
  const app = renamed.applications[0]?.name ?? ''
  t.match(app, /"q\\/, 'the application name itself is hostile')
  for (const target of ['cedar', 'casbin'] as const) {
    const exported = exportMigration(renamed, store, target, app)
    const c = await verifyMigration(renamed, store, target, app, exported.files)
    t.equal(c?.disagreements, 0, target)
    t.equal(c?.cases, 1938, `${target}: every case compared`)
  }
  const cedar = exportMigration(renamed, store, 'cedar', app).files['policies.cedar'] ?? ''
  t.match(cedar, /\\"q\\\\/, 'names are Cedar string literals, escaped')
  t.notMatch(cedar, /[^\n\x20-\x7e]/, 'the Cedar files are ASCII')
})

t.test('a BizRule store: what depends on a rule is never granted by the export', async (t) => {
  const { policy, version } = load('store-samples/hyperv-2008r2-delegated.xml')
  const store = { reference: 'delegated', version }
  for (const target of ['cedar', 'casbin'] as const) {
    const exported = exportMigration(policy, store, target)
    t.match(exported.model.narrowed, [{ kind: 'task', name: 'Operate Virtual Machine In Hours', reason: 'bizrule', language: 'JScript' }])
    const c = await verifyMigration(policy, store, target, 'Hyper-V services', exported.files)
    t.ok((c?.narrower ?? 0) > 0, `${target}: ${c?.narrower} conditional cases, all denied by the export`)
    t.equal(c?.disagreements, 0, `${target}: no conditional case allowed`)
  }
})

t.test(
  'a role assignment of 250 members (a chain of 200 ORs overflowed the parser of Cedar): both engines read it (conditions are balanced, SIDs one set test) and decide as azman does',
  async (t) => {
    const { policy, version } = load('store-samples/hyperv-2008r2-delegated.xml')
    const members = Array.from({ length: 250 }, (_, i) => `S-1-5-21-7-8-9-${2000 + i}`)
    const copy = structuredClone(policy)
    const app = copy.applications[0]
    const ra = app?.roleAssignments[0]
    if (ra === undefined) throw new Error('the sample has a role assignment')
    ;(ra as { members: readonly string[] }).members = [...ra.members, ...members]
    const store = { reference: 'big', version }
    for (const target of ['cedar', 'casbin'] as const) {
      const exported = exportMigration(copy, store, target)
      const c = await verifyMigration(copy, store, target, 'Hyper-V services', exported.files)
      t.equal(c?.disagreements, 0, target)
      t.ok((c?.cases ?? 0) > 250 * 34, `${target}: ${c?.cases} cases, the 250 members among them`)
    }
  },
)

t.test('a scope named as the application: Cedar tells the Application and the Scope entity apart', async (t) => {
  const { policy, version } = load('store-samples/hyperv-2008r2-delegated.xml')
  const copy = structuredClone(policy)
  const scope = copy.applications[0]?.scopes[0]
  if (scope === undefined) throw new Error('the sample has a scope')
  ;(scope as { name: string }).name = 'Hyper-V services'
  const store = { reference: 'same-name', version }
  const exported = exportMigration(copy, store, 'cedar')
  const c = await verifyMigration(copy, store, 'cedar', 'Hyper-V services', exported.files)
  t.equal(c?.disagreements, 0)
  t.equal(c?.cases, 1938)
})
