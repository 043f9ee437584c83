/**
 * Planning is linear in the number of changes and in the store's size: the
 * largest allowed change set of each kind plans within a generous bound on a
 * store of some 15,000 objects. Before, each change copied and searched its
 * container, each member added rebuilt the member list, and each delete
 * scanned the application for links: 5,000 member adds took over 5 s, and a
 * 5,000-change set over a minute on this store.
 */
import t from 'tap'
import { MAX_CHANGES } from '../../src/change-set/limits.js'
import { planChanges } from '../../src/change-set/plan.js'
import type { Change } from '../../src/change-set/change.js'
import { BIG, bigStore, changesOf, MAKERS } from './big-store.js'
import { APP, snapshotOf, SAMPLE } from './change-set-helpers.js'

/** Objects added of each kind to the sample (about 6 x SIZE objects in all). */
const SIZE = 2500
/**
 * Generous bounds, for two cores shared with other work. The linear planner
 * takes 0.1 to 0.5 s for each kind on a quiet machine (docs/benchmarks.md),
 * up to 2 s on a loaded one; the quadratic one took 274 s for all kinds
 * together on the same loaded machine, and over five minutes for the mixed set.
 */
const KIND_BOUND_MS = 20_000
const ALL_KINDS_BOUND_MS = 60_000
const MIXED_BOUND_MS = 20_000

/** Kinds that change what the store has: as many changes as it has objects to change. */
const ON_EXISTING = new Set(['remove-role-assignment-members', 'remove-group-members', 'delete-task', 'delete-group', 'delete-scope', 'rename-scope', 'update-task'])

const store = bigStore(SIZE)

t.test('the largest change set of each kind plans in linear time on a large store', async (t) => {
  let checked = 0
  let total = 0
  for (const kind of Object.keys(MAKERS)) {
    const count = ON_EXISTING.has(kind) ? SIZE : MAX_CHANGES
    const changes = changesOf(kind, count)
    const started = performance.now()
    const { plan } = planChanges(store, { changes }, { store: 'big.xml', force: true })
    const elapsed = performance.now() - started
    total += elapsed
    t.ok(elapsed < KIND_BOUND_MS, `${count} ${kind}: ${Math.round(elapsed)} ms (bound ${KIND_BOUND_MS} ms)`)
    t.equal(plan.results.filter((r) => r.status === 'applied').length, count, `${kind}: every change applied`)
    checked++
  }
  t.equal(checked, Object.keys(MAKERS).length, 'every kind checked')
  t.equal(checked, 15)
  t.ok(total < ALL_KINDS_BOUND_MS, `all kinds: ${Math.round(total)} ms (bound ${ALL_KINDS_BOUND_MS} ms)`)
})

t.test('a mixed set of the largest size, each change depending on earlier ones, plans in linear time', async (t) => {
  // Each group holds the two before it: lattices whose naive membership walk doubles with each level,
  // 60 levels deep each (within the nesting limit, NESTING_LIMIT in model/limits.ts).
  const changes: Change[] = []
  for (let i = 0; changes.length + 4 <= MAX_CHANGES; i++) {
    changes.push({ type: 'create-group', app: APP, name: `Level ${i}`, groupType: 'Basic', members: i % 60 < 2 ? [] : [{ group: `Level ${i - 1}` }, { group: `Level ${i - 2}` }] })
    changes.push({ type: 'create-role-assignment', app: APP, name: `Assignment ${i}`, roleDefinitions: ['Administrator'] })
    changes.push({ type: 'add-role-assignment-members', app: APP, roleAssignment: `Assignment ${i}`, members: [{ group: `Level ${i}` }] })
    changes.push({ type: 'delete-group', app: APP, name: BIG.group(i % SIZE) })
  }
  t.equal(changes.length, MAX_CHANGES)
  const started = performance.now()
  const { plan } = planChanges(store, { changes }, { store: 'big.xml' })
  const elapsed = performance.now() - started
  t.ok(elapsed < MIXED_BOUND_MS, `${changes.length} mixed changes: ${Math.round(elapsed)} ms (bound ${MIXED_BOUND_MS} ms)`)
  t.equal(plan.results.length, MAX_CHANGES)
})

t.test('nested groups in a role assignment do not make the administrators check exponential', async (t) => {
  // 40 levels: the naive walk visits about 165 million groups (it took 56 s at 34 levels); this walks each once.
  const changes: Change[] = []
  for (let i = 0; i < 40; i++) {
    changes.push({ type: 'create-group', app: APP, name: `Level ${i}`, groupType: 'Basic', members: i < 2 ? [] : [{ group: `Level ${i - 1}` }, { group: `Level ${i - 2}` }] })
  }
  changes.push({ type: 'create-role-assignment', app: APP, name: 'Nested', roleDefinitions: ['Administrator'] })
  changes.push({ type: 'add-role-assignment-members', app: APP, roleAssignment: 'Nested', members: [{ group: 'Level 39' }] })
  const started = performance.now()
  const { plan } = planChanges(snapshotOf(SAMPLE.r2), { changes }, { store: 'sample.xml' })
  const elapsed = performance.now() - started
  t.ok(elapsed < 5000, `${Math.round(elapsed)} ms (bound 5000 ms)`)
  t.equal(plan.results.length, 42)
  t.equal(plan.warnings.length, 1, 'one warning: Administrator at application level is host-wide')
  t.match(
    plan.warnings[0],
    /^role assignment "Nested" of application "Hyper-V services" now grants 105 "Reconfigure Service", 200 "Create Virtual Switch", .* 350 "Modify Internal Ethernet Port" at application level/,
  )
})
