import { useEffect, useState } from 'preact/hooks'
import { path, type Api } from '../../api/client'
import type { Application, PlanWithDelta, Template, TemplateList, WriteAnswer } from '../../api/types'
import { ErrorBox } from '../../parts/error-box'
import type { ViewProps } from '../registry'
import { nodeKey } from '../store-tree'
import { useHeadingFocus } from './focus'
import { MembersEditor } from './members-editor'
import { memberOf } from './model'
import { WriteFlow } from './write-flow'

interface Asked {
  readonly template: string
  readonly app: string
  readonly scope: string
  readonly members: readonly string[]
  readonly withConnect: boolean
}

/** Mode B: one-step delegation from a shipped template (`POST {place}/delegations`), dry run first. */
export function TemplateDelegation({ api, store, go, apps }: { api: Api; store: string; go: ViewProps['go']; apps: readonly Application[] }) {
  const [templates, setTemplates] = useState<readonly Template[] | undefined>(undefined)
  const [error, setError] = useState<unknown>(undefined)
  const [asked, setAsked] = useState<Asked>({ template: '', app: apps[0]?.name ?? '', scope: '', members: [''], withConnect: false })
  const [reviewing, setReviewing] = useState(false)
  const [problem, setProblem] = useState<string | undefined>(undefined)
  const heading = useHeadingFocus(reviewing)
  useEffect(() => {
    api.get<TemplateList>('/templates').then(({ body }) => {
      setTemplates(body.templates)
      setAsked((a) => (a.template === '' ? { ...a, template: body.templates[0]?.name ?? '' } : a))
    }, setError)
  }, [api])
  if (error !== undefined) return <ErrorBox error={error} />
  if (templates === undefined) return <p class="loading">Loading templates…</p>
  const members = asked.members.map((m) => m.trim()).filter((m) => m !== '')
  const scope = asked.scope.trim()
  const place = scope === '' ? path('stores', store, 'applications', asked.app) : path('stores', store, 'applications', asked.app, 'scopes', scope)
  const body = { template: asked.template, members: members.map(memberOf), ...(asked.withConnect ? { withConnect: true } : {}) }
  if (reviewing) {
    return (
      <WriteFlow
        api={api}
        store={store}
        go={go}
        onBack={() => setReviewing(false)}
        target={scope === '' ? nodeKey('application', {}, asked.app) : nodeKey('scope', { app: asked.app }, scope)}
        plan={async () => {
          // The delegation's dry run gives its change set and warnings; planning that change set gives its access
          // delta and the plan to apply. Both must be of one store version, or what is shown is not what is applied.
          const dry = (await api.send<WriteAnswer>('POST', `${place}/delegations`, body, { query: { dryRun: 'true' } })).body
          const planned = (await api.send<PlanWithDelta>('POST', `${path('stores', store)}/plan`, { changes: (dry.plan as PlanWithDelta).changes }, { query: { delta: 'true' } })).body
          if (planned.baseVersion !== dry.plan.baseVersion) throw new Error('The store changed while the delegation was being planned: plan again.')
          return { plan: { ...planned, warnings: dry.plan.warnings }, delta: planned.accessDelta, saved: planned }
        }}
        apply={async (reason, ifMatch, planned) => (await api.send<WriteAnswer>('POST', `${path('stores', store)}/changes`, planned.saved, { reason, ifMatch })).body}
      />
    )
  }
  const chosen = templates.find((t) => t.name === asked.template)
  return (
    <form
      class="wizard-step"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        if (members.length === 0) return setProblem('Add at least one member.')
        setProblem(undefined)
        setReviewing(true)
      }}
    >
      <h3 tabIndex={-1} ref={heading}>
        Delegate from a template
      </h3>
      <label>
        Template{' '}
        <select value={asked.template} onChange={(e) => setAsked({ ...asked, template: e.currentTarget.value })}>
          {templates.map((t) => (
            <option key={t.name} value={t.name}>
              {t.title} ({t.name})
            </option>
          ))}
        </select>
      </label>
      {chosen?.description !== undefined && <p class="hint">{chosen.description}</p>}
      {apps.length > 1 && (
        <label>
          Application{' '}
          <select value={asked.app} onChange={(e) => setAsked({ ...asked, app: e.currentTarget.value })}>
            {apps.map((a) => (
              <option key={a.guid} value={a.name}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Scope (an existing or a new one; empty: application level, every VM){' '}
        <input type="text" list="delegate-scopes" value={asked.scope} onInput={(e) => setAsked({ ...asked, scope: e.currentTarget.value })} />
      </label>
      <datalist id="delegate-scopes">
        {(apps.find((a) => a.name === asked.app)?.scopes ?? []).map((s) => (
          <option key={s.guid} value={s.name} />
        ))}
      </datalist>
      <MembersEditor rows={asked.members} onChange={(rows) => setAsked({ ...asked, members: rows })} />
      <label class="choice">
        <input type="checkbox" checked={asked.withConnect} onChange={(e) => setAsked({ ...asked, withConnect: e.currentTarget.checked })} /> Also let them connect with Hyper-V Manager (withConnect:
        the template&apos;s companions at application level)
      </label>
      {problem !== undefined && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
      <div class="wizard-buttons">
        <button type="submit" class="primary">
          Plan
        </button>
      </div>
    </form>
  )
}
