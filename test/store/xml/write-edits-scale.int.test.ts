/**
 * Writing many values into one element is linear: 20,000 members added to,
 * and 20,000 removed from, a group that holds 20,000 are written within a
 * generous bound, and the bytes read back give exactly the planned store.
 * Before, each added value scanned (and re-read the text of) every sibling to
 * find its place: 5,000 additions to a group of 5,000 took 2.6 s, and these
 * 20,000 about 40 s.
 */
import t from 'tap'
import type { Change } from '../../../src/change-set/change.js'
import { planChanges } from '../../../src/change-set/plan.js'
import { diffPolicies } from '../../../src/model/edit/diff-policies.js'
import { parseXmlStore } from '../../../src/xml/policy/parse-xml-store.js'
import { renderStore } from '../../../src/xml/policy/render-store.js'
import { writeEdits } from '../../../src/store/xml/write-edits.js'
import { BIG, bigSid, bigStore } from '../../change-set/big-store.js'
import { APP } from '../../change-set/change-set-helpers.js'

/** Members the group holds, and members added (and removed) in 4 changes. */
const SIZE = 20_000
const PER_CHANGE = SIZE / 4
/** Generous: the linear writer takes about 1.5 s for the additions on a quiet machine. */
const BOUND_MS = 10_000

const grown = bigStore(SIZE)
const parsed = parseXmlStore(Buffer.from(renderStore(grown.policy), 'utf8'))

function batches(member: (i: number) => { sid: string }, type: 'add-group-members' | 'remove-group-members'): Change[] {
  return Array.from({ length: SIZE / PER_CHANGE }, (_, b) => ({ type, app: APP, group: BIG.crowd, members: Array.from({ length: PER_CHANGE }, (_, i) => member(b * PER_CHANGE + i)) }))
}

const cases: Record<string, Change[]> = {
  add: batches((i) => ({ sid: bigSid(3 * SIZE - i) }), 'add-group-members'),
  remove: batches((i) => ({ sid: bigSid(SIZE - 1 - i) }), 'remove-group-members'),
}

t.test('20,000 values added to or removed from one element are written in linear time, exactly as planned', async (t) => {
  let checked = 0
  for (const [what, changes] of Object.entries(cases)) {
    const { plan, policy } = planChanges({ policy: parsed.policy, version: parsed.version }, { changes }, { store: 'big.xml', force: true })
    t.equal(plan.edits.length, SIZE, `${what}: an edit per change`)
    const started = performance.now()
    const text = writeEdits(parsed.doc, parsed.index, parsed.layout, plan.edits)
    const elapsed = performance.now() - started
    t.ok(elapsed < BOUND_MS, `${what}: ${Math.round(elapsed)} ms (bound ${BOUND_MS} ms)`)
    t.same(diffPolicies(parseXmlStore(Buffer.from(text, 'utf8')).policy, policy), [], `${what}: the written store is the planned one`)
    checked++
  }
  t.equal(checked, 2, 'cases checked')
})
