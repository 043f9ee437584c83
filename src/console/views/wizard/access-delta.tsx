import type { AccessChange, CombinedChange } from '../../api/types'

const where = (c: { application: string; scope: string | null }) => (c.scope === null ? `${c.application}, application level (every VM)` : `${c.application}, scope ${c.scope}`)
const who = (c: AccessChange) => {
  const p = c.principal
  const base = p.sid === null ? (p.name ?? 'any other principal') : p.name === null ? p.sid : `${p.name} (${p.sid})`
  return p.alsoHolds.length === 0 ? base : `${base} holding also ${p.alsoHolds.join(', ')}`
}

/** Who gains or loses which operation where, as a table (every text rendered as text). */
export function AccessDeltaView({ access, combined }: { access: readonly AccessChange[]; combined: readonly CombinedChange[] }) {
  return (
    <section class="access-delta" aria-label="Effective access">
      <h4>Effective access</h4>
      {access.length === 0 ? (
        <p class="none">Nobody gains or loses any operation.</p>
      ) : (
        <table>
          <caption>Who gains or loses which operation where ({access.length})</caption>
          <thead>
            <tr>
              <th scope="col">Change</th>
              <th scope="col">Who</th>
              <th scope="col">Operation</th>
              <th scope="col">Where</th>
              <th scope="col">Before → after</th>
            </tr>
          </thead>
          <tbody>
            {access.map((c, i) => (
              <tr key={i} class={c.change} data-change={c.change}>
                <td>{c.change === 'gained' ? 'gains' : 'loses'}</td>
                <td>{who(c)}</td>
                <td>
                  {c.operation.id ?? ''} {c.operation.name}
                </td>
                <td>{where(c)}</td>
                <td>
                  {c.before} → {c.after}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {combined.length > 0 && (
        <ul class="combined">
          {combined.map((c, i) => (
            <li key={i}>
              May change: {c.operation.id ?? ''} {c.operation.name} in {where(c)} for a token holding several of {c.sids.join(', ')}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
