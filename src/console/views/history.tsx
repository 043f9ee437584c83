import { useEffect, useState } from 'preact/hooks'
import { path } from '../api/client'
import type { JournalEntry } from '../api/types'
import { ErrorBox } from '../parts/error-box'
import { may } from '../session'
import { EntryDetails } from './history/entry-details'
import { Timeline } from './history/timeline'
import { UndoControls } from './history/undo'
import type { ViewProps } from './registry'

/**
 * The store's journal as a timeline, newest first; the chosen entry's diff and effective-access
 * delta; for operators, rolling back to it or undoing it, each planned before it is applied.
 */
export function HistoryView({ api, session, store }: ViewProps) {
  const [entries, setEntries] = useState<readonly JournalEntry[] | undefined>(undefined)
  const [error, setError] = useState<unknown>(undefined)
  const [selected, setSelected] = useState<string | undefined>(undefined)
  const [message, setMessage] = useState<string | undefined>(undefined)
  const [loads, setLoads] = useState(0)
  useEffect(() => {
    api.get<{ entries: readonly JournalEntry[] }>(path('stores', store, 'history')).then(({ body }) => setEntries(body.entries), setError)
  }, [api, store, loads])
  if (error !== undefined) return <ErrorBox error={error} />
  if (entries === undefined) return <p class="loading">Loading the journal…</p>
  if (entries.length === 0) return <p class="none">The journal of this store is empty: nothing was written through azman yet.</p>
  const at = entries.findIndex((e) => e.id === selected)
  const entry = entries[at]
  const newestFirst = [...entries].reverse()
  return (
    <div class="split history">
      <nav aria-label="Journal">
        <h2>Journal</h2>
        {message !== undefined && (
          <p class="done" role="status">
            {message}
          </p>
        )}
        <Timeline entries={newestFirst} selected={selected} onSelect={setSelected} />
      </nav>
      <div class="details">
        {entry === undefined ? (
          <p class="none">Choose an entry to see what it changed.</p>
        ) : (
          <>
            <EntryDetails key={entry.id} api={api} store={store} entry={entry} previous={entries[at - 1]?.id} />
            {may.write(session) && (
              <UndoControls
                key={`undo:${entry.id}`}
                api={api}
                store={store}
                entry={entry}
                onDone={(m) => {
                  setMessage(m)
                  setLoads((n) => n + 1)
                }}
              />
            )}
          </>
        )}
      </div>
    </div>
  )
}
