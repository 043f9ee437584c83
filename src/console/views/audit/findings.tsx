import { useState } from 'preact/hooks'
import type { AuditFinding, Severity } from '../../api/types'
import type { ViewProps } from '../registry'
import { nodeKey } from '../store-tree'

/** Most severe first, as the audit orders its findings. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info']

/** The tree key of what a finding is about: its role assignment, else its scope, else its application. */
export function findingTarget(f: AuditFinding): { key: string; label: string } | undefined {
  if (f.app === '') return undefined
  const place = f.scope === null ? { app: f.app } : { app: f.app, scope: f.scope }
  if (f.roleAssignment !== null) return { key: nodeKey('role-assignment', place, f.roleAssignment), label: `${f.scope ?? 'application level'} / ${f.roleAssignment}` }
  if (f.scope !== null) return { key: nodeKey('scope', { app: f.app }, f.scope), label: `scope ${f.scope}` }
  return { key: nodeKey('application', {}, f.app), label: f.app }
}

function FindingRow({ f, go }: { f: AuditFinding; go: ViewProps['go'] }) {
  const target = findingTarget(f)
  return (
    <tr data-severity={f.severity}>
      <td>
        <span class={`sev sev-${f.severity}`}>{f.severity}</span>
      </td>
      <td class="mono">{f.code}</td>
      <td>
        {f.message}
        {f.principal !== null && <span class="principal"> ({f.principal.name ?? f.principal.sid})</span>}
      </td>
      <td>{f.template ?? '—'}</td>
      <td>
        {target === undefined ? (
          '—'
        ) : (
          <button type="button" class="link" onClick={() => go('tree', target.key)}>
            {target.label}
          </button>
        )}
      </td>
    </tr>
  )
}

/** Findings listed at a time: a store of thousands of scopes has thousands of findings, more than a page lays out quickly. */
const PAGE = 100

/** The audit's findings, with a filter per severity (each with its count), a page at a time. */
export function Findings({ findings, go }: { findings: readonly AuditFinding[]; go: ViewProps['go'] }) {
  const [hidden, setHidden] = useState<ReadonlySet<Severity>>(new Set())
  const [limit, setLimit] = useState(PAGE)
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length
  const shown = findings.filter((f) => !hidden.has(f.severity))
  const toggle = (s: Severity) =>
    setHidden((h) => {
      const next = new Set(h)
      if (!next.delete(s)) next.add(s)
      return next
    })
  return (
    <div class="findings">
      <fieldset class="severity-filter">
        <legend>Show severities</legend>
        {SEVERITIES.map((s) => (
          <label key={s}>
            <input type="checkbox" name="severity" value={s} checked={!hidden.has(s)} onChange={() => toggle(s)} />
            {s} ({count(s)})
          </label>
        ))}
      </fieldset>
      <p class="shown" aria-live="polite">
        Showing {shown.length} of {findings.length} findings{shown.length > limit ? ` (the first ${limit} listed)` : ''}.
      </p>
      {shown.length > 0 && (
        <table class="finding-list">
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Code</th>
              <th scope="col">Finding</th>
              <th scope="col">Template</th>
              <th scope="col">Object</th>
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, limit).map((f, i) => (
              <FindingRow key={i} f={f} go={go} />
            ))}
          </tbody>
        </table>
      )}
      {shown.length > limit && (
        <button type="button" onClick={() => setLimit((l) => l + PAGE)}>
          List {Math.min(PAGE, shown.length - limit)} more findings
        </button>
      )}
    </div>
  )
}
