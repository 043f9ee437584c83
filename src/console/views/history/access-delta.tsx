import type { AccessChange, CombinedChange } from '../../api/types'
import { Principal } from '../../parts/principal'

const where = (scope: string | null) => (scope === null ? 'application level' : scope)

/** An effective-access delta: who gained or lost which operation where, as `azman diff` computes it. */
export function AccessDelta({ access, combined, label }: { access: readonly AccessChange[]; combined: readonly CombinedChange[]; label: string }) {
  return (
    <section class="access-delta" aria-label={label}>
      <h4>{label}</h4>
      {access.length === 0 ? (
        <p class="none">No principal gained or lost access.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Change</th>
              <th scope="col">Principal</th>
              <th scope="col">Operation</th>
              <th scope="col">Where</th>
              <th scope="col">Before → after</th>
            </tr>
          </thead>
          <tbody>
            {access.map((a, i) => (
              <tr key={i} data-change={a.change}>
                <td>
                  <span class={`change ${a.change}`}>{a.change}</span>
                </td>
                <td>{a.principal.sid === null ? (a.principal.name ?? '') : <Principal member={{ sid: a.principal.sid, name: a.principal.name }} />}</td>
                <td>
                  <span class="op-id">{a.operation.id}</span> {a.operation.name}
                </td>
                <td>
                  {a.application}: {where(a.scope)}
                </td>
                <td>
                  {a.before} → {a.after}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {combined.length > 0 && (
        <>
          <p>Access that may change for tokens holding several of these SIDs together:</p>
          <ul class="combined">
            {combined.map((c, i) => (
              <li key={i}>
                {c.operation.id} {c.operation.name} ({where(c.scope)}): {c.sids.join(', ')}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}
