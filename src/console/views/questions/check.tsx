import { useState } from 'preact/hooks'
import type { Api } from '../../api/client'
import type { CheckAnswer, StoreView } from '../../api/types'
import { ErrorBox } from '../../parts/error-box'
import type { ChainContext } from './chain'
import { addPrincipal, OperationField, placeUrl, PlaceFields, PrincipalField, withParams } from './fields'
import { Proof } from './proof'
import { WhyNot } from './why-not'

const DECISION_WORDS = { granted: 'granted', conditional: 'conditional', denied: 'denied' } as const

/** A check's answer: per operation its decision, the proof drawn as paths and, when not granted, why not. */
function CheckResults({ answer, go }: { answer: CheckAnswer; go: ChainContext['go'] }) {
  const ctx: ChainContext = { app: answer.application, go }
  return (
    <section class="answer" aria-label="Check answer">
      <p class="token">
        {answer.account === undefined ? '' : `Account ${answer.account.name} (${answer.account.sid}). `}
        Token: {answer.sids.join(', ')}
      </p>
      {answer.tokenNote !== undefined && <p class="hint">{answer.tokenNote}</p>}
      {answer.results.map((r) => (
        <article key={r.operation.guid} class="result" data-decision={r.decision} aria-label={`Operation ${r.operation.id ?? ''} ${r.operation.name}`}>
          <h3>
            {r.operation.id} {r.operation.name}: <span class={`decision ${r.decision}`}>{DECISION_WORDS[r.decision]}</span>
          </h3>
          <Proof ctx={ctx} because={r.because} />
          {r.whyNot !== undefined && <WhyNot ctx={ctx} whyNot={r.whyNot} />}
        </article>
      ))}
    </section>
  )
}

/** Check: may a principal do these operations here? Granted, conditional or denied per operation, with the proof. */
export function CheckQuestion({ api, store, view, go }: { api: Api; store: string; view: StoreView; go: ChainContext['go'] }) {
  const [app, setApp] = useState(view.applications[0]?.name ?? '')
  const [scope, setScope] = useState('')
  const [principal, setPrincipal] = useState('')
  const [ops, setOps] = useState<string[]>([])
  const [wellKnown, setWellKnown] = useState(false)
  const [misses, setMisses] = useState('5')
  const [answer, setAnswer] = useState<CheckAnswer | undefined>(undefined)
  const [error, setError] = useState<unknown>(undefined)
  const [busy, setBusy] = useState(false)
  const submit = (e: Event) => {
    e.preventDefault()
    const query = new URLSearchParams()
    addPrincipal(query, principal)
    for (const o of ops) query.append('operation', o)
    // An empty or odd count leaves the API's default (5).
    if (/^\d+$/.test(misses.trim())) query.set('whyNot', misses.trim())
    if (wellKnown) query.set('withWellKnown', 'true')
    setBusy(true)
    setError(undefined)
    api
      .get<CheckAnswer>(withParams(placeUrl(store, app, scope, 'access'), query))
      .then(({ body }) => setAnswer(body), setError)
      .finally(() => setBusy(false))
  }
  return (
    <section class="question" aria-labelledby="q-check">
      <h2 id="q-check">Check</h2>
      <form class="question-form" onSubmit={submit}>
        <PlaceFields view={view} app={app} scope={scope} onApp={(a) => (setApp(a), setScope(''), setOps([]))} onScope={setScope} />
        <PrincipalField value={principal} onChange={setPrincipal} />
        <OperationField application={view.applications.find((a) => a.name === app)} value={ops} onChange={setOps} multiple />
        <label>
          <input type="checkbox" checked={wellKnown} onChange={(e) => setWellKnown(e.currentTarget.checked)} /> Add Everyone, Authenticated Users and Users to the token
        </label>
        <label>
          Near misses to show <input type="number" min={0} max={100} value={misses} onInput={(e) => setMisses(e.currentTarget.value)} />
        </label>
        <button type="submit" class="primary" disabled={busy || ops.length === 0 || principal.trim() === ''}>
          Check
        </button>
      </form>
      {error !== undefined && <ErrorBox error={error} />}
      {answer !== undefined && error === undefined && <CheckResults answer={answer} go={go} />}
    </section>
  )
}
