import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { fingerprint, runCli, sample } from '../run-cli.js'

// CLI --json of plans and dry runs: edits in their public shape by default (no model internals such as `extras`),
// the model's edits with --detail full; a plan saved either way still applies (issue #13, item 4).

const APP = 'Hyper-V services'
const ALICE = 'S-1-5-21-1004336348-1177238915-682003330-1105'
const CHANGES = {
  changes: [
    { type: 'create-scope', app: APP, name: 'Web VMs' },
    { type: 'add-role-assignment-members', app: APP, roleAssignment: 'Administrator', members: [{ sid: ALICE }] },
  ],
}

interface PublicEdit {
  readonly type: string
  readonly kind: string
  readonly name?: string
  readonly application?: string
  readonly scope?: string
  readonly summary: string
}

function lab(t: Test): { dir: string; store: string; changes: string } {
  const dir = t.testdir()
  const store = join(dir, 'lab.xml')
  copyFileSync(sample('hyperv-2008r2.xml'), store)
  const changes = join(dir, 'changes.json')
  writeFileSync(changes, JSON.stringify(CHANGES))
  return { dir, store, changes }
}

t.test('plan --json: edits by kind, name and place, no extras; --detail full: the model edits; --out: the model edits', async (t) => {
  const { dir, store, changes } = lab(t)
  const plain = await runCli(['plan', store, changes, '--json'])
  t.equal(plain.code, 0, plain.stderr)
  t.notMatch(plain.stdout, /"extras"|"parent"|"object"/, 'no model internals')
  const edits = (JSON.parse(plain.stdout) as { edits: PublicEdit[] }).edits
  t.match(edits, [
    {
      type: 'add',
      kind: 'role-assignment',
      name: 'Administrator',
      application: APP,
      list: 'members',
      value: ALICE,
      summary: `add ${ALICE} to members of application "Hyper-V services" > role assignment "Administrator"`,
    },
    { type: 'create', kind: 'scope', name: 'Web VMs', application: APP, summary: 'create application "Hyper-V services" > scope "Web VMs"' },
  ])
  t.equal(edits.length, 2)
  const full = await runCli(['plan', store, changes, '--json', '--detail', 'full'])
  t.equal(full.code, 0, full.stderr)
  t.match(JSON.parse(full.stdout), {
    edits: [
      { type: 'add', parent: {} },
      { type: 'create', kind: 'scope', object: { name: 'Web VMs', extras: { attributes: [], elements: [] } } },
    ],
  })
  const out = join(dir, 'plan.json')
  t.equal((await runCli(['plan', store, changes, '--out', out])).code, 0)
  t.match(JSON.parse(readFileSync(out, 'utf8')), { edits: [{ parent: {} }, { object: { extras: {} } }] }, '--out saves the model edits, what apply needs')
  const bad = await runCli(['plan', store, changes, '--json', '--detail', 'everything'])
  t.equal(bad.code, 3, 'a --detail that is neither summary nor full is a usage error')
  t.match(bad.stderr, /--detail takes summary or full, not "everything"/)
})

t.test('a plan saved with --out, or from plan --json, applies; a saved public plan that no longer matches is refused', async (t) => {
  for (const how of ['out', 'json'] as const) {
    const { dir, store, changes } = lab(t)
    const saved = join(dir, 'plan.json')
    if (how === 'out') t.equal((await runCli(['plan', store, changes, '--out', saved])).code, 0)
    else writeFileSync(saved, (await runCli(['plan', store, changes, '--json'])).stdout)
    const applied = await runCli(['apply', store, saved])
    t.equal(applied.code, 0, `${how}: ${applied.stderr}`)
    t.match(readFileSync(store, 'utf8'), /Name="Web VMs"/, `${how}: the saved plan was applied`)
  }
  const { dir, store, changes } = lab(t)
  const saved = join(dir, 'plan.json')
  const plan = JSON.parse((await runCli(['plan', store, changes, '--json'])).stdout) as { edits: { name?: string }[] }
  writeFileSync(saved, JSON.stringify({ ...plan, edits: plan.edits.map((e, i) => (i === 1 ? { ...e, name: 'Other VMs' } : e)) }))
  const before = fingerprint(store)
  const refused = await runCli(['apply', store, saved])
  t.equal(refused.code, 5, 'edits that the replay does not give: a conflict')
  t.match(refused.stderr, /AZMAN_ERR_CONFLICT_PLAN_MISMATCH/)
  t.same(fingerprint(store), before, 'nothing written')
})

t.test('dry runs and rollbacks --json: public edits by default, the model edits with --detail full', async (t) => {
  const { store } = lab(t)
  const args = ['scope', 'create', store, '--app', APP, '--name', 'Web VMs', '--dry-run', '--json']
  const dry = await runCli(args)
  t.equal(dry.code, 0, dry.stderr)
  t.notMatch(dry.stdout, /"extras"/)
  t.match(JSON.parse(dry.stdout), { dryRun: true, plan: { edits: [{ kind: 'scope', name: 'Web VMs', application: APP }] } })
  t.match((await runCli([...args, '--detail', 'full'])).stdout, /"extras"/)
  t.equal((await runCli(['scope', 'create', store, '--app', APP, '--name', 'Web VMs'])).code, 0)
  const id = (JSON.parse((await runCli(['history', store, '--json'])).stdout) as { entries: { id: string }[] }).entries[0]?.id ?? ''
  const rollback = await runCli(['rollback', store, '--before', id, '--dry-run', '--json'])
  t.equal(rollback.code, 0, rollback.stderr)
  t.match(JSON.parse(rollback.stdout), {
    dryRun: true,
    edits: [{ type: 'delete', kind: 'scope', name: 'Web VMs', application: APP, summary: 'delete application "Hyper-V services" > scope "Web VMs"' }],
  })
  t.notMatch(rollback.stdout, /"parent"/)
  t.match(JSON.parse((await runCli(['rollback', store, '--before', id, '--dry-run', '--json', '--detail', 'full'])).stdout), { edits: [{ type: 'delete', parent: {} }] })
})
