import { useEffect, useState } from 'preact/hooks'
import { ApiError, type Api } from '../../api/client'
import type { AccessChange, CombinedChange, History, JournalEntry, Plan, WriteAnswer } from '../../api/types'
import { ErrorBox } from '../../parts/error-box'
import { PlanView } from '../../parts/plan-view'
import type { ViewProps } from '../registry'
import { AccessDeltaView } from './access-delta'
import { useHeadingFocus } from './focus'
import { entriesSince, Meanwhile } from './meanwhile'

/** A plan and its effective-access delta. */
export interface Planned {
  readonly plan: Plan
  readonly delta?: { readonly access: readonly AccessChange[]; readonly combined: readonly CombinedChange[] }
  /**
   * The plan document as the API answered it: Apply posts this very plan to `POST /stores/{store}/changes`
   * as a saved plan, so what is written is what was reviewed (accounts are not looked up again, the
   * objects keep the plan's GUIDs), and only at the version it was made on.
   */
  readonly saved: unknown
}

export interface WriteFlowProps {
  readonly api: Api
  readonly store: string
  readonly go: ViewProps['go']
  /** Plans the write against the store as it is now. */
  readonly plan: () => Promise<Planned>
  /** Applies it with the journal's reason, only at the planned version (`If-Match`). */
  readonly apply: (reason: string, ifMatch: string, planned: Planned) => Promise<WriteAnswer>
  /** The tree key of what the write makes, for "Show in the tree". */
  readonly target?: string
  readonly onBack: () => void
}

type Phase =
  | { readonly at: 'planning' }
  | { readonly at: 'planned'; readonly planned: Planned; readonly failure?: unknown }
  | { readonly at: 'applying'; readonly planned: Planned }
  | { readonly at: 'applied'; readonly answer: WriteAnswer }
  | { readonly at: 'conflict'; readonly error: ApiError; readonly meanwhile: readonly JournalEntry[] | undefined }
  | { readonly at: 'forbidden'; readonly error: unknown }
  | { readonly at: 'unplanned'; readonly error: unknown }

/** A plan shown before it is applied: POST /plan says `applied` for what applying would do; say `would-apply`. */
function notYetApplied(plan: Plan): Plan {
  return { ...plan, results: plan.results.map((r) => (r.status === 'applied' ? { ...r, status: 'would-apply' } : r)) }
}

/** Whether a refusal says the store is no longer at the planned version (412, or a saved plan gone stale). */
const changedMeanwhile = (error: ApiError) => error.code === 'AZMAN_ERR_CONFLICT_PRECONDITION' || error.code === 'AZMAN_ERR_CONFLICT_STALE' || error.code === 'AZMAN_ERR_CONFLICT_PLAN_MISMATCH'

/** The heading of a 412 or 409, by its code: the store moved on, another write holds the lock, or the change itself conflicts. */
function conflictTitle(error: ApiError): string {
  if (changedMeanwhile(error)) return 'The store changed since the plan'
  if (error.code === 'AZMAN_ERR_CONFLICT_LOCKED' || error.code === 'AZMAN_ERR_CONFLICT_LOCK_LOST') return 'Another write held the store: plan again and apply'
  return 'The change conflicts with the store'
}

/** The ETag of a store version, as `If-Match` takes it. */
export const etagOf = (version: string) => `"${version}"`

