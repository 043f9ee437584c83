import { InvalidChangeError } from '../errors/change-errors.js'
import { nameProblem } from '../model/integrity/check-names.js'
import { ldapFilterProblem } from '../model/ldap-filter-syntax.js'
import { charLength, TEXT_LIMIT, type ObjectKind } from '../model/limits.js'
import { guidKey, hasBizRule, NO_EXTRAS, type ApplicationGroup, type Operation, type PolicyStore, type RoleAssignment, type Scope, type Task } from '../model/policy.js'
import { article, quote } from '../model/quote.js'
import { canonicalSid } from '../model/sid.js'
import type { BizRuleSpec, Change, PrincipalRef } from './change.js'
import { byName, findApp, findOperation, findPlace, findTask, findVisibleGroup, maybePlace, notFound, placeOf, type Place } from './locate.js'
import { accountSid, checkedSid } from './principals.js'
import { added, removed, replaceIn, withApp, withGroups, withPlace, type GroupHome } from './replace.js'

/**
 * What a create does when its object already exists with other content:
 * `refuse` (AZMAN_ERR_CHANGE_EXISTS), `replace` the object's content with the
 * asked one (keeping its GUID and unknown XML), or `keep` it and report it in
 * place. The planner uses `replace` and `keep` to recognise a change set that
 * creates an object and extends it later, applied a second time.
 */
export type ExistingObjectAction = 'refuse' | 'replace' | 'keep'

export interface ApplyContext {
  /** A fresh GUID for a new object: lowercase, no braces. */
  readonly newGuid: () => string
  /** Asked when a create finds its object with other content; `refusal` is the error refusing would throw. Default: refuse. */
  readonly onExisting?: (existingGuid: string, refusal: InvalidChangeError) => ExistingObjectAction
}

export interface ChangeOutcome {
  /** `in-place`: the store already was as the change asks; nothing to write. */
  readonly status: 'applied' | 'in-place'
  /** What the change does (or found), in words. */
  readonly summary: string
}

export interface Applied {
  readonly policy: PolicyStore
  readonly outcome: ChangeOutcome
}

/** SIDs compare as Windows compares them: `S-1-5-...`, `s-1-5-...` and `S-1-05-...` are one SID. */
const sidKey = canonicalSid
const guid = guidKey

function invalidName(kind: ObjectKind, name: string): void {
  const problem = nameProblem(kind, name)
  if (problem) throw new InvalidChangeError('AZMAN_ERR_CHANGE_INVALID_NAME', `${quote(name)}: ${problem.message}`)
}

/** `object` names what the text belongs to, e.g. `task "Snapshot"`. */
function invalidText(object: string, what: string, value: string | null | undefined, limit: number): void {
  if (value === undefined || value === null) return
  if (/[\r\n\t]/.test(value)) throw new InvalidChangeError('AZMAN_ERR_CHANGE_INVALID_TEXT', `${object}: the ${what} may not contain line breaks or TAB`)
  if (charLength(value) > limit) throw new InvalidChangeError('AZMAN_ERR_CHANGE_INVALID_TEXT', `${object}: the ${what} has ${charLength(value)} characters; AzMan allows at most ${limit}`)
}

function checkBizRule(object: string, rule: BizRuleSpec | null | undefined): void {
  if (!rule) return
  if (charLength(rule.script) > TEXT_LIMIT.bizRule)
    throw new InvalidChangeError('AZMAN_ERR_CHANGE_INVALID_TEXT', `${object}: the BizRule has ${charLength(rule.script)} characters; AzMan allows at most ${TEXT_LIMIT.bizRule}`)
  if (rule.script.trim() === '') throw new InvalidChangeError('AZMAN_ERR_CHANGE_INVALID_TEXT', `${object}: a BizRule needs a script; to remove a rule, set "bizRule" to null`)
  invalidText(object, 'BizRule imported path', rule.importedPath, TEXT_LIMIT.bizRuleImportedPath)
}

/** The same values, the first of each kept, in order. */
function unique(values: readonly string[], key: (v: string) => string): readonly string[] {
  return added([], values, key)
}

/** `list` itself when `next` holds the same values, so an edit that ends where it started changes nothing. */
function unlessSame(list: readonly string[], next: readonly string[], key: (v: string) => string): readonly string[] {
  return sameSet(list, next, key) ? list : next
}

/** "an LdapQuery group", "a Basic group". */
function groupTypePhrase(type: string | undefined): string {
  return type === 'LdapQuery' ? 'an LdapQuery group' : `${article(type ?? 'untyped')} group`
}

/**
 * A create that found its object. In place when it is as asked; otherwise
 * refused unless the planner says to replace or keep it (see ExistingObjectAction).
 */
