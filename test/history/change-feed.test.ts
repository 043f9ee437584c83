/**
 * waitForChanges while a read made before `since` was appended is still shared: it reads the
 * journal again instead of refusing `since` as unknown (a follower got exit 3 this way in CI).
 * The store is a stand-in that answers only history(), as the journal would at three moments.
 */
import t from 'tap'
import { waitForChanges } from '../../src/history/change-feed.js'
import type { JournalEntry, StorePort } from '../../src/store/port.js'

const entry = (id: string): JournalEntry => ({ id, time: '2026-12-05T00:00:00.000Z', actor: 'a', action: 'apply', changes: [], before: `sha256:${'0'.repeat(64)}`, after: `sha256:${'0'.repeat(64)}` })

t.test('a stale read that lacks since is read again, not refused', async (t) => {
  const answers = [[entry('A'), entry('B')], [entry('A')], [entry('A'), entry('B')]]
  let reads = 0
  const store = { displayName: 'lab.xml', history: async () => answers[Math.min(reads++, answers.length - 1)] ?? [] } as unknown as StorePort
  const page = await waitForChanges(store, 'B', { waitMs: 400, pollMs: 50 })
  t.same(page.entries, [], 'nothing after B: the wait ends empty')
  t.ok(reads >= 3, `${reads} reads: the stale one was followed by a fresh one`)
})
