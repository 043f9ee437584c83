import type { Plan } from '../api/types'

/** A plan before it is applied: what each change does, the objects it creates or changes, and its warnings. */
export function PlanView({ plan, title = 'Plan' }: { plan: Plan; title?: string }) {
  return (
    <section class="plan" aria-label={title}>
      <h3>{title}</h3>
      {plan.warnings.length > 0 && (
        <div class="warnings" role="status">
          <h4>Warnings</h4>
          <ul>
            {plan.warnings.map((w, i) => (
              <li key={i} class="warning">
                {w}
              </li>
            ))}
          </ul>
        </div>
      )}
      <h4>Changes</h4>
      <ol class="results">
        {plan.results.map((r) => (
          <li key={r.index} data-status={r.status}>
            <span class="status">{r.status === 'in-place' ? 'already in place' : r.status === 'would-apply' ? 'will apply' : r.status}</span>: {r.summary}
          </li>
        ))}
      </ol>
      <h4>Objects created or changed</h4>
      {plan.editSummaries.length === 0 ? (
        <p class="none">None: the store is already as asked.</p>
      ) : (
        <ul class="edits">
          {plan.editSummaries.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      )}
      <p class="version">
        Planned on version <code>{plan.baseVersion}</code>
      </p>
    </section>
  )
}
