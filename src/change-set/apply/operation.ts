import { InvalidChangeError } from '../../errors/change-errors.js'
import { NO_EXTRAS, type Operation } from '../../model/policy.js'
import { quote } from '../../model/quote.js'
import { applied, assertUnlinkedInApp, inPlace, type ApplyContext, type ChangeOutcome } from '../apply-rules.js'
import type { Change, ChangeType } from '../change.js'
import { findApp } from '../draft/find.js'
import type { PolicyDraft } from '../draft/policy-draft.js'
import { notFound } from '../locate.js'
import type { Appliers } from './applier.js'
import { alreadyExists, describedAs, redescribed, renamed, deleteNamed, checkCreated, createdOver } from './fields.js'

/** The change types of operations: every type whose name ends in `-operation` or `-operations`. */
export type OperationChangeType = Extract<ChangeType, `${string}-operation` | `${string}-operations`>

type Of<T extends OperationChangeType> = Extract<Change, { type: T }>

function createOperation(draft: PolicyDraft, change: Of<'create-operation'>, ctx: ApplyContext): ChangeOutcome {
  const app = findApp(draft, change.app)
  const what = `operation ${quote(change.name)}`
  checkCreated('operation', change.name, change.description, what)
  const existing = app.operations.find(change.name)
  const id = String(change.operationId)
  if (existing) {
    return createdOver(ctx, existing, change.description, (current, description) => ({
      same: current.operationId.trim() === id && current.description === description,
      what: `operation ${quote(current.name)} (${id})`,
      refusal: () =>
        new InvalidChangeError(
          'AZMAN_ERR_CHANGE_EXISTS',
          `operation ${quote(current.name)} already exists in application ${quote(app.name)} with OperationID ${current.operationId}${current.description === description ? '' : ' and another description'}`,
        ),
      replace: () => existing.setScalars({ ...describedAs(current, description), operationId: id }),
    }))
  }
  const clash = app.operations.first('operationId', id)
  if (clash) throw new InvalidChangeError('AZMAN_ERR_CHANGE_DUPLICATE', `${what}: OperationID ${id} is already used by operation ${quote(clash.name)}`)
  const op: Operation = { guid: ctx.newGuid(), name: change.name, ...(change.description === undefined ? {} : { description: change.description }), operationId: id, extras: NO_EXTRAS }
  app.operations.add(op)
  return applied(`create operation ${quote(op.name)} (${id})`)
}

function updateOperation(draft: PolicyDraft, change: Of<'update-operation'>): ChangeOutcome {
  const app = findApp(draft, change.app)
  const op = app.operations.find(change.name) ?? (change.newName === undefined ? undefined : app.operations.find(change.newName))
  if (!op) throw notFound('operation', change.name, `application ${quote(app.name)}`, app.operations.objects())
  const current = op.scalars
  let next = renamed(current, change.newName, 'operation', app.operations, op, alreadyExists('operation', ''))
  next = redescribed(next, current, change.description, `operation ${quote(current.name)}`)
  if (change.operationId !== undefined && String(change.operationId) !== current.operationId.trim()) {
    const clash = app.operations.first('operationId', String(change.operationId), op)
    if (clash) throw new InvalidChangeError('AZMAN_ERR_CHANGE_DUPLICATE', `OperationID ${change.operationId} is already used by operation ${quote(clash.name)}`)
    next = { ...next, operationId: String(change.operationId) }
  }
  if (next === current) return inPlace(`operation ${quote(current.name)} already as asked`)
  op.setScalars(next)
  return applied(`update operation ${quote(current.name)}`)
}

function deleteOperation(draft: PolicyDraft, change: Of<'delete-operation'>): ChangeOutcome {
  const app = findApp(draft, change.app)
  return deleteNamed(
    app.operations,
    change.name,
    'operation',
    (op) => `delete operation ${quote(op.name)}`,
    (op) => assertUnlinkedInApp(app, op.guid, `operation ${quote(op.name)}`),
  )
}

/** Creates, updates and deletes of operations. */
export const OPERATION_APPLIERS: Appliers<OperationChangeType> = {
  'create-operation': createOperation,
  'update-operation': updateOperation,
  'delete-operation': deleteOperation,
}
