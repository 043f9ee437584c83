import { MembersEditor } from './members-editor'
import { roleDefinitionOf, type Level, type WizardAnswers } from './model'
import { roleDefinitionsOf, type StepProps } from './steps-what'

/** Step 3: the role assignment, in a new scope, an existing one, or at application level. */
export function AssignmentStep({ answers, set, app }: StepProps) {
  const a = answers.assignment
  const setA = (patch: Partial<WizardAnswers['assignment']>) => set({ ...answers, assignment: { ...a, ...patch } })
  const level = (value: Level, text: string, disabled = false) => (
    <label class="choice">
      <input
        type="radio"
        name="level"
        checked={a.level === value}
        disabled={disabled}
        onChange={() => setA({ level: value, ...(value === 'scope' && a.scope === '' ? { scope: app.scopes[0]?.name ?? '' } : {}) })}
      />{' '}
      {text}
    </label>
  )
  return (
    <div>
      <p class="hint">A scope is recommended: a role assignment at application level applies to every VM on the host.</p>
      <fieldset>
        <legend>Where</legend>
        {level('new-scope', 'A new scope (recommended)')}
        {a.level === 'new-scope' && (
          <div class="indent">
            <label>
              New scope name <input type="text" value={a.newScope} onInput={(e) => setA({ newScope: e.currentTarget.value })} />
            </label>
          </div>
        )}
        {level('scope', 'An existing scope', app.scopes.length === 0)}
        {a.level === 'scope' && (
          <div class="indent">
            <label>
              Scope{' '}
              <select value={a.scope} onChange={(e) => setA({ scope: e.currentTarget.value })}>
                {app.scopes.map((s) => (
                  <option key={s.guid} value={s.name}>
                    {s.name}
                  </option>
                ))}
              </select>
            </label>
          </div>
        )}
        {level('app', 'Application level (applies to every VM)')}
      </fieldset>
      <label>
        Role assignment name <input type="text" value={a.name} onInput={(e) => setA({ name: e.currentTarget.value })} />
      </label>
    </div>
  )
}

/** Step 4: the members. */
export function MembersStep({ answers, set }: StepProps) {
  return <MembersEditor rows={answers.members} onChange={(members) => set({ ...answers, members })} />
}

/** Step 5: the role definitions and tasks the role assignment grants (step 1's preselected). */
export function GrantsStep({ answers, set, app }: StepProps) {
  const g = answers.grants
  const newRd = answers.roleDefinition.existing === '' ? [roleDefinitionOf(answers)] : []
  const newTask = answers.task.name.trim() === '' ? [] : [answers.task.name.trim()]
  const roleDefinitions = unique([...newRd, ...roleDefinitionsOf(app)])
  const tasks = unique([...newTask, ...app.tasks.filter((t) => !t.roleDefinition).map((t) => t.name)])
  const toggle = (list: 'roleDefinitions' | 'tasks', name: string, on: boolean) => set({ ...answers, grants: { ...g, [list]: on ? [...g[list], name] : g[list].filter((n) => n !== name) } })
  const boxes = (list: 'roleDefinitions' | 'tasks', names: readonly string[]) => (
    <ul>
      {names.map((n) => (
        <li key={n}>
          <label class="choice">
            <input type="checkbox" checked={g[list].includes(n)} onChange={(e) => toggle(list, n, e.currentTarget.checked)} /> {n}
          </label>
        </li>
      ))}
    </ul>
  )
  return (
    <div>
      <fieldset>
        <legend>Role definitions</legend>
        {boxes('roleDefinitions', roleDefinitions)}
      </fieldset>
      <fieldset>
        <legend>Tasks</legend>
        {tasks.length === 0 ? <p class="none">None.</p> : boxes('tasks', tasks)}
      </fieldset>
    </div>
  )
}

function unique(names: readonly string[]): string[] {
  const seen = new Set<string>()
  return names.filter((n) => {
    const k = n.toLowerCase()
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}
