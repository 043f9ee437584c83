import type { JournalEntry } from '../../api/types'

/**
 * The journal entries made after `version` (the version a plan was made on): those after the last
 * entry that left the store at it, or from the first that found it there.
 */
export function entriesSince(entries: readonly JournalEntry[], version: string): readonly JournalEntry[] {
  let last = -1
  entries.forEach((e, i) => {
    if (e.after === version) last = i
  })
  if (last !== -1) return entries.slice(last + 1)
  const first = entries.findIndex((e) => e.before === version)
  return first === -1 ? entries : entries.slice(first)
}

/** What changed meanwhile: each journal entry's time, actor, reason and summary. */
export function Meanwhile({ entries }: { entries: readonly JournalEntry[] }) {
  return (
    <section class="meanwhile" aria-label="Changed meanwhile">
      <h4>Changed since the plan</h4>
      {entries.length === 0 ? (
        <p class="none">The journal records no change since the plan (the store may have been changed outside azman).</p>
      ) : (
        <ol>
          {entries.map((e) => (
            <li key={e.id} class="entry">
              <span class="time">{e.time}</span> by <span class="actor">{e.actor}</span>
              {e.reason !== undefined && (
                <>
                  {' '}
                  (reason: <span class="reason">{e.reason}</span>)
                </>
              )}
              <ul>
                {e.summary.map((s, i) => (
                  <li key={i}>{s}</li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
