/**
 * The comparison asks each class of cases that azman and the export treat alike once
 * (src/migrate/verify/symmetry.ts), and decides each place with the policies that can apply there.
 * Property test: on seeded random stores, exported to Cedar and Casbin as written and doctored in
 * ways an edit could (a policy or row removed, grants added for one SID, as the principal itself,
 * with a non-member, a forbid, a SID swapped for another, a parent without an entity, a rule in a
 * form azman does not write, a `g` row), the comparison counts exactly what asking every case
 * counts, and what the files count when run as a deployment runs them (every policy and entity in
 * one Cedar call; one Casbin enforcer; test/migrate/support/truth.ts): cases, agreed, narrower and
 * disagreements.
 */
import t from 'tap'
import * as cedar from '@cedar-policy/cedar-wasm/nodejs'
import { exportMigration } from '../../src/migrate/migrate.js'
import { compareWithEngine, type Comparison } from '../../src/migrate/verify/compare.js'
import type { MigrationEngine } from '../../src/migrate/verify/engine.js'
import { TARGETS, type MigrationFiles } from '../../src/migrate/targets.js'
import { decisionTable } from '../../src/verify/decision-table.js'
import type { PolicyStore } from '../../src/model/policy.js'
import { prng } from '../support/prng.js'
import { randomPolicy, randomToken } from '../access/random-policy.js'
import { casbinTruth, cedarTruth } from './support/truth.js'

// About a minute alone; on two cores shared with the rest of the suite (and a browser) it took over the default
// 300 s per file once in CI: the whole file gets 900 s.
t.setTimeout(900_000)

const STORES = Number(process.env.AZMAN_SYMMETRY_STORES ?? 25)

type Doctor = (files: MigrationFiles, pick: <T>(items: readonly T[]) => T, sids: readonly string[], actions: readonly string[], scopes: readonly string[]) => MigrationFiles

function cedarPolicies(text: string): string[] {
  const parts = cedar.policySetTextToParts(text)
  if (parts.type === 'failure') throw new Error('the export does not parse')
  return parts.policies
}

function withPolicies(files: MigrationFiles, policies: readonly string[]): MigrationFiles {
  return { ...files, 'policies.cedar': `${policies.join('\n')}\n` }
}

const cedarScope = (scopes: readonly string[], pick: <T>(items: readonly T[]) => T): string => {
  const s = pick(['', ...scopes])
  return s === '' ? 'Application::"App"' : `Scope::${JSON.stringify(s)}`
}

/** Edits of a Cedar export, each a way the files could be changed after the export. */
const CEDAR_DOCTORS: Readonly<Record<string, Doctor>> = {
  'a policy removed': (files, pick) => {
    const policies = cedarPolicies(files['policies.cedar'] ?? '')
    if (policies.length === 0) return files
    const gone = pick(policies)
    return withPolicies(
      files,
      policies.filter((p) => p !== gone),
    )
  },
  'everything for one principal': (files, pick, sids) => withPolicies(files, [...cedarPolicies(files['policies.cedar'] ?? ''), `permit (principal == Sid::"${pick(sids)}", action, resource);`]),
  'a member with a non-member': (files, pick, sids, actions, scopes) =>
    withPolicies(files, [
      ...cedarPolicies(files['policies.cedar'] ?? ''),
      `permit (principal, action == Action::${JSON.stringify(pick(actions))}, resource in ${cedarScope(scopes, pick)}) when { principal in Sid::"${pick(sids)}" && !(principal in Sid::"${pick(sids)}") };`,
    ]),
  'a forbid': (files, pick, sids, actions, scopes) =>
    withPolicies(files, [
      ...cedarPolicies(files['policies.cedar'] ?? ''),
      `forbid (principal in Sid::"${pick(sids)}", action == Action::${JSON.stringify(pick(actions))}, resource == ${cedarScope(scopes, pick)});`,
    ]),
  'a SID swapped for another': (files, pick, sids) => {
    const policies = cedarPolicies(files['policies.cedar'] ?? '')
    const named = policies.filter((p) => p.includes('Sid::"'))
    if (named.length === 0) return files
    const target = pick(named)
    const found = /Sid::"([^"]+)"/.exec(target)?.[1] ?? ''
    return withPolicies(
      files,
      policies.map((p) => (p === target ? p.replace(`Sid::"${found}"`, `Sid::"${pick(sids)}"`) : p)),
    )
  },
  'a parent without an entity, and a grant under it': (files, pick, _sids, actions, scopes) => {
    const entities = JSON.parse(files['entities.json'] ?? '[]') as { uid: { type: string; id: string }; parents: { type: string; id: string }[] }[]
    const target = pick(scopes)
    for (const e of entities) if (e.uid.type === 'Scope' && e.uid.id === target) e.parents.push({ type: 'Application', id: 'Elsewhere' })
    return withPolicies({ ...files, 'entities.json': JSON.stringify(entities) }, [
      ...cedarPolicies(files['policies.cedar'] ?? ''),
      `permit (principal, action == Action::${JSON.stringify(pick(actions))}, resource in Application::"Elsewhere");`,
    ])
  },
  'an unless over two SIDs': (files, pick, sids) =>
    withPolicies(files, [
      ...cedarPolicies(files['policies.cedar'] ?? ''),
      `permit (principal, action, resource) unless { principal in [Sid::"${pick(sids)}", Sid::"${pick(sids)}"] || principal in Sid::"${pick(sids)}" };`,
    ]),
}

