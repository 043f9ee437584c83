import { useState } from 'preact/hooks'
import { path, type Api } from '../../api/client'
import type { Application, PlanWithDelta, WriteAnswer } from '../../api/types'
import type { ViewProps } from '../registry'
import { nodeKey } from '../store-tree'
import { useHeadingFocus } from './focus'
import { changeSetOf, EMPTY_ANSWERS, roleDefinitionOf, scopeOf, stepProblem, type WizardAnswers } from './model'
import { AssignmentStep, GrantsStep, MembersStep } from './steps-where'
import { RoleDefinitionStep, TaskStep, type StepProps } from './steps-what'
import { WriteFlow } from './write-flow'

const STEPS: readonly { readonly title: string; readonly Step: (p: StepProps) => preact.JSX.Element }[] = [
  { title: 'Role definition', Step: RoleDefinitionStep },
  { title: 'Task and operations', Step: TaskStep },
  { title: 'Role assignment', Step: AssignmentStep },
  { title: 'Members', Step: MembersStep },
  { title: 'Tasks and role definitions of the role assignment', Step: GrantsStep },
]

/** The answers as they enter a step: defaults drawn from the earlier steps. */
function entering(step: number, a: WizardAnswers): WizardAnswers {
  if (step === 2 && a.assignment.name.trim() === '') return { ...a, assignment: { ...a.assignment, name: roleDefinitionOf(a) } }
  if (step === 4 && a.grants.roleDefinitions.length + a.grants.tasks.length === 0) return { ...a, grants: { roleDefinitions: [roleDefinitionOf(a)], tasks: [] } }
  return a
}

/** Mode A: the guide's five steps, one a screen, then one change set planned and applied. */
export function StepWizard({ api, store, go, apps }: { api: Api; store: string; go: ViewProps['go']; apps: readonly Application[] }) {
  const [answers, setAnswers] = useState<WizardAnswers>({ ...EMPTY_ANSWERS, app: apps[0]?.name ?? '' })
  const [step, setStep] = useState(0)
  const [problem, setProblem] = useState<string | undefined>(undefined)
  const heading = useHeadingFocus(step)
  const app = apps.find((a) => a.name === answers.app) ?? apps[0]
  if (app === undefined) return <p>This store has no application.</p>
  const move = (to: number) => {
    setProblem(undefined)
    setAnswers((a) => entering(to, a))
    setStep(to)
  }
  if (step === STEPS.length) {
    const changeSet = changeSetOf(answers)
    const scope = scopeOf(answers)
    const stores = path('stores', store)
    return (
      <WriteFlow
        api={api}
        store={store}
        go={go}
        onBack={() => move(STEPS.length - 1)}
        target={nodeKey('role-assignment', { app: app.name, ...(scope === undefined ? {} : { scope }) }, answers.assignment.name.trim())}
        plan={async () => {
          const { body } = await api.send<PlanWithDelta>('POST', `${stores}/plan`, changeSet, { query: { delta: 'true' } })
          return { plan: body, delta: body.accessDelta, saved: body }
        }}
        apply={async (reason, ifMatch, planned) => (await api.send<WriteAnswer>('POST', `${stores}/changes`, planned.saved, { reason, ifMatch })).body}
      />
    )
  }
  const current = STEPS[step]
  if (current === undefined) return null
  return (
    <form
      class="wizard-step"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        const why = stepProblem(step, answers)
        if (why !== undefined) return setProblem(why)
        move(step + 1)
      }}
    >
      <p class="progress">
        Step {step + 1} of {STEPS.length}
      </p>
      <h3 tabIndex={-1} ref={heading}>
        {current.title}
      </h3>
      {step === 0 && apps.length > 1 && (
        <label>
          Application{' '}
          <select value={answers.app} onChange={(e) => setAnswers({ ...EMPTY_ANSWERS, app: e.currentTarget.value })}>
            {apps.map((a) => (
              <option key={a.guid} value={a.name}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <current.Step answers={answers} set={setAnswers} app={app} />
      {problem !== undefined && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
      <div class="wizard-buttons">
        <button type="button" disabled={step === 0} onClick={() => move(step - 1)}>
          Back
        </button>
        <button type="submit" class="primary">
          {step === STEPS.length - 1 ? 'Review' : 'Next'}
        </button>
      </div>
    </form>
  )
}
