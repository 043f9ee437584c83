/**
 * Regression tests from two adversarial reviews of the comparison's symmetry reduction and slicing:
 * each store and edit made the comparison count 0 disagreements where the files, run as a deployment
 * runs them (test/migrate/support/truth.ts), disagree with the store. Each now counts what the
 * deployment's engine counts.
 */
import t from 'tap'
import { parseXmlStore } from '../../src/xml/policy/parse-xml-store.js'
import { exportMigration } from '../../src/migrate/migrate.js'
import { compareWithEngine } from '../../src/migrate/verify/compare.js'
import { TARGETS, type MigrationFiles } from '../../src/migrate/targets.js'
import type { PolicyStore } from '../../src/model/policy.js'
import { app, casbinTruth, cedarTruth, group, guid, op, ra, scope, store, task } from './support/truth.js'

const REF = { reference: 'r', version: 'v' }
const X = 'S-1-5-21-1-2-3-1001'
const Y = 'S-1-5-21-1-2-3-1002'

type Entity = { uid: { type: string; id: string }; attrs: Record<string, unknown>; parents: { type: string; id: string }[] }

/** The comparison's counts and the deployment's, on the same files. */
async function both(policy: PolicyStore, target: 'cedar' | 'casbin', files: MigrationFiles) {
  const engine = await TARGETS[target].engine(files, 'App')
  if (engine === undefined) throw new Error('no engine')
  const counts = (c: ReturnType<typeof compareWithEngine>) => ({ cases: c.cases, agreed: c.agreed, narrower: c.narrower, disagreements: c.disagreements })
  const ours = counts(compareWithEngine(policy, REF, 'App', engine))
  const truth = counts(compareWithEngine(policy, REF, 'App', target === 'cedar' ? cedarTruth(files) : await casbinTruth(files)))
  return { ours, truth }
}

function editEntities(files: MigrationFiles, edit: (e: Entity) => void, more: Entity[] = []): MigrationFiles {
  const entities = JSON.parse(files['entities.json'] ?? '[]') as Entity[]
  entities.forEach(edit)
  return { ...files, 'entities.json': JSON.stringify([...entities, ...more]) }
}

const oneOp = () => {
  const A = op('A', 1)
  return store(app({ operations: [A], scopes: [scope('Lab')], roleAssignments: [ra('R', [X], { operationLinks: [A.guid] })] }))
}

t.test('Cedar: a parent with no entity of its own still holds the resource (a policy tied to it applies)', async (t) => {
  const st = oneOp()
  const ex = exportMigration(st, REF, 'cedar', 'App')
  const files = editEntities(ex.files, (e) => {
    if (e.uid.type === 'Scope' && e.uid.id === 'Lab') e.parents.push({ type: 'Application', id: 'Ghost' })
  })
  const { ours, truth } = await both(st, 'cedar', { ...files, 'policies.cedar': `${ex.files['policies.cedar'] ?? ''}\npermit (principal, action, resource in Application::"Ghost");\n` })
  t.ok(truth.disagreements > 0)
  t.same(ours, truth)
})

