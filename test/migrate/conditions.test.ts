/**
 * `--conditions`: a placeholder, marked for review and granting nothing, for each grant a BizRule or
 * an LDAP query decides (src/migrate/model/build-model.ts reviewsOf; each exporter writes its own).
 */
import t from 'tap'
import { readFileSync } from 'node:fs'
import { exportMigration } from '../../src/migrate/migrate.js'
import { compareWithEngine } from '../../src/migrate/verify/compare.js'
import { TARGETS, type MigrationFiles } from '../../src/migrate/targets.js'
import { parseXmlStore } from '../../src/xml/policy/parse-xml-store.js'
import { randomPolicy } from '../access/random-policy.js'
import { sample } from '../cli/run-cli.js'

const APP = 'Hyper-V services'

async function delegated() {
  const { policy } = parseXmlStore(readFileSync(sample('hyperv-2008r2-delegated.xml')))
  return { policy, ref: { reference: 'delegated', version: 'v1' } }
}

async function counts(policy: Parameters<typeof compareWithEngine>[0], ref: { reference: string; version: string }, app: string, target: 'cedar' | 'casbin', files: MigrationFiles) {
  const engine = await TARGETS[target].engine(files, app)
  if (engine === undefined) throw new Error('no engine')
  const c = compareWithEngine(policy, ref, app, engine)
  return { cases: c.cases, agreed: c.agreed, narrower: c.narrower, disagreements: c.disagreements }
}

t.test('Cedar: a policy marked @azman_review with when { false } and the rule as a comment; nothing more is granted; made live, --check sees it', async (t) => {
  const { policy, ref } = await delegated()
  const plain = exportMigration(policy, ref, 'cedar', APP)
  const reviewed = exportMigration(policy, ref, 'cedar', APP, { conditions: true })
  t.notMatch(plain.files['policies.cedar'], /REVIEW|azman_review/, 'nothing without --conditions')
  const text = reviewed.files['policies.cedar'] ?? ''
  t.match(text, '// REVIEW (azman migrate --conditions): role assignment Lab Administrators in scope Lab VMs, through group Hyper-V Lab Admins, whose LDAP query AzMan runs at each check:')
  t.match(text, '//   (&(objectCategory=person)(objectClass=user)(department=Lab))')
  t.match(text, /@azman_review\("Hyper-V Lab Admins"\)\npermit \(principal, action in \[Action::"op:Read Service Configuration", .*\], resource in Scope::"Lab VMs"\) when \{ false \};/)
  t.equal(reviewed.manifest.conditions, true)
  const before = await counts(policy, ref, APP, 'cedar', plain.files)
  t.same(await counts(policy, ref, APP, 'cedar', reviewed.files), before, 'the placeholders change no decision')
  t.equal(before.disagreements, 0)
  const live = await counts(policy, ref, APP, 'cedar', { ...reviewed.files, 'policies.cedar': text.replace('when { false };', 'when { true };') })
  t.ok(live.disagreements > 0, `${live.disagreements} disagreements once the placeholder can allow: azman says conditional there`)
  t.equal(live.cases, before.cases)
  t.ok(live.narrower < before.narrower, 'cases azman calls conditional, narrower before, are disagreements now')
})

t.test('Casbin: commented rows, which Casbin does not read; uncommented and made true, they are disagreements', async (t) => {
  const { policy, ref } = await delegated()
  const reviewed = exportMigration(policy, ref, 'casbin', APP, { conditions: true })
  const csv = reviewed.files['policy.csv'] ?? ''
  const rows = csv.split('\n').filter((l) => l.startsWith('# p, '))
  t.equal(rows.length, 34, 'one commented row per operation of the review')
  t.match(rows[0], /^# p, false, Lab VMs, op:Read Service Configuration, Lab Administrators$/)
  t.same(await counts(policy, ref, APP, 'casbin', reviewed.files), await counts(policy, ref, APP, 'casbin', exportMigration(policy, ref, 'casbin', APP).files))
  const live = csv.replace(/^# p, false, /gm, 'p, true, ')
  t.ok((await counts(policy, ref, APP, 'casbin', { ...reviewed.files, 'policy.csv': live })).disagreements > 0)
})

t.test('OpenFGA: a condition per review that every operation relation accepts, its tuples in review-tuples.json only', async (t) => {
  const { policy, ref } = await delegated()
  const plain = exportMigration(policy, ref, 'openfga', APP)
  t.equal(plain.files['review-tuples.json'], '[]\n', 'an empty review file without --conditions')
  t.notMatch(plain.files['model.fga'], /condition /)
  const reviewed = exportMigration(policy, ref, 'openfga', APP, { conditions: true })
  const dsl = reviewed.files['model.fga'] ?? ''
  t.match(dsl, /# REVIEW \(azman migrate --conditions\): role assignment Lab Administrators in scope Lab VMs.*\n#   \(&\(objectCategory=person\)/)
  t.match(dsl, 'condition azman_review_1(azman_reviewed: bool) {\n  azman_reviewed && false\n}')
  t.match(dsl, 'user:* with azman_review_1')
  const tuples = JSON.parse(reviewed.files['review-tuples.json'] ?? '[]') as { user: string; relation: string; object: string; condition?: { name: string } }[]
  t.equal(tuples.length, 34)
  t.ok(
    tuples.every((x) => x.condition?.name === 'azman_review_1' && x.user === 'user:*' && x.object === 'scope:s1'),
    'everyone, under the condition, in the scope',
  )
  t.notMatch(reviewed.files['tuples.json'], /azman_review/, 'the store file loads no placeholder')
  t.notMatch(reviewed.files['azman.fga.yaml'], /azman_review/)
})

t.test('random stores: BizRule tasks and rule groups linked by role assignments all get placeholders, which the engines parse and which change no decision', async (t) => {
  let tasks = 0
  let groups = 0
  let stores = 0
  for (let seed = 1; seed <= 30; seed++) {
    const { store } = randomPolicy(seed)
    const ref = { reference: `random-${seed}`, version: `seed:${seed}` }
    for (const target of ['cedar', 'casbin'] as const) {
      const reviewed = exportMigration(store, ref, target, 'App', { conditions: true })
      const plain = exportMigration(store, ref, target, 'App')
      const a = await counts(store, ref, 'App', target, reviewed.files)
      const b = await counts(store, ref, 'App', target, plain.files)
      if (JSON.stringify(a) !== JSON.stringify(b)) t.fail(`seed ${seed} ${target}: ${JSON.stringify(a)} with placeholders, ${JSON.stringify(b)} without`)
      if (target === 'cedar') {
        tasks += reviewed.model.reviews.filter((r) => r.narrowed.kind !== 'group' && r.operations.length > 0).length
        groups += reviewed.model.reviews.filter((r) => r.narrowed.kind === 'group' && r.operations.length > 0).length
        t.equal((reviewed.files['policies.cedar']?.match(/@azman_review/g) ?? []).length, reviewed.model.reviews.filter((r) => r.operations.length > 0).length)
      }
    }
    stores++
  }
  t.equal(stores, 30)
  t.ok(tasks > 0, `${tasks} placeholders for BizRule tasks`)
  t.ok(groups > 0, `${groups} placeholders for rule groups`)
})
