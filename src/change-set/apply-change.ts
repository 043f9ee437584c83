import { InvalidChangeError } from '../errors/change-errors.js'
import { TEXT_LIMIT } from '../model/limits.js'
import { NO_EXTRAS, type Operation, type PolicyStore, type Scope } from '../model/policy.js'
import { quote } from '../model/quote.js'
import { applyAssignmentChange, type AssignmentChange } from './apply-assignment-change.js'
import { applyGroupChange, type GroupChange } from './apply-group-change.js'
import { applied, createOverExisting, inPlace, invalidName, invalidText, assertUnlinkedInApp, type ApplyContext, type ChangeOutcome } from './apply-rules.js'
import { applyTaskChange, type TaskChange } from './apply-task-change.js'
import type { Change } from './change.js'
import { findApp } from './draft/find.js'
import { notFound } from './locate.js'
import { PolicyDraft } from './draft/policy-draft.js'

export type { ApplyContext, ChangeOutcome, ExistingObjectAction } from './apply-rules.js'

export interface Applied {
  readonly policy: PolicyStore
  readonly outcome: ChangeOutcome
}

/**
 * Applies one change to a policy, purely: the policy given is never
 * modified, and the one returned shares every object the change did not
 * touch. Refuses changes that name what does not exist, break AzMan's name
 * and text rules, or remove something still linked; reports `in-place` when
 * the store already is as the change asks.
 */
export function applyChange(policy: PolicyStore, change: Change, ctx: ApplyContext): Applied {
  const draft = new PolicyDraft(policy)
  const outcome = applyToDraft(draft, change, ctx)
  return { policy: draft.materialize(), outcome }
}

/**
 * Applies one change to a store being edited (see {@link applyChange}). Each
 * change costs what it names and touches, not the size of the store, so a
 * change set is planned in time linear in its length.
 */
export function applyToDraft(draft: PolicyDraft, change: Change, ctx: ApplyContext): ChangeOutcome {
  switch (change.type) {
    case 'create-operation':
    case 'update-operation':
    case 'delete-operation':
      return applyOperationChange(draft, change, ctx)
    case 'create-scope':
    case 'rename-scope':
    case 'delete-scope':
      return applyScopeChange(draft, change, ctx)
    case 'create-task':
    case 'create-role-definition':
    case 'update-task':
    case 'update-role-definition':
    case 'delete-task':
    case 'delete-role-definition':
      return applyTaskChange(draft, change satisfies TaskChange, ctx)
    case 'create-role-assignment':
    case 'update-role-assignment':
    case 'delete-role-assignment':
    case 'add-role-assignment-tasks':
    case 'remove-role-assignment-tasks':
    case 'add-role-assignment-members':
    case 'remove-role-assignment-members':
      return applyAssignmentChange(draft, change satisfies AssignmentChange, ctx)
    case 'create-group':
    case 'update-group':
    case 'delete-group':
    case 'add-group-members':
    case 'remove-group-members':
      return applyGroupChange(draft, change satisfies GroupChange, ctx)
  }
}

type OperationChange = Extract<Change, { type: 'create-operation' | 'update-operation' | 'delete-operation' }>

