import { InvalidChangeError } from '../errors/change-errors.js'
import { nameProblem } from '../model/integrity/check-names.js'
import { ldapFilterProblem } from '../model/ldap-filter-syntax.js'
import { charLength, TEXT_LIMIT, type ObjectKind } from '../model/limits.js'
import { linksTo } from '../model/links.js'
import type { Task } from '../model/policy.js'
import { quote } from '../model/quote.js'
import type { BizRuleSpec, PrincipalRef } from './change.js'
import { findVisibleGroup, placeOf, type DraftPlace } from './draft/find.js'
import type { Scalars } from './draft/object-draft.js'
import type { AppDraft, PolicyDraft, ScopeDraft } from './draft/policy-draft.js'
import { notFound } from './locate.js'
import { accountSid, checkedSid } from './principals.js'

/**
 * What every kind of change shares: the outcome, the context a change runs
 * in, AzMan's name and text rules, principals, and the links a delete must
 * not leave dangling.
 */

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

export function applied(summary: string): ChangeOutcome {
  return { status: 'applied', summary }
}

export function inPlace(summary: string): ChangeOutcome {
  return { status: 'in-place', summary }
}

export function invalidName(kind: ObjectKind, name: string): void {
  const problem = nameProblem(kind, name)
  if (problem) throw new InvalidChangeError('AZMAN_ERR_CHANGE_INVALID_NAME', `${quote(name)}: ${problem.message}`)
}

/** `object` names what the text belongs to, e.g. `task "Snapshot"`. */
export function invalidText(object: string, what: string, value: string | null | undefined, limit: number): void {
  if (value === undefined || value === null) return
  if (/[\r\n\t]/.test(value)) throw new InvalidChangeError('AZMAN_ERR_CHANGE_INVALID_TEXT', `${object}: the ${what} may not contain line breaks or TAB`)
  if (charLength(value) > limit) throw new InvalidChangeError('AZMAN_ERR_CHANGE_INVALID_TEXT', `${object}: the ${what} has ${charLength(value)} characters; AzMan allows at most ${limit}`)
}

export function checkBizRule(object: string, rule: BizRuleSpec | null | undefined): void {
  if (!rule) return
  if (charLength(rule.script) > TEXT_LIMIT.bizRule)
    throw new InvalidChangeError('AZMAN_ERR_CHANGE_INVALID_TEXT', `${object}: the BizRule has ${charLength(rule.script)} characters; AzMan allows at most ${TEXT_LIMIT.bizRule}`)
  if (rule.script.trim() === '') throw new InvalidChangeError('AZMAN_ERR_CHANGE_INVALID_TEXT', `${object}: a BizRule needs a script; to remove a rule, set "bizRule" to null`)
  invalidText(object, 'BizRule imported path', rule.importedPath, TEXT_LIMIT.bizRuleImportedPath)
}

export function checkLdapQuery(object: string, query: string): void {
  invalidText(object, 'LDAP query', query, TEXT_LIMIT.ldapQuery)
  const problem = ldapFilterProblem(query)
  if (problem !== undefined) throw new InvalidChangeError('AZMAN_ERR_CHANGE_INVALID_LDAP_QUERY', `${object}: ${quote(query)} is not a valid LDAP filter: ${problem}`)
}

/** The same values, the first of each (by key) kept, in order. */
export function unique(values: readonly string[], key: (v: string) => string): readonly string[] {
  const seen = new Set<string>()
  return values.filter((v) => {
    const k = key(v)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

/**
 * A create that found its object. In place when it is as asked; otherwise
 * refused unless the planner says to replace or keep it (see ExistingObjectAction).
 */
export function createOverExisting(ctx: ApplyContext, existingGuid: string, same: boolean, what: string, refusal: () => InvalidChangeError, replace: () => void): ChangeOutcome {
  if (same) return inPlace(`${what} already exists as asked`)
  const error = refusal()
  const action = ctx.onExisting?.(existingGuid, error) ?? 'refuse'
  if (action === 'keep') return inPlace(`${what} already exists as this change set leaves it`)
  if (action === 'replace') {
    replace()
    return applied(`set ${what} as asked`)
  }
  throw error
}

export function kindOfTask(t: Scalars<Task>): 'task' | 'role-definition' {
  return t.roleDefinition ? 'role-definition' : 'task'
}

export function label(kind: 'task' | 'role-definition'): string {
  return kind === 'role-definition' ? 'role definition' : 'task'
}

/** Who in an application links a GUID from a task, role assignment or group, for the message of a refused delete. */
function linkersOf(app: AppDraft, target: string): string[] {
  const out: string[] = []
  const scopes: (ScopeDraft | undefined)[] = [undefined, ...app.scopes.all()]
  for (const place of scopes.map((s) => placeOf(app, s))) {
    for (const t of place.tasks.all()) if (linksTo('task', target, (f) => t.peek(f))) out.push(`${label(kindOfTask(t.scalars))} ${quote(t.name)} (${place.label})`)
    for (const r of place.roleAssignments.all()) if (linksTo('role-assignment', target, (f) => r.peek(f))) out.push(`role assignment ${quote(r.name)} (${place.label})`)
    for (const g of place.groups.all()) if (linksTo('group', target, (f) => g.peek(f))) out.push(`group ${quote(g.name)} (${place.label})`)
  }
  return out
}

function stillLinked(what: string, linkers: readonly string[]): InvalidChangeError {
  const shown = linkers.slice(0, 5).join(', ')
  return new InvalidChangeError('AZMAN_ERR_CHANGE_STILL_LINKED', `${what} is still linked from ${shown}${linkers.length > 5 ? ` and ${linkers.length - 5} more` : ''}; remove those links first`)
}

/**
 * Refuses to delete what a task, role assignment or group of the application
 * still links. The application's link counts answer at once; the linkers are
 * looked for only to name them in the refusal.
 */
export function assertUnlinkedInApp(app: AppDraft, target: string, what: string): void {
  if (app.area.count(target) === 0) return
  const linkers = linkersOf(app, target)
  if (linkers.length > 0) throw stillLinked(what, linkers)
}

/** Like {@link assertUnlinkedInApp} for a group, which store-level groups and every application may link. */
export function assertUnlinkedInStore(draft: PolicyDraft, target: string, what: string): void {
  const apps = draft.applications.all()
  if (draft.area.count(target) === 0 && apps.every((app) => app.area.count(target) === 0)) return
  const linkers: string[] = []
  for (const g of draft.groups.all()) if (linksTo('group', target, (f) => g.peek(f))) linkers.push(`group ${quote(g.name)} (the store)`)
  // One push per linker: spreading a list of any length into push() can overflow the stack.
  for (const app of apps) for (const linker of linkersOf(app, target)) linkers.push(linker)
  if (linkers.length > 0) throw stillLinked(what, linkers)
}

/** SIDs and group GUIDs of principals, as they are written into members and app-member links. */
export function resolvePrincipals(draft: PolicyDraft, place: DraftPlace | undefined, refs: readonly PrincipalRef[] | undefined): { sids: string[]; groups: string[] } {
  const sids: string[] = []
  const groups: string[] = []
  for (const ref of refs ?? []) {
    if ('sid' in ref) sids.push(checkedSid(ref.sid))
    else if ('account' in ref) sids.push(accountSid(ref.account))
    else {
      const group = place ? findVisibleGroup(draft, place, ref.group) : draft.groups.find(ref.group)
      if (!group) throw notFound('application group', ref.group, 'the store', draft.groups.objects())
      groups.push(group.guid)
    }
  }
  return { sids, groups }
}
