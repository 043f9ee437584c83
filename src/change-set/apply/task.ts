import { InvalidChangeError } from '../../errors/change-errors.js'
import { guidKey, hasBizRule, NO_EXTRAS, type Task } from '../../model/policy.js'
import { quote } from '../../model/quote.js'
import { applied, assertUnlinkedInApp, checkBizRule, createOverExisting, inPlace, kindOfTask, label, unique, type ApplyContext, type ChangeOutcome } from '../apply-rules.js'
import type { Change, ChangeType } from '../change.js'
import { findOperation, findPlace, findTask, maybePlace, type DraftPlace } from '../draft/find.js'
import type { ObjectDraft, Scalars } from '../draft/object-draft.js'
import type { PolicyDraft } from '../draft/policy-draft.js'
import { notFound } from '../locate.js'
import type { Appliers } from './applier.js'
import { alreadyExists, redescribed, renamed, deleteNamed, checkCreated } from './fields.js'

/** The change types of tasks and role definitions: every type whose name ends in `-task` or `-role-definition`. */
export type TaskChangeType = Extract<ChangeType, `${string}-task` | `${string}-role-definition`>

type TaskChange = Extract<Change, { type: TaskChangeType }>
type CreateTask = Extract<TaskChange, { type: 'create-task' | 'create-role-definition' }>
type UpdateTask = Extract<TaskChange, { type: 'update-task' | 'update-role-definition' }>
type DeleteTask = Extract<TaskChange, { type: 'delete-task' | 'delete-role-definition' }>

function deleteTask(draft: PolicyDraft, change: DeleteTask): ChangeOutcome {
  const kind = change.type === 'delete-task' ? 'task' : 'role-definition'
  const place = maybePlace(draft, change.app, change.scope)
  return deleteNamed(
    place?.tasks,
    change.name,
    label(kind),
    (task) => `delete ${label(kind)} ${quote(task.name)} from ${place?.label ?? ''}`,
    (task) => {
      const actual = kindOfTask(task.scalars)
      if (actual !== kind) throw new InvalidChangeError('AZMAN_ERR_CHANGE_WRONG_KIND', `${quote(task.name)} in ${place?.label ?? ''} is a ${label(actual)}, not a ${label(kind)}`)
      if (place) assertUnlinkedInApp(place.app, task.guid, `${label(kind)} ${quote(task.name)}`)
    },
  )
}

function createTask(draft: PolicyDraft, change: CreateTask, ctx: ApplyContext): ChangeOutcome {
  const kind = change.type === 'create-task' ? 'task' : 'role-definition'
  const place = findPlace(draft, change.app, change.scope)
  const what = `${label(kind)} ${quote(change.name)}`
  checkCreated(kind, change.name, change.description, what)
  checkBizRule(what, change.bizRule)
  const operationLinks = unique(
    (change.operations ?? []).map((ref) => findOperation(place.app, ref).guid),
    guidKey,
  )
  const taskLinks = unique(
    (change.tasks ?? []).map((name) => findTask(place, name, 'either').guid),
    guidKey,
  )
  const rule = change.bizRule
  const content = {
    name: change.name,
    roleDefinition: kind === 'role-definition',
    ...(rule ? { language: rule.language, script: rule.script } : {}),
    ...(rule?.importedPath === undefined ? {} : { importedPath: rule.importedPath }),
  }
  const existing = place.tasks.find(change.name)
  if (existing) return createOverExistingTask(ctx, place, existing, { ...content, operationLinks, taskLinks, description: change.description, rule })
  const task: Task = {
    guid: ctx.newGuid(),
    ...(change.description === undefined ? {} : { description: change.description }),
    ...content,
    operationLinks,
    taskLinks,
    extras: NO_EXTRAS,
  }
  place.tasks.add(task)
  return applied(`create ${label(kind)} ${quote(task.name)} in ${place.label}`)
}

interface WantedTask {
  readonly name: string
  readonly roleDefinition: boolean
  readonly language?: string
  readonly script?: string
  readonly importedPath?: string
  readonly operationLinks: readonly string[]
  readonly taskLinks: readonly string[]
  readonly description: string | undefined
  readonly rule: CreateTask['bizRule']
}

