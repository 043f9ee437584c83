import { InvalidChangeError } from '../errors/change-errors.js'
import { findApp, findOperation, byName } from '../change-set/locate.js'
import { accountSid, checkedSid } from '../change-set/principals.js'
import type { Change, ChangeSet, OperationRef, PrincipalRef } from '../change-set/change.js'
import { guidKey, operationNumber, type Application, type Operation, type PolicyStore } from '../model/policy.js'
import { equivalentRoleDefinition, assignmentOfExactly } from './reuse.js'
import { derivedName } from '../model/derived-name.js'
import { nameProblem } from '../model/integrity/check-names.js'
import { quote } from '../model/quote.js'
import { matchesPrincipal, type Template } from '../templates/template.js'

export interface DelegateOptions {
  readonly app: string
  /** The scope to delegate in; absent for the application level. */
  readonly scope?: string
  /** Operations from a least-privilege template, ... */
  readonly template?: Template
  /** ... or given one by one (OperationID or name); given with a template, they extend it. */
  readonly operations?: readonly OperationRef[]
  readonly principals: readonly PrincipalRef[]
  /**
   * Name of the role assignment; default: "<template title> (<scope>)" (or
   * "Delegated operations (<scope>)"), made to fit AzMan's name rules (see derivedName).
   */
  readonly name?: string
  /** Name of the role definition; default: the template's, or the role assignment's name. */
  readonly roleDefinition?: string
}

/** A delegation's change set, and what it says about it: the objects it reuses, whether it departs from its template. */
export interface DelegationPlan {
  readonly changeSet: ChangeSet
  /** Sentences for the plan (its warnings): what was reused instead of created, and a template extended by operations. */
  readonly notes: readonly string[]
}

/** Refuses a template that does not fit the application, the level or a principal. */
function checkTemplate(template: Template, app: Application, options: DelegateOptions): void {
  if (template.application.toLowerCase() !== app.name.toLowerCase()) {
    throw new InvalidChangeError('AZMAN_ERR_CHANGE_TEMPLATE_MISMATCH', `template ${quote(template.name)} is for application ${quote(template.application)}, not ${quote(app.name)}`)
  }
  if (template.assignableAt === 'scope' && options.scope === undefined) {
    throw new InvalidChangeError(
      'AZMAN_ERR_CHANGE_TEMPLATE_MISMATCH',
      `template ${quote(template.name)} may only be assigned inside a scope (an application-level assignment applies to every VM); pass --scope`,
    )
  }
  if (template.assignableAt === 'application' && options.scope !== undefined) {
    throw new InvalidChangeError('AZMAN_ERR_CHANGE_TEMPLATE_MISMATCH', `template ${quote(template.name)} is assigned at application level; leave out --scope`)
  }
  for (const p of options.principals) {
    const sid = 'sid' in p ? checkedSid(p.sid) : 'account' in p ? accountSid(p.account) : undefined
    const forbidden = sid === undefined ? undefined : template.forbiddenPrincipals.find((f) => matchesPrincipal(f.sid, sid))
    if (forbidden) {
      throw new InvalidChangeError('AZMAN_ERR_CHANGE_FORBIDDEN_PRINCIPAL', `template ${quote(template.name)} must never be held by ${forbidden.name} (${sid}); delegate to a specific group or user`)
    }
  }
}

/** What the delegation grants: the template's operations (those this application defines, or required), then the extra ones; and which of those extend the template. */
function wantedOperations(app: Application, template: Template | undefined, given: readonly OperationRef[]): { operations: Operation[]; added: Operation[] } {
  // A template's optional operations that this application does not define (355 on Windows Server 2008) are left out.
  const fromTemplate = (template?.operations ?? []).filter((o) => o.required || app.operations.some((a) => operationNumber(a) === o.id)).map((o) => findOperation(app, o.id))
  const added: Operation[] = []
  for (const ref of given) {
    const op = findOperation(app, ref)
    if (![...fromTemplate, ...added].includes(op)) added.push(op)
  }
  return { operations: [...fromTemplate, ...added], added: template === undefined ? [] : added }
}

/** A role definition of that name that grants other operations than wanted, directly, is refused (reusing it would grant more or less). */
function checkNamedRoleDefinition(app: Application, rdScope: string | undefined, rdName: string, operations: readonly Operation[]): void {
  const rdHome = rdScope === undefined ? app.tasks : (byName(app.scopes, rdScope)?.tasks ?? [])
  const existingRd = byName(rdHome, rdName)
  if (!existingRd) return
  const wanted = new Set(operations.map((o) => guidKey(o.guid)))
  const has = new Set(existingRd.operationLinks.map(guidKey))
  const same = existingRd.roleDefinition && existingRd.taskLinks.length === 0 && wanted.size === has.size && [...wanted].every((g) => has.has(g))
  if (same) return
  const ids = existingRd.operationLinks.map((g) => app.operations.find((o) => guidKey(o.guid) === guidKey(g))).map((o) => (o ? (operationNumber(o) ?? o.name) : '?'))
  throw new InvalidChangeError(
    'AZMAN_ERR_CHANGE_EXISTS',
    `${existingRd.roleDefinition ? 'role definition' : 'task'} ${quote(existingRd.name)} already exists with other content (${ids.join(', ') || 'nested tasks'}); pass --role-definition with another name`,
  )
}

const opsText = (ops: readonly Operation[]): string => ops.map((o) => `${o.operationId.trim()} ${quote(o.name)}`).join(', ')

