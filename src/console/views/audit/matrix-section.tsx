import { useEffect, useMemo, useState } from 'preact/hooks'
import { path } from '../../api/client'
import type { AccessMatrix, AuditReport } from '../../api/types'
import { ErrorBox } from '../../parts/error-box'
import type { ViewProps } from '../registry'
import { heatRows } from './cells'
import { HeatMap } from './heat-map'

/** The matrix of one application (chosen among the store's), coloured by the audit when one has run. */
export function MatrixSection({
  api,
  store,
  apps,
  audit,
  go,
  onShown,
}: Pick<ViewProps, 'api' | 'store' | 'go'> & { apps: readonly string[]; audit: AuditReport | undefined; /** Called when a matrix has come (or failed to). */ onShown?: () => void }) {
  const [app, setApp] = useState(apps[0])
  const [matrix, setMatrix] = useState<AccessMatrix | undefined>(undefined)
  const [error, setError] = useState<unknown>(undefined)
  useEffect(() => {
    if (app === undefined) return
    setMatrix(undefined)
    setError(undefined)
    api
      .get<AccessMatrix>(path('stores', store, 'applications', app, 'matrix'))
      .then(
        ({ body }) => setMatrix(body),
        (e: unknown) => setError(e),
      )
      .finally(() => onShown?.())
  }, [api, store, app])
  const rows = useMemo(() => (matrix === undefined ? [] : heatRows(matrix, audit)), [matrix, audit])
  if (app === undefined) return <p>This store has no application.</p>
  return (
    <section aria-labelledby="matrix-heading">
      <h2 id="matrix-heading">Matrix</h2>
      {apps.length > 1 && (
        <label>
          Application{' '}
          <select value={app} onChange={(e) => setApp(e.currentTarget.value)}>
            {apps.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
      )}
      {error !== undefined && <ErrorBox error={error} />}
      {error === undefined && matrix === undefined && <p class="loading">Loading the matrix…</p>}
      {matrix !== undefined && <HeatMap rows={rows} operations={matrix.operations} app={matrix.application} go={go} />}
    </section>
  )
}