const csvRows = (files: MigrationFiles): string[] => (files['policy.csv'] ?? '').split('\n').filter((l) => l.trim() !== '')
const withRows = (files: MigrationFiles, rows: readonly string[]): MigrationFiles => ({ ...files, 'policy.csv': `${rows.join('\n')}\n` })
const atom = (sid: string) => `regexMatch(r.sub, '(^|,)${sid}(,|$)')`
const domain = (scopes: readonly string[], pick: <T>(items: readonly T[]) => T): string => {
  const s = pick(['*', ...scopes])
  return /[",\s]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** Edits of a Casbin export. */
const CASBIN_DOCTORS: Readonly<Record<string, Doctor>> = {
  'a row removed': (files, pick) => {
    const rows = csvRows(files)
    const p = rows.filter((r) => r.startsWith('p, '))
    if (p.length === 0) return files
    const gone = pick(p)
    return withRows(
      files,
      rows.filter((r) => r !== gone),
    )
  },
  'a member with a non-member': (files, pick, sids, actions, scopes) =>
    withRows(files, [...csvRows(files), `p, "${atom(pick(sids))} && !${atom(pick(sids))}", ${domain(scopes, pick)}, ${pick(actions)}, added`]),
  'a rule azman does not write': (files, pick, sids, actions, scopes) => withRows(files, [...csvRows(files), `p, "r.sub == '${pick(sids)}'", ${domain(scopes, pick)}, ${pick(actions)}, added`]),
  'a SID swapped for another': (files, pick, sids) => {
    const rows = csvRows(files)
    const named = rows.filter((r) => r.startsWith('p, ') && /S-1-[0-9-]+/.test(r))
    if (named.length === 0) return files
    const target = pick(named)
    const found = /S-1-[0-9]+(?:-[0-9]+)*/.exec(target)?.[0] ?? ''
    return withRows(
      files,
      rows.map((r) => (r === target ? r.replace(found, pick(sids)) : r)),
    )
  },
  'a g row': (files, pick, _sids, actions) => {
    const groups = csvRows(files)
      .filter((r) => r.startsWith('g, '))
      .map((r) => r.split(', ')[2] ?? '')
    return groups.length === 0 ? files : withRows(files, [...csvRows(files), `g, ${pick(actions)}, ${pick(groups)}`])
  },
}

/** The engine with no symmetry: every case asked. */
function everyCase(engine: MigrationEngine): MigrationEngine {
  return { name: engine.name, decide: (token, scope, action) => engine.decide(token, scope, action) }
}

function counts(c: Comparison) {
  return { cases: c.cases, agreed: c.agreed, narrower: c.narrower, disagreements: c.disagreements }
}

function storeFacts(store: PolicyStore) {
  const { table } = decisionTable(store, { reference: 'r', version: 'v' }, 'App', [], Number.POSITIVE_INFINITY)
  const app = store.applications.find((a) => a.name === 'App')
  return {
    sids: [...new Set(table.tokens.flat())],
    actions: (app?.operations ?? []).map((o) => `op:${o.name}`),
    scopes: (app?.scopes ?? []).map((s) => s.name),
  }
}

for (const target of ['cedar', 'casbin'] as const) {
  const doctors = target === 'cedar' ? CEDAR_DOCTORS : CASBIN_DOCTORS
  t.test(`${target}: the reduced comparison counts what every case counts, on ${STORES} random stores and their doctored exports`, async (t) => {
    let compared = 0
    let disagreeing = 0
    let saved = 0
    for (let seed = 1; seed <= STORES; seed++) {
      const { store } = randomPolicy(seed)
      const ref = { reference: `random-${seed}`, version: `seed:${seed}` }
      const exported = exportMigration(store, ref, target, 'App')
      const random = prng(seed * 7919)
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
      const { sids, actions, scopes } = storeFacts(store)
      if (sids.length === 0 || actions.length === 0) continue
      const extraTokens = Array.from({ length: 3 }, () => randomToken(random)).filter((tk) => tk.length > 0)
      const variants: [string, MigrationFiles][] = [
        ['as written', exported.files],
        ...Object.entries(doctors).map(([name, doctor]): [string, MigrationFiles] => [name, doctor(exported.files, pick, sids, actions, scopes)]),
      ]
      for (const [name, files] of variants) {
        const engine = await TARGETS[target].engine(files, 'App')
        if (engine === undefined) throw new Error('no engine')
        const reduced = compareWithEngine(store, ref, 'App', engine, { extraTokens })
        const full = compareWithEngine(store, ref, 'App', everyCase(engine), { extraTokens })
        const truth = compareWithEngine(store, ref, 'App', target === 'cedar' ? cedarTruth(files) : await casbinTruth(files), { extraTokens })
        compared++
        if (truth.disagreements > 0) disagreeing++
        saved += full.asked - reduced.asked
        if (JSON.stringify(counts(reduced)) !== JSON.stringify(counts(full))) t.fail(`seed ${seed}, ${name}: reduced ${JSON.stringify(counts(reduced))}, every case ${JSON.stringify(counts(full))}`)
        if (JSON.stringify(counts(reduced)) !== JSON.stringify(counts(truth))) t.fail(`seed ${seed}, ${name}: reduced ${JSON.stringify(counts(reduced))}, deployment ${JSON.stringify(counts(truth))}`)
      }
    }
    t.equal(compared, STORES * (Object.keys(doctors).length + 1), 'every store and every doctored export compared three ways')
    t.ok(disagreeing >= STORES, `${disagreeing} doctored exports disagree with the store: the edits do matter`)
    t.ok(saved > 0, `${saved} decisions saved by the reduction`)
  })
}

t.test('casbin: an edited model is asked as a whole, case by case, and still compared right', async (t) => {
  const { store } = randomPolicy(5)
  const ref = { reference: 'random-5', version: 'seed:5' }
  const exported = exportMigration(store, ref, 'casbin', 'App')
  const model = (exported.files['model.conf'] ?? '').replace(
    'm = (p.dom == "*" || p.dom == r.dom) && (r.act == p.act || g(r.act, p.act)) && eval(p.rule)',
    'm = eval(p.rule) && (p.dom == "*" || p.dom == r.dom) && (r.act == p.act || g(r.act, p.act))',
  )
  t.not(model, exported.files['model.conf'], 'the matcher was edited')
  const engine = await TARGETS.casbin.engine({ ...exported.files, 'model.conf': model }, 'App')
  if (engine === undefined) throw new Error('no engine')
  t.equal(engine.symmetry?.(null), undefined, 'no symmetry is read from a model azman did not write')
  const c = compareWithEngine(store, ref, 'App', engine)
  t.equal(c.asked, c.cases, 'every case asked')
  t.equal(c.disagreements, 0)
})

t.test('cedar: a Sid in entities.json is refused, named (the token gives a principal its groups)', async (t) => {
  const { store } = randomPolicy(5)
  const exported = exportMigration(store, { reference: 'r', version: 'v' }, 'cedar', 'App')
  const entities = JSON.parse(exported.files['entities.json'] ?? '[]') as unknown[]
  const sid = { uid: { type: 'Sid', id: 'S-1-5-21-1-2-3-1001' }, attrs: {}, parents: [{ type: 'Sid', id: 'S-1-5-32-544' }] }
  await t.rejects(async () => TARGETS.cedar.engine({ ...exported.files, 'entities.json': JSON.stringify([...entities, sid]) }, 'App'), {
    code: 'AZMAN_ERR_MIGRATE_EXPORT',
    message: /entities\.json: holds Sid "S-1-5-21-1-2-3-1001"/,
  })
})

t.test('cedar: a resource is decided with all its ancestors, however deep (a scope under folders under the application)', async (t) => {
  const X = 'S-1-5-21-1-2-3-1001'
  const engine = await TARGETS.cedar.engine(
    {
      'schema.cedarschema':
        'entity Sid in [Sid];\nentity Application;\nentity Folder in [Folder, Application];\nentity Scope in [Folder, Application];\naction "op:Start" appliesTo { principal: [Sid], resource: [Application, Folder, Scope] };\n',
      'policies.cedar': `permit (principal, action, resource in Application::"App") when { principal in Sid::"${X}" };\n`,
      'entities.json': JSON.stringify([
        { uid: { type: 'Application', id: 'App' }, attrs: {}, parents: [] },
        { uid: { type: 'Folder', id: 'F2' }, attrs: {}, parents: [{ type: 'Application', id: 'App' }] },
        { uid: { type: 'Folder', id: 'F1' }, attrs: {}, parents: [{ type: 'Folder', id: 'F2' }] },
        { uid: { type: 'Scope', id: 'Lab' }, attrs: {}, parents: [{ type: 'Folder', id: 'F1' }] },
        { uid: { type: 'Action', id: 'op:Start' }, attrs: {}, parents: [] },
      ]),
    },
    'App',
  )
  if (engine === undefined) throw new Error('no engine')
  t.equal(engine.decide([X], 'Lab', 'op:Start'), true, 'Lab is under App through F1 and F2')
  t.equal(engine.decide(['S-1-5-21-1-2-3-1002'], 'Lab', 'op:Start'), false)
})