/** The names the delegation gives: given, or derived from the template (extended: saying so) or the operations. */
function delegationNames(template: Template | undefined, added: readonly Operation[], options: DelegateOptions): { raName: string; rdName: string } {
  const where = options.scope === undefined ? 'application level' : options.scope
  const plus = added.length === 0 ? '' : ` plus ${added.map((o) => o.operationId.trim()).join(', ')}`
  // A name the user did not type must not be what fails: it is made to fit AzMan's rules.
  const raName = options.name ?? derivedName('role-assignment', `${template ? `${template.title}${plus}` : 'Delegated operations'} (${where})`)
  if (options.roleDefinition !== undefined) return { raName, rdName: options.roleDefinition }
  if (template === undefined) return { raName, rdName: derivedName('role-definition', raName) }
  if (added.length > 0) return { raName, rdName: derivedName('role-definition', `${template.roleDefinition}${plus}`) }
  const problem = nameProblem('role-definition', template.roleDefinition)
  if (problem) {
    throw new InvalidChangeError(
      'AZMAN_ERR_CHANGE_INVALID_NAME',
      `template ${quote(template.name)} names its role definition ${quote(template.roleDefinition)}: ${problem.message}; give one that fits with --role-definition ("roleDefinition" over REST)`,
    )
  }
  return { raName, rdName: template.roleDefinition }
}

/**
 * The guide's delegation workflow as one change set: create (or reuse) the
 * role definition with exactly the wanted operations, create (or reuse) the
 * scope and the role assignment in it, and add the members. A role definition
 * from a template lives at application level so every scope can reuse it; one
 * from explicit operations lives in the scope.
 */
export function delegate(policy: PolicyStore, options: DelegateOptions): ChangeSet {
  return planDelegation(policy, options).changeSet
}

/**
 * {@link delegate}, with what it says about the change set. With a template
 * (and no role definition name given), an existing role definition whose
 * effective operations equal the wanted ones is reused whatever its name,
 * and, when no role assignment name is given, a role assignment in the place
 * that links exactly that definition gets the members. Operations given with
 * a template extend it: the result is no longer the template, and the notes
 * say so.
 */
export function planDelegation(policy: PolicyStore, options: DelegateOptions): DelegationPlan {
  const { template } = options
  if (template === undefined && (options.operations === undefined || options.operations.length === 0)) {
    throw new InvalidChangeError('AZMAN_ERR_CHANGE_DELEGATION', 'give a template or operations to delegate (operations given with a template extend it)')
  }
  if (options.principals.length === 0) throw new InvalidChangeError('AZMAN_ERR_CHANGE_DELEGATION', 'name at least one principal to delegate to (--sid or --account)')
  const app = findApp(policy, options.app)
  if (template) checkTemplate(template, app, options)
  const { operations, added } = wantedOperations(app, template, options.operations ?? [])
  const { raName, rdName } = delegationNames(template, added, options)
  const notes: string[] = []
  if (template && added.length > 0) notes.push(`the result is no longer template ${template.name}: it adds ${opsText(added)} (role definition ${quote(rdName)})`)
  const rdScope = template ? undefined : options.scope
  const reused = template && options.roleDefinition === undefined ? equivalentRoleDefinition(policy, app, options.scope, operations, rdName) : undefined
  if (!reused) checkNamedRoleDefinition(app, rdScope, rdName, operations)

  const inScope = options.scope === undefined ? {} : { scope: options.scope }
  const changes: Change[] = []
  if (options.scope !== undefined) changes.push({ type: 'create-scope', app: app.name, name: options.scope })
  // Operations as given (explicit ones as the user wrote them); a template's by OperationID.
  const refs: OperationRef[] = template ? operations.map((o) => operationNumber(o) ?? o.name) : [...(options.operations ?? [])]
  if (reused) {
    const at = reused.scope === undefined ? 'at application level' : `in scope ${quote(reused.scope)}`
    notes.push(
      `reused role definition ${quote(reused.task.name)} ${at}: its effective operations are exactly ${template && added.length === 0 ? `template ${template.name}'s` : 'the wanted ones'}; no new role definition`,
    )
  } else changes.push({ type: 'create-role-definition', app: app.name, ...(rdScope === undefined ? {} : { scope: rdScope }), name: rdName, operations: refs })
  const rdUsed = reused?.task.name ?? rdName
  const scope = options.scope === undefined ? undefined : byName(app.scopes, options.scope)
  const here = options.scope === undefined ? app.roleAssignments : (scope?.roleAssignments ?? [])
  const exact = reused && options.name === undefined ? assignmentOfExactly(here, reused.task) : undefined
  if (exact) notes.push(`reused role assignment ${quote(exact.name)}: it grants exactly role definition ${quote(rdUsed)}; the members are added to it`)
  const existingRa = exact ?? byName(here, raName)
  if (existingRa && !exact) changes.push({ type: 'add-role-assignment-tasks', app: app.name, ...inScope, roleAssignment: existingRa.name, roleDefinitions: [rdUsed] })
  if (!existingRa) changes.push({ type: 'create-role-assignment', app: app.name, ...inScope, name: raName, roleDefinitions: [rdUsed] })
  changes.push({ type: 'add-role-assignment-members', app: app.name, ...inScope, roleAssignment: existingRa?.name ?? raName, members: options.principals })
  return { changeSet: { changes }, notes }
}
