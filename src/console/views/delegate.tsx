import { useEffect, useState } from 'preact/hooks'
import { path } from '../api/client'
import type { StoreView } from '../api/types'
import { ErrorBox } from '../parts/error-box'
import type { ViewProps } from './registry'
import { StepWizard } from './wizard/step-wizard'
import { TemplateDelegation } from './wizard/template-delegation'

/** The operator's delegation: the AzMan guide's five steps as a wizard, or one step from a template; every write planned first. */
export function DelegateView({ api, store, go }: ViewProps) {
  const [view, setView] = useState<StoreView | undefined>(undefined)
  const [error, setError] = useState<unknown>(undefined)
  const [mode, setMode] = useState<'steps' | 'template'>('steps')
  useEffect(() => {
    api.get<StoreView>(path('stores', store)).then(({ body }) => setView(body), setError)
  }, [api, store])
  if (error !== undefined) return <ErrorBox error={error} />
  if (view === undefined) return <p class="loading">Loading the store…</p>
  return (
    <section class="delegate">
      <h2>Delegate</h2>
      <fieldset class="mode">
        <legend>How</legend>
        <label class="choice">
          <input type="radio" name="delegate-mode" checked={mode === 'steps'} onChange={() => setMode('steps')} /> Step by step (role definition, task, role assignment, members, tasks)
        </label>
        <label class="choice">
          <input type="radio" name="delegate-mode" checked={mode === 'template'} onChange={() => setMode('template')} /> From a template, in one step
        </label>
      </fieldset>
      {mode === 'steps' ? <StepWizard api={api} store={store} go={go} apps={view.applications} /> : <TemplateDelegation api={api} store={store} go={go} apps={view.applications} />}
    </section>
  )
}
