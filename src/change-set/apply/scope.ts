import { InvalidChangeError } from '../../errors/change-errors.js'
import { NO_EXTRAS, type Scope } from '../../model/policy.js'
import { quote } from '../../model/quote.js'
import { applied, inPlace, type ApplyContext, type ChangeOutcome } from '../apply-rules.js'
import type { Change, ChangeType } from '../change.js'
import { findApp } from '../draft/find.js'
import type { PolicyDraft } from '../draft/policy-draft.js'
import { notFound } from '../locate.js'
import type { Appliers } from './applier.js'
import { alreadyExists, describedAs, renamed, deleteNamed, checkCreated, createdOver } from './fields.js'

/** The change types of scopes: every type whose name ends in `-scope` or `-scopes`. */
export type ScopeChangeType = Extract<ChangeType, `${string}-scope` | `${string}-scopes`>

type Of<T extends ScopeChangeType> = Extract<Change, { type: T }>

function createScope(draft: PolicyDraft, change: Of<'create-scope'>, ctx: ApplyContext): ChangeOutcome {
  const app = findApp(draft, change.app)
  checkCreated('scope', change.name, change.description, `scope ${quote(change.name)}`)
  const existing = app.scopes.find(change.name)
  if (existing) {
    return createdOver(ctx, existing, change.description, (current, description) => ({
      same: current.description === description,
      what: `scope ${quote(current.name)}`,
      refusal: () => new InvalidChangeError('AZMAN_ERR_CHANGE_EXISTS', `scope ${quote(current.name)} already exists in application ${quote(app.name)} with another description`),
      replace: () => existing.setScalars(describedAs(current, description)),
    }))
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

function renameScope(draft: PolicyDraft, change: Of<'rename-scope'>): ChangeOutcome {
  const app = findApp(draft, change.app)
  const scope = app.scopes.find(change.name)
  if (!scope) {
    const renamedScope = app.scopes.find(change.newName)
    if (renamedScope) return inPlace(`scope ${quote(renamedScope.name)} already has that name`)
    throw notFound('scope', change.name, `application ${quote(app.name)}`, app.scopes.objects())
  }
  const current = scope.scalars
  const next = renamed(current, change.newName, 'scope', app.scopes, scope, alreadyExists('scope', `application ${quote(app.name)}`))
  if (next === current) return inPlace(`scope ${quote(current.name)} already has that name`)
  scope.setScalars(next)
  return applied(`rename scope ${quote(current.name)} to ${quote(change.newName)}`)
}

function deleteScope(draft: PolicyDraft, change: Of<'delete-scope'>): ChangeOutcome {
  return deleteNamed(findApp(draft, change.app).scopes, change.name, 'scope', (scope) => `delete scope ${quote(scope.name)} and everything in it`)
}

/** Creates, renames and deletes of scopes. */
export const SCOPE_APPLIERS: Appliers<ScopeChangeType> = {
  'create-scope': createScope,
  'rename-scope': renameScope,
  'delete-scope': deleteScope,
}