function createOverExistingTask(ctx: ApplyContext, place: DraftPlace, existing: ObjectDraft<Task>, wanted: WantedTask): ChangeOutcome {
  const current = existing.scalars
  const { rule } = wanted
  const description = wanted.description ?? current.description
  const same =
    current.roleDefinition === wanted.roleDefinition &&
    existing.list('operationLinks').sameKeys(wanted.operationLinks) &&
    existing.list('taskLinks').sameKeys(wanted.taskLinks) &&
    current.description === description &&
    hasBizRule(current) === (rule !== undefined) &&
    (rule === undefined || (current.language === rule.language && current.script === rule.script && current.importedPath === rule.importedPath))
  const { description: _d, language: _l, script: _s, importedPath: _p, ...kept } = current
  const scalars: Scalars<Task> = {
    ...kept,
    roleDefinition: wanted.roleDefinition,
    ...(wanted.language === undefined ? {} : { language: wanted.language }),
    ...(wanted.script === undefined ? {} : { script: wanted.script }),
    ...(wanted.importedPath === undefined ? {} : { importedPath: wanted.importedPath }),
    name: current.name,
    ...(description === undefined ? {} : { description }),
  }
  const kind = label(kindOfTask(current))
  return createOverExisting(
    ctx,
    existing.guid,
    same,
    `${kind} ${quote(current.name)}`,
    () => new InvalidChangeError('AZMAN_ERR_CHANGE_EXISTS', `${kind} ${quote(current.name)} already exists in ${place.label} with other content; pick another name or update it`),
    () => {
      existing.setScalars(scalars)
      existing.setList('operationLinks', wanted.operationLinks)
      existing.setList('taskLinks', wanted.taskLinks)
    },
  )
}

/** The scalar fields an update asks for; `current` itself when it asks for nothing new. */
function updatedScalars(place: DraftPlace, task: ObjectDraft<Task>, change: UpdateTask, kind: 'task' | 'role-definition'): Scalars<Task> {
  const current = task.scalars
  const what = `${label(kind)} ${quote(current.name)}`
  let next = renamed(current, change.newName, kind, place.tasks, task, alreadyExists('', place.label))
  next = redescribed(next, current, change.description, what)
  if (change.bizRule !== undefined) {
    checkBizRule(what, change.bizRule)
    const { language: _l, script: _s, importedPath: _p, ...rest } = next
    const rule = change.bizRule
    const wanted: Scalars<Task> = rule === null ? rest : { ...rest, language: rule.language, script: rule.script, ...(rule.importedPath === undefined ? {} : { importedPath: rule.importedPath }) }
    if (wanted.language !== current.language || wanted.script !== current.script || wanted.importedPath !== current.importedPath) next = wanted
  }
  return next
}

function updateTask(draft: PolicyDraft, change: UpdateTask): ChangeOutcome {
  const kind = change.type === 'update-task' ? 'task' : 'role-definition'
  const place = findPlace(draft, change.app, change.scope)
  const task = place.tasks.find(change.name) ?? (change.newName === undefined ? undefined : place.tasks.find(change.newName))
  if (!task)
    throw notFound(
      label(kind),
      change.name,
      place.label,
      place.tasks.objects().filter((t) => kindOfTask(t) === kind),
    )
  const current = task.scalars
  const actual = kindOfTask(current)
  if (actual !== kind) throw new InvalidChangeError('AZMAN_ERR_CHANGE_WRONG_KIND', `${quote(current.name)} in ${place.label} is a ${label(actual)}, not a ${label(kind)}`)
  const next = updatedScalars(place, task, change, kind)
  // Every name is looked up before anything changes, in the order the change lists them.
  const removeOperations = (change.removeOperations ?? []).map((r) => findOperation(place.app, r).guid)
  const addOperations = (change.addOperations ?? []).map((r) => findOperation(place.app, r).guid)
  const removeTasks = (change.removeTasks ?? []).map((n) => findTask(place, n, 'either').guid)
  const addTasks = (change.addTasks ?? []).map((n) => findTask(place, n, 'either').guid)
  // An operation or task both removed and added ends where it started: compare content, not identity.
  const operations = task.list('operationLinks').removeThenAdd(removeOperations, addOperations)
  const tasks = task.list('taskLinks').removeThenAdd(removeTasks, addTasks)
  if (next === current && !operations && !tasks) return inPlace(`${label(kind)} ${quote(current.name)} already as asked`)
  if (next !== current) task.setScalars(next)
  return applied(`update ${label(kind)} ${quote(current.name)} in ${place.label}`)
}

/** Creates, updates and deletes of tasks and role definitions. */
export const TASK_APPLIERS: Appliers<TaskChangeType> = {
  'create-task': createTask,
  'create-role-definition': createTask,
  'update-task': updateTask,
  'update-role-definition': updateTask,
  'delete-task': deleteTask,
  'delete-role-definition': deleteTask,
}