function createOverExisting(
  policy: PolicyStore,
  ctx: ApplyContext,
  existing: { readonly guid: string },
  same: boolean,
  what: string,
  refusal: () => InvalidChangeError,
  replace: () => PolicyStore,
): Applied {
  if (same) return inPlace(policy, `${what} already exists as asked`)
  const error = refusal()
  const action = ctx.onExisting?.(existing.guid, error) ?? 'refuse'
  if (action === 'keep') return inPlace(policy, `${what} already exists as this change set leaves it`)
  if (action === 'replace') return applied(replace(), `set ${what} as asked`)
  throw error
}

function applied(policy: PolicyStore, summary: string): Applied {
  return { policy, outcome: { status: 'applied', summary } }
}

function inPlace(policy: PolicyStore, summary: string): Applied {
  return { policy, outcome: { status: 'in-place', summary } }
}

function sameSet(a: readonly string[], b: readonly string[], key: (v: string) => string): boolean {
  const x = new Set(a.map(key))
  const y = new Set(b.map(key))
  return x.size === y.size && [...x].every((v) => y.has(v))
}

function kindOfTask(t: Task): 'task' | 'role-definition' {
  return t.roleDefinition ? 'role-definition' : 'task'
}

function label(kind: 'task' | 'role-definition'): string {
  return kind === 'role-definition' ? 'role definition' : 'task'
}

/** Every GUID linked from a task or role assignment of an application, with who links it. */
function linkersOf(app: Place['app'], target: string): string[] {
  const key = guid(target)
  const out: string[] = []
  for (const place of [placeOf(app, undefined), ...app.scopes.map((s) => placeOf(app, s))]) {
    for (const t of place.tasks) {
      if (t.operationLinks.some((l) => guid(l) === key) || t.taskLinks.some((l) => guid(l) === key)) out.push(`${label(kindOfTask(t))} ${quote(t.name)} (${place.label})`)
    }
    for (const r of place.roleAssignments) {
      if (r.operationLinks.some((l) => guid(l) === key) || r.taskLinks.some((l) => guid(l) === key) || r.appMemberLinks.some((l) => guid(l) === key)) {
        out.push(`role assignment ${quote(r.name)} (${place.label})`)
      }
    }
    for (const g of place.groups) {
      if ([...g.appMemberLinks, ...g.appNonMemberLinks].some((l) => guid(l) === key)) out.push(`group ${quote(g.name)} (${place.label})`)
    }
  }
  return out
}

function stillLinked(what: string, linkers: readonly string[]): InvalidChangeError {
  const shown = linkers.slice(0, 5).join(', ')
  return new InvalidChangeError('AZMAN_ERR_CHANGE_STILL_LINKED', `${what} is still linked from ${shown}${linkers.length > 5 ? ` and ${linkers.length - 5} more` : ''}; remove those links first`)
}

/** SIDs and group GUIDs of principals, as they are written into members and app-member links. */
function resolvePrincipals(policy: PolicyStore, place: Place | undefined, refs: readonly PrincipalRef[] | undefined): { sids: string[]; groups: string[] } {
  const sids: string[] = []
  const groups: string[] = []
  for (const ref of refs ?? []) {
    if ('sid' in ref) sids.push(checkedSid(ref.sid))
    else if ('account' in ref) sids.push(accountSid(ref.account))
    else {
      const group = place ? findVisibleGroup(policy, place, ref.group) : byName(policy.groups, ref.group)
      if (!group) throw notFound('application group', ref.group, 'the store', policy.groups)
      groups.push(group.guid)
    }
  }
  return { sids, groups }
}

/**
 * Applies one change to a policy, purely. Refuses changes that name what does
 * not exist, break AzMan's name and text rules, or remove something still
 * linked; reports `in-place` when the store already is as the change asks.
 */
