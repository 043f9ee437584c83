import { useEffect, useState } from 'preact/hooks'
import { path } from '../api/client'
import type { ApplicationListing, AuditReport, TemplateListing } from '../api/types'
import { ErrorBox } from '../parts/error-box'
import { Findings } from './audit/findings'
import { MatrixSection } from './audit/matrix-section'
import type { ViewProps } from './registry'

function TemplatePicker({
  templates,
  chosen,
  onChange,
  onRun,
  running,
}: {
  templates: TemplateListing['templates']
  chosen: ReadonlySet<string>
  onChange: (next: ReadonlySet<string>) => void
  onRun: () => void
  running: boolean
}) {
  const toggle = (name: string) => {
    const next = new Set(chosen)
    if (!next.delete(name)) next.add(name)
    onChange(next)
  }
  return (
    <form
      class="templates"
      onSubmit={(e) => {
        e.preventDefault()
        onRun()
      }}
    >
      <fieldset>
        <legend>Templates to judge against</legend>
        {templates.map((t) => (
          <label key={t.name} title={t.title}>
            <input type="checkbox" name="template" value={t.name} checked={chosen.has(t.name)} onChange={() => toggle(t.name)} />
            {t.name}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={running || chosen.size === 0}>
        {running ? 'Auditing…' : 'Run the audit'}
      </button>
    </form>
  )
}

/** The audit: findings against the shipped templates (all of them at first), and the matrix as a heat map. */
export function AuditView({ api, store, go }: ViewProps) {
  const [templates, setTemplates] = useState<TemplateListing['templates'] | undefined>(undefined)
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set())
  const [apps, setApps] = useState<readonly string[] | undefined>(undefined)
  const [report, setReport] = useState<AuditReport | undefined>(undefined)
  const [running, setRunning] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const run = (names: readonly string[]) => {
    setRunning(true)
    setError(undefined)
    api
      .send<AuditReport>('POST', path('stores', store, 'audit'), { templates: names, failOn: 'none' })
      .then(({ body }) => setReport(body), setError)
      .finally(() => setRunning(false))
  }
  // The first audit waits for the first matrix: on a large store the server answers the matrix in a fraction of the audit's time.
  const [matrixShown, setMatrixShown] = useState(false)
  const [autoRun, setAutoRun] = useState(true)
  useEffect(() => {
    api.get<ApplicationListing>(path('stores', store, 'applications')).then(({ body }) => setApps(body.applications.map((a) => a.name)), setError)
    api.get<TemplateListing>('/templates').then(({ body }) => {
      setTemplates(body.templates)
      setChosen(new Set(body.templates.map((t) => t.name)))
    }, setError)
  }, [api, store])
  useEffect(() => {
    if (!autoRun || templates === undefined || apps === undefined || (apps.length > 0 && !matrixShown)) return
    setAutoRun(false)
    if (templates.length > 0) run(templates.map((t) => t.name))
  }, [autoRun, templates, apps, matrixShown])
  const busy = templates === undefined || apps === undefined || running || autoRun
  return (
    <div class="audit" aria-busy={busy && error === undefined}>
      <section aria-labelledby="findings-heading">
        <h2 id="findings-heading">Findings</h2>
        {templates !== undefined && <TemplatePicker templates={templates} chosen={chosen} onChange={setChosen} onRun={() => run([...chosen])} running={running} />}
        {error !== undefined && <ErrorBox error={error} />}
        {report === undefined && running && <p class="loading">Auditing the store…</p>}
        {report !== undefined && (
          <>
            <p class="judged">Judged against {report.templates.join(', ')}.</p>
            <Findings key={report.templates.join()} findings={report.findings} go={go} />
          </>
        )}
      </section>
      {apps !== undefined && <MatrixSection api={api} store={store} apps={apps} audit={report} go={go} onShown={() => setMatrixShown(true)} />}
    </div>
  )
}