t.test('Cedar: entities that carry more than ancestry (a Sid parent, attributes) are decided with every entity, nothing merged', async (t) => {
  const st = oneOp()
  const ex = exportMigration(st, REF, 'cedar', 'App')
  const sidParent = editEntities(ex.files, (e) => {
    if (e.uid.type === 'Scope' && e.uid.id === 'Lab') e.parents.push({ type: 'Sid', id: 'S-1-5-32-545' })
  })
  const a = await both(st, 'cedar', { ...sidParent, 'policies.cedar': `${ex.files['policies.cedar'] ?? ''}\npermit (principal, action, resource) when { resource in principal };\n` })
  t.ok(a.truth.disagreements > 0, 'resource in principal')
  t.same(a.ours, a.truth)

  const A = op('A', 1)
  const B = op('B', 2)
  const T = task('T', [A.guid, B.guid])
  const st2 = store(app({ operations: [A, B], tasks: [T], scopes: [scope('Lab')], roleAssignments: [ra('R', [X], { taskLinks: [T.guid] })] }))
  const ex2 = exportMigration(st2, REF, 'cedar', 'App')
  const attr = editEntities(ex2.files, (e) => {
    if (e.uid.type === 'Scope' && e.uid.id === 'Lab') e.attrs = { extra: [{ __entity: { type: 'Action', id: 'op:B' } }] }
  })
  const b = await both(st2, 'cedar', {
    ...attr,
    'schema.cedarschema': (ex2.files['schema.cedarschema'] ?? '').replace('entity Scope in [Application];', 'entity Scope in [Application] { extra?: Set<Action> };'),
    'policies.cedar': `${ex2.files['policies.cedar'] ?? ''}\npermit (principal, action, resource is Scope) when { resource has extra && resource.extra.contains(action) };\n`,
  })
  t.ok(b.truth.disagreements > 0, 'an action in an attribute')
  t.same(b.ours, b.truth)

  const deref = editEntities(
    ex.files,
    (e) => {
      if (e.uid.type === 'Scope' && e.uid.id === 'Lab') e.attrs = { cfg: { __entity: { type: 'VM', id: 'v1' } } }
    },
    [{ uid: { type: 'VM', id: 'v1' }, attrs: { open: true }, parents: [] }],
  )
  const c = await both(st, 'cedar', {
    ...deref,
    'schema.cedarschema': (ex.files['schema.cedarschema'] ?? '')
      .replace('entity Scope in [Application];', 'entity Scope in [Application] { cfg?: VM };')
      .replace('entity VM in [Scope, Application];', 'entity VM in [Scope, Application] { open?: Bool };'),
    'policies.cedar': `${ex.files['policies.cedar'] ?? ''}\npermit (principal, action, resource is Scope) when { resource has cfg && resource.cfg has open && resource.cfg.open };\n`,
  })
  t.ok(c.truth.disagreements > 0, 'a policy reading an entity that is not an ancestor')
  t.same(c.ours, c.truth)
})

t.test("azman's side tells role assignments, groups, tasks and operations apart by the object, not by its GUID", async (t) => {
  // Role assignments need no Guid (nothing links to them): two, hand-written without one.
  const xml = `<?xml version="1.0" encoding="utf-8"?>
<AzAdminManager MajorVersion="1" MinorVersion="0">
<AzApplication Guid="f94b9a07-f342-4ecd-a7a5-d124369c65b1" Name="App">
<AzOperation Guid="535d773b-f72d-4f11-8e56-bb5ef9a69456" Name="A"><OperationID>1</OperationID></AzOperation>
<AzRole Name="Operators"><OperationLink>535d773b-f72d-4f11-8e56-bb5ef9a69456</OperationLink><Member>${X}</Member></AzRole>
<AzRole Name="Readers"><Member>${Y}</Member></AzRole>
<AzScope Guid="0c1b7f5e-1111-4222-8333-444455556666" Name="Lab"/>
</AzApplication></AzAdminManager>`
  const { policy } = parseXmlStore(new TextEncoder().encode(xml), 'no-guid.xml')
  let checked = 0
  for (const target of ['cedar', 'casbin'] as const) {
    const ex = exportMigration(policy, REF, target, 'App')
    const files =
      target === 'cedar'
        ? { ...ex.files, 'policies.cedar': (ex.files['policies.cedar'] ?? '').replace(`principal in Sid::"${X}"`, `principal in [Sid::"${X}", Sid::"${Y}"]`) }
        : { ...ex.files, 'policy.csv': (ex.files['policy.csv'] ?? '').replace(`(^|,)${X}(,|$)`, `(^|,)(${X}|${Y})(,|$)`) }
    const { ours, truth } = await both(policy, target, files)
    t.ok(truth.disagreements > 0, `${target}: Operators widened to the Readers member`)
    t.same(ours, truth, `${target}: role assignments without a GUID`)
    checked++
  }

  const g = guid()
  const A = op('A', 1, g)
  const B = op('B', 2, g)
  const dupOps = store(app({ operations: [A, B], tasks: [task('T', [g])], scopes: [scope('Lab')], roleAssignments: [ra('R', [X], { taskLinks: [] })] }))
  const T = dupOps.applications[0]?.tasks[0]
  const withLink = store({ ...(dupOps.applications[0] ?? app({})), roleAssignments: [ra('R', [X], { taskLinks: [T?.guid ?? ''] })] })
  const exOps = exportMigration(withLink, REF, 'casbin', 'App')
  const ops = await both(withLink, 'casbin', { ...exOps.files, 'policy.csv': `${exOps.files['policy.csv'] ?? ''}g, op:B, task:T\n` })
  t.ok(ops.truth.disagreements > 0, 'two operations with one GUID, op:B put in task:T')
  t.same(ops.ours, ops.truth)
  checked++

  const gg = guid()
  const C = op('C', 1)
  const G1 = { ...group('G1', [X]), guid: gg }
  const G2 = { ...group('G2', [Y]), guid: gg }
  const dupGroups = store(app({ operations: [C], groups: [G1, G2], scopes: [scope('Lab')], roleAssignments: [ra('R', [], { operationLinks: [C.guid], appMemberLinks: [gg] })] }))
  const exG = exportMigration(dupGroups, REF, 'casbin', 'App')
  const groups = await both(dupGroups, 'casbin', { ...exG.files, 'policy.csv': (exG.files['policy.csv'] ?? '').replace(`(^|,)${X}(,|$)`, `(^|,)(${X}|${Y})(,|$)`) })
  t.ok(groups.truth.disagreements > 0, 'two groups with one GUID, the rule widened')
  t.same(groups.ours, groups.truth)
  checked++
  t.equal(checked, 4)
})

