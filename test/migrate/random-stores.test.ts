/**
 * Property test: on seeded random stores (nested tasks and role definitions with cycles, BizRule
 * tasks, scope-level definitions, Basic, LDAP-query and BizRule groups with members, non-members,
 * nested groups and group loops, application-level grants seen from scopes; test/access/random-policy.ts),
 * the real Cedar engine and Casbin decide every case of the decision table, plus random tokens of
 * several SIDs, as azman does, or deny where azman says conditional (narrower by design).
 */
import t from 'tap'
import { exportMigration, verifyMigration } from '../../src/migrate/migrate.js'
import { compareWithEngine } from '../../src/migrate/verify/compare.js'
import { TARGETS } from '../../src/migrate/targets.js'
import { prng } from '../support/prng.js'
import { randomPolicy, randomToken } from '../access/random-policy.js'

const STORES = Number(process.env.AZMAN_MIGRATE_STORES ?? 200)
const TOKENS = 4

for (const target of ['cedar', 'casbin'] as const) {
  t.test(`${target} agrees with azman on ${STORES} random stores`, async (t) => {
    let cases = 0
    let narrower = 0
    let disagreements = 0
    let stores = 0
    for (let seed = 1; seed <= STORES; seed++) {
      const { store } = randomPolicy(seed)
      const ref = { reference: `random-${seed}`, version: `seed:${seed}` }
      const exported = exportMigration(store, ref, target, 'App')
      const engine = await TARGETS[target].engine(exported.files, 'App')
      if (engine === undefined) throw new Error('no engine')
      const random = prng(seed * 104729)
      const extra = Array.from({ length: TOKENS }, () => randomToken(random)).filter((tk) => tk.length > 0)
      const c = compareWithEngine(store, ref, 'App', engine, { extraTokens: extra })
      stores++
      cases += c.cases
      narrower += c.narrower
      disagreements += c.disagreements
      for (const d of c.shown.slice(0, 2)) t.fail(`seed ${seed}: token ${d.sids.join(' ')}, ${d.scope ?? '(app)'}, op ${d.operation}: ${target} ${d.engine}, azman ${d.azman}`)
    }
    t.equal(stores, STORES, 'every store exported and compared')
    t.equal(disagreements, 0)
    t.ok(cases > STORES * 50, `${cases} cases compared`)
    t.ok(narrower > 0, `${narrower} narrower by design: the stores do hold BizRules and LDAP queries`)
  })
}

t.test('verifyMigration runs the engine of the files given', async (t) => {
  const { store } = randomPolicy(7)
  const ref = { reference: 'random-7', version: 'seed:7' }
  const exported = exportMigration(store, ref, 'cedar', 'App')
  const c = await verifyMigration(store, ref, 'cedar', 'App', exported.files)
  t.equal(c?.engine, 'cedar')
  t.equal(c?.disagreements, 0)
})

t.test('migrateInMemory (the REST route): a table over the request limit is refused before any engine runs', async (t) => {
  const { migrateInMemory } = await import('../../src/migrate/migrate.js')
  const { store } = randomPolicy(3)
  const ref = { reference: 'random-3', version: 'seed:3' }
  await t.rejects(migrateInMemory(store, ref, { to: 'cedar', app: 'App' }, 10), { code: 'AZMAN_ERR_USAGE', message: /more than 10: name a smaller application/ })
  const made = await migrateInMemory(store, ref, { to: 'casbin', app: 'App', verify: false }, 10)
  t.equal(made.report.engine, null, 'without the comparison there is no limit to meet')
})