export function applyChange(policy: PolicyStore, change: Change, ctx: ApplyContext): Applied {
  switch (change.type) {
    case 'create-operation': {
      const app = findApp(policy, change.app)
      const what = `operation ${quote(change.name)}`
      invalidName('operation', change.name)
      invalidText(what, 'description', change.description, TEXT_LIMIT.description)
      const existing = byName(app.operations, change.name)
      const id = String(change.operationId)
      if (existing) {
        const description = change.description ?? existing.description
        const { description: _drop, ...rest } = existing
        const wanted: Operation = { ...rest, ...(description === undefined ? {} : { description }), operationId: id }
        return createOverExisting(
          policy,
          ctx,
          existing,
          existing.operationId.trim() === id && existing.description === description,
          `operation ${quote(existing.name)} (${id})`,
          () =>
            new InvalidChangeError(
              'AZMAN_ERR_CHANGE_EXISTS',
              `operation ${quote(existing.name)} already exists in application ${quote(app.name)} with OperationID ${existing.operationId}${existing.description === description ? '' : ' and another description'}`,
            ),
          () => withApp(policy, app, { ...app, operations: replaceIn(app.operations, existing, wanted) }),
        )
      }
      const clash = app.operations.find((o) => o.operationId.trim() === id)
      if (clash) throw new InvalidChangeError('AZMAN_ERR_CHANGE_DUPLICATE', `${what}: OperationID ${id} is already used by operation ${quote(clash.name)}`)
      const op: Operation = { guid: ctx.newGuid(), name: change.name, ...(change.description === undefined ? {} : { description: change.description }), operationId: id, extras: NO_EXTRAS }
      return applied(withApp(policy, app, { ...app, operations: [...app.operations, op] }), `create operation ${quote(op.name)} (${id})`)
    }
    case 'update-operation': {
      const app = findApp(policy, change.app)
      const op = byName(app.operations, change.name) ?? (change.newName === undefined ? undefined : byName(app.operations, change.newName))
      if (!op) throw notFound('operation', change.name, `application ${quote(app.name)}`, app.operations)
      let next: Operation = op
      if (change.newName !== undefined && change.newName !== op.name) {
        invalidName('operation', change.newName)
        const other = byName(app.operations, change.newName)
        if (other && other !== op) throw new InvalidChangeError('AZMAN_ERR_CHANGE_DUPLICATE', `operation ${quote(change.newName)} already exists`)
        next = { ...next, name: change.newName }
      }
      if (change.description !== undefined) {
        invalidText(`operation ${quote(op.name)}`, 'description', change.description, TEXT_LIMIT.description)
        if ((change.description ?? undefined) !== op.description) {
          const { description: _drop, ...rest } = next
          next = change.description === null ? rest : { ...rest, description: change.description }
        }
      }
      if (change.operationId !== undefined && String(change.operationId) !== op.operationId.trim()) {
        const clash = app.operations.find((o) => o !== op && o.operationId.trim() === String(change.operationId))
        if (clash) throw new InvalidChangeError('AZMAN_ERR_CHANGE_DUPLICATE', `OperationID ${change.operationId} is already used by operation ${quote(clash.name)}`)
        next = { ...next, operationId: String(change.operationId) }
      }
      if (next === op) return inPlace(policy, `operation ${quote(op.name)} already as asked`)
      return applied(withApp(policy, app, { ...app, operations: replaceIn(app.operations, op, next) }), `update operation ${quote(op.name)}`)
    }
    case 'delete-operation': {
      const app = findApp(policy, change.app)
      const op = byName(app.operations, change.name)
      if (!op) return inPlace(policy, `operation ${quote(change.name)} already absent`)
      const linkers = linkersOf(app, op.guid)
      if (linkers.length > 0) throw stillLinked(`operation ${quote(op.name)}`, linkers)
      return applied(withApp(policy, app, { ...app, operations: app.operations.filter((o) => o !== op) }), `delete operation ${quote(op.name)}`)
    }
    case 'create-task':
    case 'create-role-definition': {
      const kind = change.type === 'create-task' ? 'task' : 'role-definition'
      const place = findPlace(policy, change.app, change.scope)
      const what = `${label(kind)} ${quote(change.name)}`
      invalidName(kind, change.name)
      invalidText(what, 'description', change.description, TEXT_LIMIT.description)
      checkBizRule(what, change.bizRule)
      const operationLinks = unique(
        (change.operations ?? []).map((ref) => findOperation(place.app, ref).guid),
        guid,
      )
      const taskLinks = unique(
        (change.tasks ?? []).map((name) => findTask(place, name, 'either').guid),
        guid,
      )
      const rule = change.bizRule
      const content = {
        name: change.name,
        roleDefinition: kind === 'role-definition',
        ...(rule ? { language: rule.language, script: rule.script } : {}),
        ...(rule?.importedPath === undefined ? {} : { importedPath: rule.importedPath }),
        operationLinks,
        taskLinks,
      }
      const existing = byName(place.tasks, change.name)
      if (existing) {
        const description = change.description ?? existing.description
        const same =
          existing.roleDefinition === content.roleDefinition &&
          sameSet(existing.operationLinks, operationLinks, guid) &&
          sameSet(existing.taskLinks, taskLinks, guid) &&
          existing.description === description &&
          hasBizRule(existing) === (rule !== undefined) &&
          (rule === undefined || (existing.language === rule.language && existing.script === rule.script && existing.importedPath === rule.importedPath))
        const { description: _d, language: _l, script: _s, importedPath: _p, ...kept } = existing
        const wanted: Task = { ...kept, ...content, name: existing.name, ...(description === undefined ? {} : { description }) }
        return createOverExisting(
          policy,
          ctx,
          existing,
          same,
          `${label(kindOfTask(existing))} ${quote(existing.name)}`,
          () =>
            new InvalidChangeError(
              'AZMAN_ERR_CHANGE_EXISTS',
              `${label(kindOfTask(existing))} ${quote(existing.name)} already exists in ${place.label} with other content; pick another name or update it`,
            ),
          () => withPlace(policy, place, (c) => ({ ...c, tasks: replaceIn(c.tasks, existing, wanted) })),
        )
      }
      const task: Task = {
        guid: ctx.newGuid(),
        ...(change.description === undefined ? {} : { description: change.description }),
        ...content,
        extras: NO_EXTRAS,
      }
      return applied(
        withPlace(policy, place, (c) => ({ ...c, tasks: [...c.tasks, task] })),
        `create ${label(kind)} ${quote(task.name)} in ${place.label}`,
      )
    }
    case 'update-task':
    case 'update-role-definition': {
      const kind = change.type === 'update-task' ? 'task' : 'role-definition'
      const place = findPlace(policy, change.app, change.scope)
      const task = byName(place.tasks, change.name) ?? (change.newName === undefined ? undefined : byName(place.tasks, change.newName))
      if (!task)
        throw notFound(
          label(kind),
          change.name,
          place.label,
          place.tasks.filter((t) => kindOfTask(t) === kind),
        )
      if (kindOfTask(task) !== kind) throw new InvalidChangeError('AZMAN_ERR_CHANGE_WRONG_KIND', `${quote(task.name)} in ${place.label} is a ${label(kindOfTask(task))}, not a ${label(kind)}`)
      let next: Task = task
      if (change.newName !== undefined && change.newName !== task.name) {
        invalidName(kind, change.newName)
        const other = byName(place.tasks, change.newName)
        if (other && other !== task) throw new InvalidChangeError('AZMAN_ERR_CHANGE_DUPLICATE', `${quote(change.newName)} already exists in ${place.label}`)
        next = { ...next, name: change.newName }
      }
      const what = `${label(kind)} ${quote(task.name)}`
      if (change.description !== undefined && (change.description ?? undefined) !== task.description) {
        invalidText(what, 'description', change.description, TEXT_LIMIT.description)
        const { description: _drop, ...rest } = next
        next = change.description === null ? rest : { ...rest, description: change.description }
      }
      if (change.bizRule !== undefined) {
        checkBizRule(what, change.bizRule)
        const { language: _l, script: _s, importedPath: _p, ...rest } = next
        const rule = change.bizRule
        const wanted: Task = rule === null ? rest : { ...rest, language: rule.language, script: rule.script, ...(rule.importedPath === undefined ? {} : { importedPath: rule.importedPath }) }
        if (wanted.language !== task.language || wanted.script !== task.script || wanted.importedPath !== task.importedPath) next = wanted
      }
      // An operation or task both removed and added ends where it started: compare content, not identity.
      const ops = unlessSame(
        next.operationLinks,
        added(
          removed(
            next.operationLinks,
            (change.removeOperations ?? []).map((r) => findOperation(place.app, r).guid),
            guid,
          ),
          (change.addOperations ?? []).map((r) => findOperation(place.app, r).guid),
          guid,
        ),
        guid,
      )
      const tasks = unlessSame(
        next.taskLinks,
        added(
          removed(
            next.taskLinks,
            (change.removeTasks ?? []).map((n) => findTask(place, n, 'either').guid),
            guid,
          ),
          (change.addTasks ?? []).map((n) => findTask(place, n, 'either').guid),
          guid,
        ),
        guid,
      )
      if (ops !== next.operationLinks) next = { ...next, operationLinks: ops }
      if (tasks !== next.taskLinks) next = { ...next, taskLinks: tasks }
      if (next === task) return inPlace(policy, `${label(kind)} ${quote(task.name)} already as asked`)
      return applied(
        withPlace(policy, place, (c) => ({ ...c, tasks: replaceIn(c.tasks, task, next) })),
        `update ${label(kind)} ${quote(task.name)} in ${place.label}`,
      )
    }
    case 'delete-task':
    case 'delete-role-definition': {
      const kind = change.type === 'delete-task' ? 'task' : 'role-definition'
      const place = maybePlace(policy, change.app, change.scope)
      const task = place ? byName(place.tasks, change.name) : undefined
      if (!place || !task) return inPlace(policy, `${label(kind)} ${quote(change.name)} already absent`)
      if (kindOfTask(task) !== kind) throw new InvalidChangeError('AZMAN_ERR_CHANGE_WRONG_KIND', `${quote(task.name)} in ${place.label} is a ${label(kindOfTask(task))}, not a ${label(kind)}`)
      const linkers = linkersOf(place.app, task.guid)
      if (linkers.length > 0) throw stillLinked(`${label(kind)} ${quote(task.name)}`, linkers)
      return applied(
        withPlace(policy, place, (c) => ({ ...c, tasks: c.tasks.filter((t) => t !== task) })),
        `delete ${label(kind)} ${quote(task.name)} from ${place.label}`,
      )
    }
    case 'create-role-assignment': {
      const place = findPlace(policy, change.app, change.scope)
      const what = `role assignment ${quote(change.name)}`
      invalidName('role-assignment', change.name)
      invalidText(what, 'description', change.description, TEXT_LIMIT.description)
      const taskLinks = unique([...(change.roleDefinitions ?? []).map((n) => findTask(place, n, 'role-definition').guid), ...(change.tasks ?? []).map((n) => findTask(place, n, 'task').guid)], guid)
      const existing = byName(place.roleAssignments, change.name)
      if (existing) {
        const description = change.description ?? existing.description
        const { description: _d, ...kept } = existing
        // Members are added by their own changes, so they are not part of what a create asks; what the
        // assignment grants is: operations linked directly (a create links none) count as other content.
        const wanted: RoleAssignment = { ...kept, ...(description === undefined ? {} : { description }), taskLinks, operationLinks: [] }
        const same = sameSet(existing.taskLinks, taskLinks, guid) && existing.operationLinks.length === 0 && existing.description === description
        return createOverExisting(
          policy,
          ctx,
          existing,
          same,
          `role assignment ${quote(existing.name)}`,
          () =>
            new InvalidChangeError(
              'AZMAN_ERR_CHANGE_EXISTS',
              `role assignment ${quote(existing.name)} already exists in ${place.label} with other role definitions, tasks or description; add to it instead`,
            ),
          () => withPlace(policy, place, (c) => ({ ...c, roleAssignments: replaceIn(c.roleAssignments, existing, wanted) })),
        )
      }
      const ra: RoleAssignment = {
        guid: ctx.newGuid(),
        name: change.name,
        ...(change.description === undefined ? {} : { description: change.description }),
        taskLinks,
        operationLinks: [],
        appMemberLinks: [],
        members: [],
        extras: NO_EXTRAS,
      }
      return applied(
        withPlace(policy, place, (c) => ({ ...c, roleAssignments: [...c.roleAssignments, ra] })),
        `create role assignment ${quote(ra.name)} in ${place.label}`,
      )
    }
    case 'update-role-assignment': {
      const place = findPlace(policy, change.app, change.scope)
      const ra = byName(place.roleAssignments, change.name) ?? (change.newName === undefined ? undefined : byName(place.roleAssignments, change.newName))
      if (!ra) throw notFound('role assignment', change.name, place.label, place.roleAssignments)
      let next: RoleAssignment = ra
      if (change.newName !== undefined && change.newName !== ra.name) {
        invalidName('role-assignment', change.newName)
        const other = byName(place.roleAssignments, change.newName)
        if (other && other !== ra) throw new InvalidChangeError('AZMAN_ERR_CHANGE_DUPLICATE', `role assignment ${quote(change.newName)} already exists in ${place.label}`)
        next = { ...next, name: change.newName }
      }
      if (change.description !== undefined && (change.description ?? undefined) !== ra.description) {
        invalidText(`role assignment ${quote(ra.name)}`, 'description', change.description, TEXT_LIMIT.description)
        const { description: _drop, ...rest } = next
        next = change.description === null ? rest : { ...rest, description: change.description }
      }
      if (next === ra) return inPlace(policy, `role assignment ${quote(ra.name)} already as asked`)
      return applied(
        withPlace(policy, place, (c) => ({ ...c, roleAssignments: replaceIn(c.roleAssignments, ra, next) })),
        `update role assignment ${quote(ra.name)} in ${place.label}`,
      )
    }
    case 'delete-role-assignment': {
      const place = maybePlace(policy, change.app, change.scope)
      const ra = place ? byName(place.roleAssignments, change.name) : undefined
      if (!place || !ra) return inPlace(policy, `role assignment ${quote(change.name)} already absent`)
      return applied(
        withPlace(policy, place, (c) => ({ ...c, roleAssignments: c.roleAssignments.filter((r) => r !== ra) })),
        `delete role assignment ${quote(ra.name)} from ${place.label}`,
      )
    }
    case 'add-role-assignment-tasks':
    case 'remove-role-assignment-tasks': {
      const place = findPlace(policy, change.app, change.scope)
      const ra = byName(place.roleAssignments, change.roleAssignment)
      if (!ra) throw notFound('role assignment', change.roleAssignment, place.label, place.roleAssignments)
      const links = [...(change.roleDefinitions ?? []).map((n) => findTask(place, n, 'role-definition').guid), ...(change.tasks ?? []).map((n) => findTask(place, n, 'task').guid)]
      const adding = change.type === 'add-role-assignment-tasks'
      const taskLinks = adding ? added(ra.taskLinks, links, guid) : removed(ra.taskLinks, links, guid)
      const what = [...(change.roleDefinitions ?? []), ...(change.tasks ?? [])].map(quote).join(', ')
      if (taskLinks === ra.taskLinks) return inPlace(policy, `role assignment ${quote(ra.name)} already ${adding ? 'grants' : 'lacks'} ${what}`)
      return applied(
        withPlace(policy, place, (c) => ({ ...c, roleAssignments: replaceIn(c.roleAssignments, ra, { ...ra, taskLinks }) })),
        `${adding ? 'add' : 'remove'} ${what} ${adding ? 'to' : 'from'} role assignment ${quote(ra.name)} in ${place.label}`,
      )
    }
    case 'add-role-assignment-members':
    case 'remove-role-assignment-members': {
      const place = findPlace(policy, change.app, change.scope)
      const ra = byName(place.roleAssignments, change.roleAssignment)
      if (!ra) throw notFound('role assignment', change.roleAssignment, place.label, place.roleAssignments)
      const { sids, groups } = resolvePrincipals(policy, place, change.members)
      const adding = change.type === 'add-role-assignment-members'
      const members = adding ? added(ra.members, sids, sidKey) : removed(ra.members, sids, sidKey)
      const appMemberLinks = adding ? added(ra.appMemberLinks, groups, guid) : removed(ra.appMemberLinks, groups, guid)
      const who = [...sids, ...change.members.filter((m) => 'group' in m).map((m) => ('group' in m ? `group ${quote(m.group)}` : ''))].join(', ')
      if (members === ra.members && appMemberLinks === ra.appMemberLinks) {
        return inPlace(policy, `role assignment ${quote(ra.name)} already ${adding ? 'has' : 'lacks'} ${who}`)
      }
      return applied(
        withPlace(policy, place, (c) => ({ ...c, roleAssignments: replaceIn(c.roleAssignments, ra, { ...ra, members, appMemberLinks }) })),
        `${adding ? 'add' : 'remove'} ${who} ${adding ? 'to' : 'from'} role assignment ${quote(ra.name)} in ${place.label}`,
      )
    }
    case 'create-scope': {
      const app = findApp(policy, change.app)
      invalidName('scope', change.name)
      invalidText(`scope ${quote(change.name)}`, 'description', change.description, TEXT_LIMIT.description)
      const existing = byName(app.scopes, change.name)
      if (existing) {
        const description = change.description ?? existing.description
        const { description: _d, ...kept } = existing
        return createOverExisting(
          policy,
          ctx,
          existing,
          existing.description === description,
          `scope ${quote(existing.name)}`,
          () => new InvalidChangeError('AZMAN_ERR_CHANGE_EXISTS', `scope ${quote(existing.name)} already exists in application ${quote(app.name)} with another description`),
          () => withApp(policy, app, { ...app, scopes: replaceIn(app.scopes, existing, { ...kept, ...(description === undefined ? {} : { description }) }) }),
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
      return applied(withApp(policy, app, { ...app, scopes: [...app.scopes, scope] }), `create scope ${quote(scope.name)} in application ${quote(app.name)}`)
    }
    case 'rename-scope': {
      const app = findApp(policy, change.app)
      const scope = byName(app.scopes, change.name)
      if (!scope) {
        const renamed = byName(app.scopes, change.newName)
        if (renamed) return inPlace(policy, `scope ${quote(renamed.name)} already has that name`)
        throw notFound('scope', change.name, `application ${quote(app.name)}`, app.scopes)
      }
      if (scope.name === change.newName) return inPlace(policy, `scope ${quote(scope.name)} already has that name`)
      invalidName('scope', change.newName)
      const other = byName(app.scopes, change.newName)
      if (other && other !== scope) throw new InvalidChangeError('AZMAN_ERR_CHANGE_DUPLICATE', `scope ${quote(change.newName)} already exists in application ${quote(app.name)}`)
      return applied(withApp(policy, app, { ...app, scopes: replaceIn(app.scopes, scope, { ...scope, name: change.newName }) }), `rename scope ${quote(scope.name)} to ${quote(change.newName)}`)
    }
    case 'delete-scope': {
      const app = findApp(policy, change.app)
      const scope = byName(app.scopes, change.name)
      if (!scope) return inPlace(policy, `scope ${quote(change.name)} already absent`)
      return applied(withApp(policy, app, { ...app, scopes: app.scopes.filter((s) => s !== scope) }), `delete scope ${quote(scope.name)} and everything in it`)
    }
    case 'create-group':
    case 'update-group':
    case 'delete-group':
    case 'add-group-members':
    case 'remove-group-members':
      return applyGroupChange(policy, change, ctx)
  }
}

type GroupChange = Extract<Change, { type: 'create-group' | 'update-group' | 'delete-group' | 'add-group-members' | 'remove-group-members' }>

function groupHome(policy: PolicyStore, change: GroupChange): { home: GroupHome; place: Place | undefined; groups: readonly ApplicationGroup[]; where: string } | undefined {
  if (change.app === undefined) return { home: { store: true }, place: undefined, groups: policy.groups, where: 'the store' }
  const place = change.type === 'delete-group' ? maybePlace(policy, change.app, change.scope) : findPlace(policy, change.app, change.scope)
  return place ? { home: { place }, place, groups: place.groups, where: place.label } : undefined
}

function groupLinkers(policy: PolicyStore, target: string): string[] {
  const key = guid(target)
  const out: string[] = []
  for (const g of policy.groups) if ([...g.appMemberLinks, ...g.appNonMemberLinks].some((l) => guid(l) === key)) out.push(`group ${quote(g.name)} (the store)`)
  for (const app of policy.applications) for (const linker of linkersOf(app, target)) out.push(linker)
  return out
}

function applyGroupChange(policy: PolicyStore, change: GroupChange, ctx: ApplyContext): Applied {
  const found = groupHome(policy, change)
  if (!found) return inPlace(policy, `group ${quote('name' in change ? change.name : change.group)} already absent`)
  const { home, place, groups, where } = found
  switch (change.type) {
    case 'create-group': {
      const what = `group ${quote(change.name)}`
      invalidName('group', change.name)
      invalidText(what, 'description', change.description, TEXT_LIMIT.description)
      if (change.groupType === 'LdapQuery') {
        if (change.ldapQuery === undefined) throw new InvalidChangeError('AZMAN_ERR_CHANGE_INVALID_LDAP_QUERY', `${what}: an LdapQuery group needs "ldapQuery"`)
        if (change.members || change.nonMembers) throw new InvalidChangeError('AZMAN_ERR_CHANGE_WRONG_KIND', `${what}: an LdapQuery group has no members; its query decides who belongs`)
        checkLdapQuery(what, change.ldapQuery)
      } else if (change.ldapQuery !== undefined) throw new InvalidChangeError('AZMAN_ERR_CHANGE_WRONG_KIND', `${what}: only LdapQuery groups have "ldapQuery"`)
      const members = resolvePrincipals(policy, place, change.members)
      const nonMembers = resolvePrincipals(policy, place, change.nonMembers)
      const content = {
        name: change.name,
        groupType: change.groupType,
        members: unique(members.sids, sidKey),
        nonMembers: unique(nonMembers.sids, sidKey),
        appMemberLinks: unique(members.groups, guid),
        appNonMemberLinks: unique(nonMembers.groups, guid),
        ...(change.ldapQuery === undefined ? {} : { ldapQuery: change.ldapQuery }),
      }
      const existing = byName(groups, change.name)
      if (existing) {
        const description = change.description ?? existing.description
        const same =
          existing.groupType === content.groupType &&
          existing.description === description &&
          (existing.ldapQuery ?? '') === (content.ldapQuery ?? '') &&
          sameSet(existing.members, content.members, sidKey) &&
          sameSet(existing.nonMembers, content.nonMembers, sidKey) &&
          sameSet(existing.appMemberLinks, content.appMemberLinks, guid) &&
          sameSet(existing.appNonMemberLinks, content.appNonMemberLinks, guid)
        const { description: _d, ldapQuery: _q, ...kept } = existing
        const wanted: ApplicationGroup = { ...kept, ...content, name: existing.name, ...(description === undefined ? {} : { description }) }
        return createOverExisting(
          policy,
          ctx,
          existing,
          same,
          `group ${quote(existing.name)}`,
          () => new InvalidChangeError('AZMAN_ERR_CHANGE_EXISTS', `group ${quote(existing.name)} already exists in ${where} with other content; update it instead`),
          () => withGroups(policy, home, (gs) => replaceIn(gs, existing, wanted)),
        )
      }
      // A GUID is drawn only for an object that is really created.
      const group: ApplicationGroup = { guid: ctx.newGuid(), ...(change.description === undefined ? {} : { description: change.description }), ...content, extras: NO_EXTRAS }
      return applied(
        withGroups(policy, home, (gs) => [...gs, group]),
        `create ${group.groupType} group ${quote(group.name)} in ${where}`,
      )
    }
    case 'update-group': {
      const group = byName(groups, change.name) ?? (change.newName === undefined ? undefined : byName(groups, change.newName))
      if (!group) throw notFound('group', change.name, where, groups)
      let next: ApplicationGroup = group
      if (change.newName !== undefined && change.newName !== group.name) {
        invalidName('group', change.newName)
        const other = byName(groups, change.newName)
        if (other && other !== group) throw new InvalidChangeError('AZMAN_ERR_CHANGE_DUPLICATE', `group ${quote(change.newName)} already exists in ${where}`)
        next = { ...next, name: change.newName }
      }
      if (change.description !== undefined && (change.description ?? undefined) !== group.description) {
        invalidText(`group ${quote(group.name)}`, 'description', change.description, TEXT_LIMIT.description)
        const { description: _drop, ...rest } = next
        next = change.description === null ? rest : { ...rest, description: change.description }
      }
      if (change.ldapQuery !== undefined && change.ldapQuery !== group.ldapQuery) {
        if (group.groupType !== 'LdapQuery')
          throw new InvalidChangeError('AZMAN_ERR_CHANGE_WRONG_KIND', `group ${quote(group.name)} is ${groupTypePhrase(group.groupType)}; only LdapQuery groups have a query`)
        checkLdapQuery(`group ${quote(group.name)}`, change.ldapQuery)
        next = { ...next, ldapQuery: change.ldapQuery }
      }
      if (next === group) return inPlace(policy, `group ${quote(group.name)} already as asked`)
      return applied(
        withGroups(policy, home, (gs) => replaceIn(gs, group, next)),
        `update group ${quote(group.name)} in ${where}`,
      )
    }
    case 'delete-group': {
      const group = byName(groups, change.name)
      if (!group) return inPlace(policy, `group ${quote(change.name)} already absent`)
      const linkers = groupLinkers(policy, group.guid)
      if (linkers.length > 0) throw stillLinked(`group ${quote(group.name)}`, linkers)
      return applied(
        withGroups(policy, home, (gs) => gs.filter((g) => g !== group)),
        `delete group ${quote(group.name)} from ${where}`,
      )
    }
    case 'add-group-members':
    case 'remove-group-members': {
      const group = byName(groups, change.group)
      if (!group) throw notFound('group', change.group, where, groups)
      if (group.groupType !== 'Basic') throw new InvalidChangeError('AZMAN_ERR_CHANGE_WRONG_KIND', `group ${quote(group.name)} is ${groupTypePhrase(group.groupType)}; only Basic groups have members`)
      const members = resolvePrincipals(policy, place, change.members)
      const nonMembers = resolvePrincipals(policy, place, change.nonMembers)
      const adding = change.type === 'add-group-members'
      const edit = (list: readonly string[], values: readonly string[], key: (v: string) => string): readonly string[] => (adding ? added(list, values, key) : removed(list, values, key))
      const next: ApplicationGroup = {
        ...group,
        members: edit(group.members, members.sids, sidKey),
        nonMembers: edit(group.nonMembers, nonMembers.sids, sidKey),
        appMemberLinks: edit(group.appMemberLinks, members.groups, guid),
        appNonMemberLinks: edit(group.appNonMemberLinks, nonMembers.groups, guid),
      }
      const unchanged = next.members === group.members && next.nonMembers === group.nonMembers && next.appMemberLinks === group.appMemberLinks && next.appNonMemberLinks === group.appNonMemberLinks
      if (unchanged) return inPlace(policy, `group ${quote(group.name)} already as asked`)
      return applied(
        withGroups(policy, home, (gs) => replaceIn(gs, group, next)),
        `${adding ? 'add' : 'remove'} members ${adding ? 'to' : 'from'} group ${quote(group.name)} in ${where}`,
      )
    }
  }
}

function checkLdapQuery(object: string, query: string): void {
  invalidText(object, 'LDAP query', query, TEXT_LIMIT.ldapQuery)
  const problem = ldapFilterProblem(query)
  if (problem !== undefined) throw new InvalidChangeError('AZMAN_ERR_CHANGE_INVALID_LDAP_QUERY', `${object}: ${quote(query)} is not a valid LDAP filter: ${problem}`)
}
