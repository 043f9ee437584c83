import type { Application } from '../../api/types'
import type { WizardAnswers } from './model'

/** What every step is given: the answers so far, a way to change them, and the application. */
export interface StepProps {
  readonly answers: WizardAnswers
  readonly set: (next: WizardAnswers) => void
  readonly app: Application
}

/** The application's role definitions (application level). */
export function roleDefinitionsOf(app: Application): string[] {
  return app.tasks.filter((t) => t.roleDefinition).map((t) => t.name)
}

/** Step 1: a new role definition, or an existing one. */
export function RoleDefinitionStep({ answers, set, app }: StepProps) {
  const rd = answers.roleDefinition
  const existing = roleDefinitionsOf(app)
  const setRd = (patch: Partial<WizardAnswers['roleDefinition']>) => set({ ...answers, roleDefinition: { ...rd, ...patch } })
  return (
    <fieldset>
      <legend>Role definition</legend>
      <label class="choice">
        <input type="radio" name="rd-mode" checked={rd.existing === ''} onChange={() => setRd({ existing: '' })} /> A new role definition
      </label>
      {rd.existing === '' && (
        <div class="indent">
          <label>
            Name <input type="text" value={rd.name} onInput={(e) => setRd({ name: e.currentTarget.value })} />
          </label>
          <label>
            Description (optional) <input type="text" value={rd.description} onInput={(e) => setRd({ description: e.currentTarget.value })} />
          </label>
        </div>
      )}
      <label class="choice">
        <input type="radio" name="rd-mode" checked={rd.existing !== ''} disabled={existing.length === 0} onChange={() => setRd({ existing: existing[0] ?? '' })} /> An existing role definition
      </label>
      {rd.existing !== '' && (
        <div class="indent">
          <label>
            Role definition{' '}
            <select value={rd.existing} onChange={(e) => setRd({ existing: e.currentTarget.value })}>
              {existing.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
    </fieldset>
  )
}

/** Step 2: a new task with operations (checkboxes of the application's operations). */
export function TaskStep({ answers, set, app }: StepProps) {
  const task = answers.task
  const setTask = (patch: Partial<WizardAnswers['task']>) => set({ ...answers, task: { ...task, ...patch } })
  const toggle = (id: number, on: boolean) => setTask({ operations: on ? [...task.operations, id].sort((a, b) => a - b) : task.operations.filter((o) => o !== id) })
  return (
    <div>
      <label>
        Task name <input type="text" value={task.name} onInput={(e) => setTask({ name: e.currentTarget.value })} />
      </label>
      <label>
        Description (optional) <input type="text" value={task.description} onInput={(e) => setTask({ description: e.currentTarget.value })} />
      </label>
      <fieldset class="operations">
        <legend>Operations ({task.operations.length} chosen)</legend>
        <ul>
          {[...app.operations]
            .sort((a, b) => a.id - b.id)
            .map((op) => (
              <li key={op.guid}>
                <label class="choice">
                  <input type="checkbox" checked={task.operations.includes(op.id)} onChange={(e) => toggle(op.id, e.currentTarget.checked)} /> {op.id} {op.name}
                </label>
              </li>
            ))}
        </ul>
      </fieldset>
    </div>
  )
}
