/**
 * The delegation wizard's answers and the one change set they make
 * (docs/change-sets.md): the AzMan guide's five steps, planned and applied together.
 */

/** Where the role assignment goes: a new scope, an existing one, or the application level (every VM). */
export type Level = 'new-scope' | 'scope' | 'app'

export interface WizardAnswers {
  readonly app: string
  /** Step 1: a new role definition (`existing` empty) or an existing one. */
  readonly roleDefinition: { readonly existing: string; readonly name: string; readonly description: string }
  /** Step 2: a new task with operations (name empty: none). */
  readonly task: { readonly name: string; readonly description: string; readonly operations: readonly number[] }
  /** Step 3: the role assignment and where it goes. */
  readonly assignment: { readonly level: Level; readonly scope: string; readonly newScope: string; readonly name: string }
  /** Step 4: SIDs or account names, one a row. */
  readonly members: readonly string[]
  /** Step 5: what the role assignment grants, by name. */
  readonly grants: { readonly roleDefinitions: readonly string[]; readonly tasks: readonly string[] }
}

export const EMPTY_ANSWERS: WizardAnswers = {
  app: '',
  roleDefinition: { existing: '', name: '', description: '' },
  task: { name: '', description: '', operations: [] },
  assignment: { level: 'new-scope', scope: '', newScope: '', name: '' },
  members: [''],
  grants: { roleDefinitions: [], tasks: [] },
}

/** The role definition step 1 names (new or existing). */
export function roleDefinitionOf(a: WizardAnswers): string {
  return a.roleDefinition.existing !== '' ? a.roleDefinition.existing : a.roleDefinition.name.trim()
}

/** The scope of the role assignment; undefined for the application level. */
export function scopeOf(a: WizardAnswers): string | undefined {
  if (a.assignment.level === 'app') return undefined
  return a.assignment.level === 'new-scope' ? a.assignment.newScope.trim() : a.assignment.scope
}

/** A SID's shape, as a hint only: the server decides. */
export const SID_SHAPE = /^S-1-\d+(-\d+)*$/i

/** A member row as a change set names it: a SID, or a well-known or domain account name. */
export function memberOf(text: string): { sid: string } | { account: string } {
  const t = text.trim()
  return /^S-\d/i.test(t) ? { sid: t } : { account: t }
}

const filled = (rows: readonly string[]) => rows.map((r) => r.trim()).filter((r) => r !== '')

/** The one change set of the five steps. */
export function changeSetOf(a: WizardAnswers): { changes: Record<string, unknown>[] } {
  const app = a.app
  const changes: Record<string, unknown>[] = []
  const roleDefinition = roleDefinitionOf(a)
  const description = a.roleDefinition.description.trim()
  if (a.roleDefinition.existing === '') changes.push({ type: 'create-role-definition', app, name: roleDefinition, ...(description === '' ? {} : { description }) })
  const task = a.task.name.trim()
  if (task !== '') {
    const taskDescription = a.task.description.trim()
    changes.push({ type: 'create-task', app, name: task, operations: [...a.task.operations], ...(taskDescription === '' ? {} : { description: taskDescription }) })
    changes.push({ type: 'update-role-definition', app, name: roleDefinition, addTasks: [task] })
  }
  const scope = scopeOf(a)
  const at = scope === undefined ? {} : { scope }
  if (a.assignment.level === 'new-scope') changes.push({ type: 'create-scope', app, name: scope })
  const assignment = a.assignment.name.trim()
  changes.push({ type: 'create-role-assignment', app, ...at, name: assignment })
  const members = filled(a.members)
  if (members.length > 0) changes.push({ type: 'add-role-assignment-members', app, ...at, roleAssignment: assignment, members: members.map(memberOf) })
  if (a.grants.roleDefinitions.length + a.grants.tasks.length > 0) {
    changes.push({ type: 'add-role-assignment-tasks', app, ...at, roleAssignment: assignment, roleDefinitions: [...a.grants.roleDefinitions], tasks: [...a.grants.tasks] })
  }
  return { changes }
}

/** What keeps a step from being done, in words; undefined when it is complete. */
export function stepProblem(step: number, a: WizardAnswers): string | undefined {
  switch (step) {
    case 0:
      return roleDefinitionOf(a) === '' ? 'Give the new role definition a name, or pick an existing one.' : undefined
    case 1:
      if (a.task.name.trim() === '') return a.roleDefinition.existing === '' ? 'Name the task: the new role definition grants nothing without it.' : undefined
      return a.task.operations.length === 0 ? 'Choose at least one operation for the task.' : undefined
    case 2:
      if (scopeOf(a) === '') return a.assignment.level === 'new-scope' ? 'Name the new scope.' : 'Pick a scope.'
      return a.assignment.name.trim() === '' ? 'Name the role assignment.' : undefined
    case 3:
      return filled(a.members).length === 0 ? 'Add at least one member.' : undefined
    case 4:
      return a.grants.roleDefinitions.length + a.grants.tasks.length === 0 ? 'Choose at least one role definition or task for the role assignment.' : undefined
    default:
      return undefined
  }
}