/** Review and apply: the plan (results, objects, warnings) and the access delta, then a reason and Apply; conflicts with what changed meanwhile and Re-plan. */
export function WriteFlow(props: WriteFlowProps) {
  const { api, store, go } = props
  const [phase, setPhase] = useState<Phase>({ at: 'planning' })
  const [reason, setReason] = useState('')
  const [round, setRound] = useState(0)
  const heading = useHeadingFocus(`${phase.at}:${round}`, true)
  useEffect(() => {
    let live = true
    setPhase({ at: 'planning' })
    props.plan().then(
      (planned) => live && setPhase({ at: 'planned', planned }),
      (error: unknown) => live && setPhase({ at: 'unplanned', error }),
    )
    return () => {
      live = false
    }
  }, [round])
  const apply = async (planned: Planned) => {
    setPhase({ at: 'applying', planned })
    try {
      setPhase({ at: 'applied', answer: await props.apply(reason.trim(), etagOf(planned.plan.baseVersion), planned) })
    } catch (error) {
      if (error instanceof ApiError && error.status === 403) return setPhase({ at: 'forbidden', error })
      if (error instanceof ApiError && (error.status === 412 || error.status === 409)) {
        const meanwhile = await api.get<History>(`/stores/${encodeURIComponent(store)}/history`).then(
          ({ body }) => entriesSince(body.entries, planned.plan.baseVersion),
          () => undefined,
        )
        return setPhase({ at: 'conflict', error, meanwhile })
      }
      setPhase({ at: 'planned', planned, failure: error })
    }
  }
  const replan = () => setRound((r) => r + 1)
  switch (phase.at) {
    case 'planning':
      return <p class="loading">Planning…</p>
    case 'unplanned':
      return (
        <section class="review">
          <h3 tabIndex={-1} ref={heading}>
            The plan was refused
          </h3>
          <ErrorBox error={phase.error} />
          <div class="wizard-buttons">
            <button type="button" onClick={props.onBack}>
              Back
            </button>
            <button type="button" onClick={replan}>
              Re-plan
            </button>
          </div>
        </section>
      )
    case 'forbidden':
      return <ErrorBox error={phase.error} title="Not allowed" />
    case 'applied':
      return <Applied answer={phase.answer} heading={heading} {...(props.target === undefined ? {} : { onShow: () => go('tree', props.target) })} />
    case 'conflict':
      return (
        <section class="review conflict">
          <h3 tabIndex={-1} ref={heading}>
            {conflictTitle(phase.error)}
          </h3>
          <ErrorBox error={phase.error} />
          {phase.meanwhile === undefined ? <p>The journal could not be read.</p> : phase.meanwhile.length > 0 || changedMeanwhile(phase.error) ? <Meanwhile entries={phase.meanwhile} /> : null}
          <button type="button" class="primary" onClick={replan}>
            Re-plan
          </button>
        </section>
      )
    default:
      return (
        <Review
          planned={phase.planned}
          busy={phase.at === 'applying'}
          failure={phase.at === 'planned' ? phase.failure : undefined}
          heading={heading}
          reason={reason}
          setReason={setReason}
          onApply={(planned) => void apply(planned)}
          onBack={props.onBack}
        />
      )
  }
}

interface ReviewProps {
  readonly planned: Planned
  readonly busy: boolean
  readonly failure: unknown
  readonly heading: ReturnType<typeof useHeadingFocus>
  readonly reason: string
  readonly setReason: (r: string) => void
  readonly onApply: (planned: Planned) => void
  readonly onBack: () => void
}

function Review({ planned, busy, failure, heading, reason, setReason, onApply, onBack }: ReviewProps) {
  const [asked, setAsked] = useState(false)
  const missing = reason.trim() === ''
  return (
    <section class="review">
      <h3 tabIndex={-1} ref={heading}>
        Review
      </h3>
      <PlanView plan={notYetApplied(planned.plan)} />
      {planned.delta !== undefined && <AccessDeltaView access={planned.delta.access} combined={planned.delta.combined} />}
      <form
        class="apply"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          setAsked(true)
          if (!missing && !busy) onApply(planned)
        }}
      >
        <label>
          Reason (required, goes to the journal){' '}
          <input type="text" value={reason} required aria-required="true" aria-invalid={asked && missing} maxLength={1024} onInput={(e) => setReason(e.currentTarget.value)} />
        </label>
        {asked && missing && (
          <p class="problem" role="alert">
            Give a reason: it goes into the journal with the change.
          </p>
        )}
        {failure !== undefined && <ErrorBox error={failure} />}
        <div class="wizard-buttons">
          <button type="button" onClick={onBack} disabled={busy}>
            Back
          </button>
          <button type="submit" class="primary" disabled={busy}>
            {busy ? 'Applying…' : 'Apply'}
          </button>
        </div>
      </form>
    </section>
  )
}

function Applied({ answer, heading, onShow }: { answer: WriteAnswer; heading: ReturnType<typeof useHeadingFocus>; onShow?: () => void }) {
  return (
    <section class="review applied">
      <h3 tabIndex={-1} ref={heading}>
        {answer.written ? 'Applied' : 'Nothing to change'}
      </h3>
      <p>
        {answer.written ? 'Written: ' : 'The store already was as asked: '}
        version <code class="version">{answer.after}</code>
      </p>
      <PlanView plan={answer.plan} title="What was applied" />
      {onShow !== undefined && (
        <button type="button" class="primary" onClick={onShow}>
          Show in the tree
        </button>
      )}
    </section>
  )
}
