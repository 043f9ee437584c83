import { useState } from 'preact/hooks'
import { path, type Api } from '../../api/client'
import type { JournalEntry, Plan, RollbackAnswer, WriteAnswer } from '../../api/types'
import { ErrorBox } from '../../parts/error-box'
import { PlanView } from '../../parts/plan-view'

type Kind = 'rollback' | 'revert'

/** A planned undo: what it would do and the store version it was planned on (its `If-Match`). */
interface Planned {
  readonly kind: Kind
  readonly plan: Plan
  readonly ifMatch: string
}

const TITLES: Record<Kind, string> = { rollback: 'Roll back to here', revert: 'Undo this entry' }

/** The rollback's answer as a plan: one result (the restore) and its edits in words. */
function rollbackPlan(entry: JournalEntry, body: RollbackAnswer): Plan {
  const summary = `restore the store as it was right after entry ${entry.id}`
  return {
    baseVersion: body.before,
    results: [{ index: 0, type: 'rollback', status: body.dryRun ? 'would-apply' : 'applied', summary }],
    editSummaries: body.edits.map((e) => e.summary),
    warnings: [],
  }
}

/** Asks for the undo (a dry run unless `apply` gives the reason and version): `POST .../rollback {"to"}` or `POST .../history/{entry}/revert`. */
async function undo(api: Api, store: string, entry: JournalEntry, kind: Kind, apply?: { reason: string; ifMatch: string }): Promise<Planned> {
  const options = apply === undefined ? { query: { dryRun: 'true' } } : { reason: apply.reason, ifMatch: apply.ifMatch }
  if (kind === 'rollback') {
    const { body } = await api.send<RollbackAnswer>('POST', path('stores', store, 'rollback'), { to: entry.id }, options)
    return { kind, plan: rollbackPlan(entry, body), ifMatch: `"${body.before}"` }
  }
  const { body } = await api.send<WriteAnswer>('POST', path('stores', store, 'history', entry.id, 'revert'), {}, options)
  return { kind, plan: body.plan, ifMatch: `"${body.plan.baseVersion}"` }
}

/**
 * The operator's undo of a journal entry: roll the store back to it, or undo it alone. Each is
 * planned first (a dry run shown as a plan), then applied with a reason and the planned version;
 * a conflict (412, 409) is shown with a way to plan again.
 */
export function UndoControls({ api, store, entry, onDone }: { api: Api; store: string; entry: JournalEntry; onDone: (message: string) => void }) {
  const [planned, setPlanned] = useState<Planned | undefined>(undefined)
  const [asked, setAsked] = useState<Kind | undefined>(undefined)
  const [reason, setReason] = useState('')
  const [error, setError] = useState<unknown>(undefined)
  const [busy, setBusy] = useState(false)
  const run = (work: () => Promise<void>) => {
    setBusy(true)
    setError(undefined)
    work()
      .catch(setError)
      .finally(() => setBusy(false))
  }
  const plan = (kind: Kind) =>
    run(async () => {
      setAsked(kind)
      setPlanned(undefined)
      setPlanned(await undo(api, store, entry, kind))
    })
  const apply = (e: Event) => {
    e.preventDefault()
    if (planned === undefined) return
    run(async () => {
      await undo(api, store, entry, planned.kind, { reason: reason.trim(), ifMatch: planned.ifMatch })
      setPlanned(undefined)
      setReason('')
      onDone(planned.kind === 'rollback' ? `Rolled back to entry ${entry.id}.` : `Entry ${entry.id} undone.`)
    })
  }
  return (
    <section class="undo" aria-label="Undo">
      <div class="actions">
        <button type="button" disabled={busy} onClick={() => plan('rollback')}>
          {TITLES.rollback}
        </button>
        <button type="button" disabled={busy} onClick={() => plan('revert')}>
          {TITLES.revert}
        </button>
      </div>
      {error !== undefined && (
        <div class="conflict">
          <ErrorBox error={error} />
          {asked !== undefined && (
            <button type="button" disabled={busy} onClick={() => plan(asked)}>
              Plan again
            </button>
          )}
        </div>
      )}
      {planned !== undefined && (
        <form class="apply" onSubmit={apply}>
          <PlanView plan={planned.plan} title={`Plan: ${TITLES[planned.kind].toLowerCase()}`} />
          <label>
            Reason (goes into the journal) <input type="text" required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          </label>
          <button type="submit" class="primary" disabled={busy || reason.trim() === ''}>
            Apply
          </button>{' '}
          <button type="button" onClick={() => setPlanned(undefined)}>
            Cancel
          </button>
        </form>
      )}
    </section>
  )
}