function applyOperationChange(draft: PolicyDraft, change: OperationChange, ctx: ApplyContext): ChangeOutcome {
  const app = findApp(draft, change.app)
  switch (change.type) {
    case 'create-operation': {
      const what = `operation ${quote(change.name)}`
      invalidName('operation', change.name)
      invalidText(what, 'description', change.description, TEXT_LIMIT.description)
      const existing = app.operations.find(change.name)
      const id = String(change.operationId)
      if (existing) {
        const current = existing.scalars
        const description = change.description ?? current.description
        const { description: _drop, ...rest } = current
        return createOverExisting(
          ctx,
          existing.guid,
          current.operationId.trim() === id && current.description === description,
          `operation ${quote(current.name)} (${id})`,
          () =>
            new InvalidChangeError(
              'AZMAN_ERR_CHANGE_EXISTS',
              `operation ${quote(current.name)} already exists in application ${quote(app.name)} with OperationID ${current.operationId}${current.description === description ? '' : ' and another description'}`,
            ),
          () => existing.setScalars({ ...rest, ...(description === undefined ? {} : { description }), operationId: id }),
        )
      }
      const clash = app.operations.first('operationId', id)
      if (clash) throw new InvalidChangeError('AZMAN_ERR_CHANGE_DUPLICATE', `${what}: OperationID ${id} is already used by operation ${quote(clash.name)}`)
      const op: Operation = { guid: ctx.newGuid(), name: change.name, ...(change.description === undefined ? {} : { description: change.description }), operationId: id, extras: NO_EXTRAS }
      app.operations.add(op)
      return applied(`create operation ${quote(op.name)} (${id})`)
    }
    case 'update-operation': {
      const op = app.operations.find(change.name) ?? (change.newName === undefined ? undefined : app.operations.find(change.newName))
      if (!op) throw notFound('operation', change.name, `application ${quote(app.name)}`, app.operations.objects())
      const current = op.scalars
      let next = current
      if (change.newName !== undefined && change.newName !== current.name) {
        invalidName('operation', change.newName)
        const other = app.operations.find(change.newName)
        if (other && other !== op) throw new InvalidChangeError('AZMAN_ERR_CHANGE_DUPLICATE', `operation ${quote(change.newName)} already exists`)
        next = { ...next, name: change.newName }
      }
      if (change.description !== undefined) {
        invalidText(`operation ${quote(current.name)}`, 'description', change.description, TEXT_LIMIT.description)
        if ((change.description ?? undefined) !== current.description) {
          const { description: _drop, ...rest } = next
          next = change.description === null ? rest : { ...rest, description: change.description }
        }
      }
      if (change.operationId !== undefined && String(change.operationId) !== current.operationId.trim()) {
        const clash = app.operations.first('operationId', String(change.operationId), op)
        if (clash) throw new InvalidChangeError('AZMAN_ERR_CHANGE_DUPLICATE', `OperationID ${change.operationId} is already used by operation ${quote(clash.name)}`)
        next = { ...next, operationId: String(change.operationId) }
      }
      if (next === current) return inPlace(`operation ${quote(current.name)} already as asked`)
      op.setScalars(next)
      return applied(`update operation ${quote(current.name)}`)
    }
    case 'delete-operation': {
      const op = app.operations.find(change.name)
      if (!op) return inPlace(`operation ${quote(change.name)} already absent`)
      assertUnlinkedInApp(app, op.guid, `operation ${quote(op.name)}`)
      const summary = `delete operation ${quote(op.name)}`
      app.operations.remove(op)
      return applied(summary)
    }
  }
}

type ScopeChange = Extract<Change, { type: 'create-scope' | 'rename-scope' | 'delete-scope' }>

function applyScopeChange(draft: PolicyDraft, change: ScopeChange, ctx: ApplyContext): ChangeOutcome {
  const app = findApp(draft, change.app)
  switch (change.type) {
    case 'create-scope': {
      invalidName('scope', change.name)
      invalidText(`scope ${quote(change.name)}`, 'description', change.description, TEXT_LIMIT.description)
      const existing = app.scopes.find(change.name)
      if (existing) {
        const current = existing.scalars
        const description = change.description ?? current.description
        const { description: _d, ...kept } = current
        return createOverExisting(
          ctx,
          existing.guid,
          current.description === description,
          `scope ${quote(current.name)}`,
          () => new InvalidChangeError('AZMAN_ERR_CHANGE_EXISTS', `scope ${quote(current.name)} already exists in application ${quote(app.name)} with another description`),
          () => existing.setScalars({ ...kept, ...(description === undefined ? {} : { description }) }),
        )
      }
      const scope: Scope = {
        guid: ctx.newGuid(),
        name: change.name,
        ...(change.description === undefined ? {} : { description: change.description }),
        groups: [],
        tasks: [],
        roleAssignments: [],
        extras: NO_EXTRAS,
      }
      app.scopes.add(scope)
      return applied(`create scope ${quote(scope.name)} in application ${quote(app.name)}`)
    }
    case 'rename-scope': {
      const scope = app.scopes.find(change.name)
      if (!scope) {
        const renamed = app.scopes.find(change.newName)
        if (renamed) return inPlace(`scope ${quote(renamed.name)} already has that name`)
        throw notFound('scope', change.name, `application ${quote(app.name)}`, app.scopes.objects())
      }
      const current = scope.scalars
      if (current.name === change.newName) return inPlace(`scope ${quote(current.name)} already has that name`)
      invalidName('scope', change.newName)
      const other = app.scopes.find(change.newName)
      if (other && other !== scope) throw new InvalidChangeError('AZMAN_ERR_CHANGE_DUPLICATE', `scope ${quote(change.newName)} already exists in application ${quote(app.name)}`)
      scope.setScalars({ ...current, name: change.newName })
      return applied(`rename scope ${quote(current.name)} to ${quote(change.newName)}`)
    }
    case 'delete-scope': {
      const scope = app.scopes.find(change.name)
      if (!scope) return inPlace(`scope ${quote(change.name)} already absent`)
      const summary = `delete scope ${quote(scope.name)} and everything in it`
      app.scopes.remove(scope)
      return applied(summary)
    }
  }
}
