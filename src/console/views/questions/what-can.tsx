import { useState } from 'preact/hooks'
import { path, type Api } from '../../api/client'
import type { Because, OperationRef, StoreView, WhatCanAnswer } from '../../api/types'
import { ErrorBox } from '../../parts/error-box'
import { nodeKey } from '../store-tree'
import { placeOf, TreeLink, type ChainContext } from './chain'
import { addPrincipal, PlaceFields, PrincipalField, withParams } from './fields'
import { Proof } from './proof'

type Row = { readonly operation: OperationRef; readonly because: readonly Because[]; readonly decision: 'granted' | 'conditional' }

function Rows({ ctx, rows }: { ctx: ChainContext; rows: readonly Row[] }) {
  return (
    <table class="what-can">
      <thead>
        <tr>
          <th scope="col">Operation</th>
          <th scope="col">Decision</th>
          <th scope="col">Role assignments</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.operation.guid} data-operation={r.operation.id ?? r.operation.name}>
            <td>
              <span class="op-id">{r.operation.id}</span> {r.operation.name}
            </td>
            <td>
              <span class={`decision ${r.decision}`}>{r.decision}</span>
            </td>
            <td>
              <details>
                <summary>{[...new Set(r.because.map((b) => b.roleAssignment.name))].join(', ')}</summary>
                <Proof ctx={ctx} because={r.because} />
              </details>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function WhatCanResults({ answer, go }: { answer: WhatCanAnswer; go: ChainContext['go'] }) {
  const ctx: ChainContext = { app: answer.application, go }
  return (
    <section class="answer" aria-label="What-can answer">
      <p class="token">
        {answer.account === undefined ? '' : `Account ${answer.account.name} (${answer.account.sid}). `}
        Token: {answer.sids.join(', ')}
      </p>
      {answer.scopes.map((s) => {
        const rows: Row[] = [...s.granted.map((g) => ({ ...g, decision: 'granted' as const })), ...s.conditional.map((g) => ({ ...g, decision: 'conditional' as const }))]
        return (
          <section key={s.scope ?? ''} class="scope-access" aria-label={s.scope === null ? 'Application level' : `Scope ${s.scope}`}>
            <h3>
              {s.scope === null ? (
                'Application level'
              ) : (
                <>
                  Scope{' '}
                  <TreeLink ctx={ctx} target={nodeKey('scope', placeOf(answer.application, null), s.scope)}>
                    {s.scope}
                  </TreeLink>
                </>
              )}
            </h3>
            {rows.length === 0 ? <p class="none">Nothing.</p> : <Rows ctx={ctx} rows={rows} />}
          </section>
        )
      })}
    </section>
  )
}

/** What can: everything a principal may do in an application, per scope, with the role assignments that give it. */
export function WhatCanQuestion({ api, store, view, go }: { api: Api; store: string; view: StoreView; go: ChainContext['go'] }) {
  const [app, setApp] = useState(view.applications[0]?.name ?? '')
  const [principal, setPrincipal] = useState('')
  const [answer, setAnswer] = useState<WhatCanAnswer | undefined>(undefined)
  const [error, setError] = useState<unknown>(undefined)
  const submit = (e: Event) => {
    e.preventDefault()
    const query = new URLSearchParams()
    addPrincipal(query, principal)
    setError(undefined)
    api.get<WhatCanAnswer>(withParams(path('stores', store, 'applications', app, 'what-can'), query)).then(({ body }) => setAnswer(body), setError)
  }
  return (
    <section class="question" aria-labelledby="q-what">
      <h2 id="q-what">What can</h2>
      <form class="question-form" onSubmit={submit}>
        <PlaceFields view={view} app={app} onApp={setApp} />
        <PrincipalField value={principal} onChange={setPrincipal} />
        <button type="submit" class="primary" disabled={principal.trim() === ''}>
          Ask what it can do
        </button>
      </form>
      {error !== undefined && <ErrorBox error={error} />}
      {answer !== undefined && error === undefined && <WhatCanResults answer={answer} go={go} />}
    </section>
  )
}
