import { useState } from 'preact/hooks'
import type { Api } from '../../api/client'
import type { StoreView, WhoCanAnswer } from '../../api/types'
import { ErrorBox } from '../../parts/error-box'
import { Principal } from '../../parts/principal'
import { nodeKey } from '../store-tree'
import { placeOf, TreeLink, where, type ChainContext } from './chain'
import { OperationField, placeUrl, PlaceFields, withParams } from './fields'
import { Proof, membersText } from './proof'

function WhoCanResults({ answer, go }: { answer: WhoCanAnswer; go: ChainContext['go'] }) {
  const ctx: ChainContext = { app: answer.application, go }
  const op = `${answer.operation.id ?? ''} ${answer.operation.name}`.trim()
  return (
    <section class="answer" aria-label="Who-can answer">
      <h3>
        Who can {op} ({where(answer.scope)})
      </h3>
      {answer.principals.length === 0 ? (
        <p class="none">Nobody the store names is granted it here.</p>
      ) : (
        <ul class="principals">
          {answer.principals.map((p) => (
            <li key={p.sid} class="who" data-sid={p.sid} data-decision={p.decision}>
              <details>
                <summary>
                  <Principal member={p} />: <span class={`decision ${p.decision}`}>{p.decision}</span> (through {[...new Set(p.because.map((b) => b.roleAssignment.name))].join(', ')})
                </summary>
                <Proof ctx={ctx} because={p.because} />
              </details>
            </li>
          ))}
        </ul>
      )}
      {answer.groups.length > 0 && (
        <>
          <h4>Application groups it flows through</h4>
          <ul class="groups">
            {answer.groups.map((g, i) => (
              <li key={i}>
                <TreeLink ctx={ctx} target={nodeKey('group', g.group.level === 'store' ? {} : placeOf(answer.application, g.group.scope), g.group.name)}>
                  {g.group.name}
                </TreeLink>{' '}
                ({g.decision}, through role assignment "{g.roleAssignment.name}")
              </li>
            ))}
          </ul>
        </>
      )}
      {answer.excluded.length > 0 && (
        <>
          <h4>Excluded by non-member entries</h4>
          <ul class="excluded">
            {answer.excluded.map((x, i) => (
              <li key={i}>
                {membersText([x.nonMember])}, a non-member of group "{x.nonMemberOf.name}", does not get it through "{x.roleAssignment.name}"
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}

/** Who can: the principals granted (or conditionally granted) an operation in a place, with their paths. */
export function WhoCanQuestion({ api, store, view, go }: { api: Api; store: string; view: StoreView; go: ChainContext['go'] }) {
  const [app, setApp] = useState(view.applications[0]?.name ?? '')
  const [scope, setScope] = useState('')
  const application = view.applications.find((a) => a.name === app)
  const [op, setOp] = useState<string[]>([])
  const [answer, setAnswer] = useState<WhoCanAnswer | undefined>(undefined)
  const [error, setError] = useState<unknown>(undefined)
  const chosen = op[0] ?? (application?.operations[0] === undefined ? undefined : String(application.operations[0].id))
  const submit = (e: Event) => {
    e.preventDefault()
    if (chosen === undefined) return
    setError(undefined)
    api.get<WhoCanAnswer>(withParams(placeUrl(store, app, scope, 'who-can'), new URLSearchParams({ operation: chosen }))).then(({ body }) => setAnswer(body), setError)
  }
  return (
    <section class="question" aria-labelledby="q-who">
      <h2 id="q-who">Who can</h2>
      <form class="question-form" onSubmit={submit}>
        <PlaceFields view={view} app={app} scope={scope} onApp={(a) => (setApp(a), setScope(''), setOp([]))} onScope={setScope} />
        <OperationField application={application} value={chosen === undefined ? [] : [chosen]} onChange={setOp} />
        <button type="submit" class="primary" disabled={chosen === undefined}>
          Ask who can
        </button>
      </form>
      {error !== undefined && <ErrorBox error={error} />}
      {answer !== undefined && error === undefined && <WhoCanResults answer={answer} go={go} />}
    </section>
  )
}
