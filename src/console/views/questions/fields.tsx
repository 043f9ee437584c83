import { useId } from 'preact/hooks'
import { path } from '../../api/client'
import type { Application, StoreView } from '../../api/types'

/** The URL of a place: an application, or one of its scopes (`scope` ''). */
export function placeUrl(store: string, app: string, scope: string, tail: string): string {
  return scope === '' ? path('stores', store, 'applications', app, tail) : path('stores', store, 'applications', app, 'scopes', scope, tail)
}

/**
 * Adds a principal to a query: a SID (`S-1-...`) as `sid`, anything else (an account name, a
 * well-known name) as `account`, which the service resolves through its directory or names file.
 */
export function addPrincipal(query: URLSearchParams, principal: string): void {
  const p = principal.trim()
  query.append(/^S-1-/i.test(p) ? 'sid' : 'account', p)
}

/** A URL with a query whose keys may repeat (`operation=315&operation=320`). */
export function withParams(url: string, query: URLSearchParams): string {
  return `${url}?${query.toString()}`
}

/** The application and (optionally) scope pickers of a question. */
export function PlaceFields({ view, app, scope, onApp, onScope }: { view: StoreView; app: string; scope?: string; onApp: (app: string) => void; onScope?: (scope: string) => void }) {
  const id = useId()
  return (
    <>
      <span class="field">
        <label for={`${id}-app`}>Application</label>
        <select id={`${id}-app`} value={app} onChange={(e) => onApp(e.currentTarget.value)}>
          {view.applications.map((a) => (
            <option key={a.guid} value={a.name}>
              {a.name}
            </option>
          ))}
        </select>
      </span>
      {scope !== undefined && onScope !== undefined && (
        <span class="field">
          <label for={`${id}-scope`}>Scope</label>
          <select id={`${id}-scope`} value={scope} onChange={(e) => onScope(e.currentTarget.value)}>
            <option value="">(application level)</option>
            {(view.applications.find((a) => a.name === app)?.scopes ?? []).map((s) => (
              <option key={s.guid} value={s.name}>
                {s.name}
              </option>
            ))}
          </select>
        </span>
      )}
    </>
  )
}

/** The operations of an application to choose from: one, or several (`multiple`). */
export function OperationField({
  application,
  value,
  onChange,
  multiple = false,
}: {
  application: Application | undefined
  value: readonly string[]
  onChange: (ids: string[]) => void
  multiple?: boolean
}) {
  const id = useId()
  return (
    <span class="field operations">
      <label for={id}>{multiple ? 'Operations' : 'Operation'}</label>
      <select
        id={id}
        multiple={multiple}
        size={multiple ? 8 : undefined}
        {...(multiple ? {} : { value: value[0] ?? '' })}
        onChange={(e) => onChange([...e.currentTarget.selectedOptions].map((o) => o.value))}
      >
        {(application?.operations ?? []).map((o) => (
          <option key={o.guid} value={String(o.id)} selected={multiple ? value.includes(String(o.id)) : undefined}>
            {o.id} {o.name}
          </option>
        ))}
      </select>
    </span>
  )
}

/** The principal of a question: a SID or an account name. */
export function PrincipalField({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const id = useId()
  return (
    <span class="field">
      <label for={id}>Principal (SID or account)</label>
      <input id={id} type="text" required spellcheck={false} autoComplete="off" value={value} onInput={(e) => onChange(e.currentTarget.value)} placeholder="S-1-5-21-... or DOMAIN\name" />
    </span>
  )
}
