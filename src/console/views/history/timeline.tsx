import type { JournalEntry } from '../../api/types'

/** The time of an entry as the browser's locale writes it, with the ISO time kept for machines. */
function When({ time }: { time: string }) {
  const date = new Date(time)
  return <time dateTime={time}>{Number.isNaN(date.getTime()) ? time : date.toLocaleString()}</time>
}

/** The journal as a timeline, newest first: time, actor, reason and what each entry did. */
export function Timeline({ entries, selected, onSelect }: { entries: readonly JournalEntry[]; selected: string | undefined; onSelect: (id: string) => void }) {
  return (
    <ol class="timeline" aria-label="Journal, newest first">
      {entries.map((e) => (
        <li key={e.id} data-entry={e.id}>
          <button type="button" class="entry" aria-current={selected === e.id ? 'true' : undefined} onClick={() => onSelect(e.id)}>
            <span class="when">
              <When time={e.time} />
            </span>{' '}
            <span class="actor">{e.actor}</span>
            {e.action === 'rollback' && <span class="action"> (rollback)</span>}
            <span class="reason">{e.reason === undefined || e.reason === '' ? 'no reason given' : e.reason}</span>
            <span class="summary">
              {e.summary[0] ?? ''}
              {e.summary.length > 1 ? ` (+${e.summary.length - 1} more)` : ''}
            </span>
          </button>
        </li>
      ))}
    </ol>
  )
}