t.test('scopes whose names differ only in case: the place is the one AccessCheck finds', async (t) => {
  const A = op('A', 1)
  const st = store(app({ operations: [A], scopes: [scope('Lab', { roleAssignments: [ra('R', [X], { operationLinks: [A.guid] })] }), scope('lab')] }))
  for (const target of ['cedar', 'casbin'] as const) {
    const { ours, truth } = await both(st, target, exportMigration(st, REF, target, 'App').files)
    t.same(ours, truth, target)
  }
})

t.test('Casbin: a row that fails when evaluated, in any domain, fails the comparison as it fails the deployment', async (t) => {
  const st = oneOp()
  const ex = exportMigration(st, REF, 'casbin', 'App')
  const files = { ...ex.files, 'policy.csv': `${ex.files['policy.csv'] ?? ''}p, "regexMatch(r.sub, '(^|,)S-1-5-32-545(,|$)') && && true", Nowhere, op:A, broken\n` }
  const engine = await TARGETS.casbin.engine(files, 'App')
  if (engine === undefined) throw new Error('no engine')
  t.throws(() => compareWithEngine(st, REF, 'App', engine), { code: 'AZMAN_ERR_MIGRATE_EXPORT', message: /Casbin could not decide/ })
  const truth = await casbinTruth(files)
  t.throws(() => compareWithEngine(st, REF, 'App', truth), 'the deployment fails too')
})

t.test('Cedar: the application level is Application::"<app>" whatever other Application entities the file holds', async (t) => {
  const st = oneOp()
  const ex = exportMigration(st, REF, 'cedar', 'App')
  const files = editEntities(ex.files, () => undefined, [{ uid: { type: 'Application', id: 'Other' }, attrs: {}, parents: [{ type: 'Application', id: 'App' }] }])
  const { ours, truth } = await both(st, 'cedar', { ...files, 'policies.cedar': `${ex.files['policies.cedar'] ?? ''}\npermit (principal, action, resource == Application::"App");\n` })
  t.ok(truth.disagreements > 0)
  t.same(ours, truth)
})

t.test('Cedar: a scope no entity describes is still decided (Cedar needs no entity for a resource)', async (t) => {
  const A = op('A', 1)
  const st = store(app({ operations: [A], scopes: [scope('Lab'), scope('Hub')], roleAssignments: [ra('R', [X], { operationLinks: [A.guid] })] }))
  const ex = exportMigration(st, REF, 'cedar', 'App')
  const entities = (JSON.parse(ex.files['entities.json'] ?? '[]') as Entity[]).filter((e) => !(e.uid.type === 'Scope' && e.uid.id === 'Hub'))
  const { ours, truth } = await both(st, 'cedar', { ...ex.files, 'entities.json': JSON.stringify(entities) })
  t.ok(truth.disagreements > 0, 'Hub no longer under App: the application-level grant is lost there')
  t.same(ours, truth)
})

t.test("Casbin: a rule with white space Casbin's parser does not skip (\\v, \\f) is not read as azman's form", async (t) => {
  const st = oneOp()
  const ex = exportMigration(st, REF, 'casbin', 'App')
  for (const space of ['\v', '\f']) {
    const files = { ...ex.files, 'policy.csv': `${ex.files['policy.csv'] ?? ''}p, "true${space}&& regexMatch(r.sub, '(^|,)S-1-5-32-545(,|$)')", Nowhere, op:A, x\n` }
    const engine = await TARGETS.casbin.engine(files, 'App')
    if (engine === undefined) throw new Error('no engine')
    t.throws(() => compareWithEngine(st, REF, 'App', engine), { code: 'AZMAN_ERR_MIGRATE_EXPORT' }, JSON.stringify(space))
  }
})
