import { useEffect, useState } from 'preact/hooks'
import { path, type Api } from '../../api/client'
import type { FeedEntry, FeedPage, JournalEntry } from '../../api/types'
import { ErrorBox } from '../../parts/error-box'
import { AccessDelta } from './access-delta'

/**
 * The change feed's copy of one entry, with its access delta: the feed after the entry before it
 * (`since`), one entry (`limit=1`); the first entry of the journal is the feed's first.
 */
function useFeedEntry(api: Api, store: string, entry: JournalEntry, previous: string | undefined): { feed?: FeedEntry; error?: unknown } {
  const [state, setState] = useState<{ feed?: FeedEntry; error?: unknown }>({})
  useEffect(() => {
    setState({})
    const query: Record<string, string> = previous === undefined ? { limit: '1' } : { since: previous, limit: '1' }
    api.get<FeedPage>(path('stores', store, 'changes'), query).then(
      ({ body }) => {
        const feed = body.entries[0]
        setState(feed?.id === entry.id ? { feed } : { error: new Error(`the change feed did not give entry ${entry.id} after ${previous ?? 'the start'}`) })
      },
      (error: unknown) => setState({ error }),
    )
  }, [api, store, entry.id, previous])
  return state
}

/** One journal entry: what it changed (its summary lines and change set) and its effective-access delta. */
export function EntryDetails({ api, store, entry, previous }: { api: Api; store: string; entry: JournalEntry; previous: string | undefined }) {
  const { feed, error } = useFeedEntry(api, store, entry, previous)
  return (
    <section class="entry-details" aria-labelledby="entry-heading">
      <h3 id="entry-heading">Entry {entry.id}</h3>
      <dl class="facts">
        <dt>Time</dt>
        <dd>{entry.time}</dd>
        <dt>Actor</dt>
        <dd>{entry.actor}</dd>
        <dt>Reason</dt>
        <dd class="reason">{entry.reason ?? '(none given)'}</dd>
        <dt>Versions</dt>
        <dd>
          <code>{entry.before}</code> → <code>{entry.after}</code>
        </dd>
      </dl>
      <h4>What it changed</h4>
      <ul class="diff">
        {entry.summary.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>
      <details class="change-set">
        <summary>The change set as journaled</summary>
        <pre>{JSON.stringify(entry.changes, null, 2)}</pre>
      </details>
      {error !== undefined && <ErrorBox error={error} title="Access delta unavailable" />}
      {error === undefined && feed === undefined && <p class="loading">Computing the access delta…</p>}
      {feed !== undefined && <AccessDelta access={feed.access} combined={feed.combined} label="Effective-access delta" />}
      {feed?.outside !== undefined && <AccessDelta access={feed.outside.access} combined={feed.outside.combined} label="Changed outside azman before this entry" />}
    </section>
  )
}
