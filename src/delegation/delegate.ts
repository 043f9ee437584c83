import { InvalidChangeError } from '../errors/change-errors.js'
import { findApp, findOperation, byName } from '../change-set/locate.js'
import { accountSid, checkedSid } from '../change-set/principals.js'
import type { Change, ChangeSet, OperationRef, PrincipalRef } from '../change-set/change.js'
import { guidKey, operationNumber, type PolicyStore } from '../model/policy.js'
import { derivedName } from '../model/derived-name.js'
import { nameProblem } from '../model/integrity/check-names.js'
import { quote } from '../model/quote.js'
import { matchesPrincipal, type Template } from '../templates/template.js'

export interface DelegateOptions {
  readonly app: string
  /** The scope to delegate in; absent for the application level. */
  readonly scope?: string
  /** Operations from a least-privilege template ... */
  readonly template?: Template
  /** ... or given one by one (OperationID or name). */
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

/**
 * The guide's delegation workflow as one change set: create (or reuse) the
 * role definition with exactly the wanted operations, create (or reuse) the
 * scope and the role assignment in it, and add the members. A role definition
 * from a template lives at application level so every scope can reuse it; one
 * from explicit operations lives in the scope.
 */
export function delegate(policy: PolicyStore, options: DelegateOptions): ChangeSet {
  const { template } = options
  if ((template === undefined) === (options.operations === undefined || options.operations.length === 0)) {
    throw new InvalidChangeError('AZMAN_ERR_CHANGE_DELEGATION', 'give either a template or operations to delegate, not both and not neither')
  }
  if (options.principals.length === 0) throw new InvalidChangeError('AZMAN_ERR_CHANGE_DELEGATION', 'name at least one principal to delegate to (--sid or --account)')
  const app = findApp(policy, options.app)
  if (template) {
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
  const where = options.scope === undefined ? 'application level' : options.scope
  // A name the user did not type must not be what fails: it is made to fit AzMan's rules.
  const raName = options.name ?? derivedName('role-assignment', `${template ? template.title : 'Delegated operations'} (${where})`)
  const rdName = options.roleDefinition ?? template?.roleDefinition ?? derivedName('role-definition', raName)
  if (options.roleDefinition === undefined && template !== undefined) {
    const problem = nameProblem('role-definition', template.roleDefinition)
    if (problem) {
      throw new InvalidChangeError(
        'AZMAN_ERR_CHANGE_INVALID_NAME',
        `template ${quote(template.name)} names its role definition ${quote(template.roleDefinition)}: ${problem.message}; give one that fits with --role-definition ("roleDefinition" over REST)`,
      )
    }
  }
  const rdScope = template ? undefined : options.scope
  // A template's optional operations that this application does not define (355 on Windows Server 2008) are left out.
  const operations: OperationRef[] = template
    ? template.operations.filter((o) => o.required || app.operations.some((a) => operationNumber(a) === o.id)).map((o) => o.id)
    : [...(options.operations ?? [])]

  // Reusing a role definition is safe only when it grants exactly these operations, directly.
  const rdHome = rdScope === undefined ? app.tasks : (byName(app.scopes, rdScope)?.tasks ?? [])
  const existingRd = byName(rdHome, rdName)
  if (existingRd) {
    const wanted = new Set(operations.map((ref) => guidKey(findOperation(app, ref).guid)))
    const has = new Set(existingRd.operationLinks.map(guidKey))
    const same = existingRd.roleDefinition && existingRd.taskLinks.length === 0 && wanted.size === has.size && [...wanted].every((g) => has.has(g))
    if (!same) {
      const ids = existingRd.operationLinks.map((g) => app.operations.find((o) => guidKey(o.guid) === guidKey(g))).map((o) => (o ? (operationNumber(o) ?? o.name) : '?'))
      throw new InvalidChangeError(
        'AZMAN_ERR_CHANGE_EXISTS',
        `${existingRd.roleDefinition ? 'role definition' : 'task'} ${quote(existingRd.name)} already exists with other content (${ids.join(', ') || 'nested tasks'}); pass --role-definition with another name`,
      )
    }
  }

  const inScope = options.scope === undefined ? {} : { scope: options.scope }
  const changes: Change[] = []
  if (options.scope !== undefined) changes.push({ type: 'create-scope', app: app.name, name: options.scope })
  changes.push({ type: 'create-role-definition', app: app.name, ...(rdScope === undefined ? {} : { scope: rdScope }), name: rdName, operations })
  const scope = options.scope === undefined ? undefined : byName(app.scopes, options.scope)
  const existingRa = options.scope === undefined ? byName(app.roleAssignments, raName) : scope ? byName(scope.roleAssignments, raName) : undefined
  if (existingRa) changes.push({ type: 'add-role-assignment-tasks', app: app.name, ...inScope, roleAssignment: existingRa.name, roleDefinitions: [rdName] })
  else changes.push({ type: 'create-role-assignment', app: app.name, ...inScope, name: raName, roleDefinitions: [rdName] })
  changes.push({ type: 'add-role-assignment-members', app: app.name, ...inScope, roleAssignment: existingRa?.name ?? raName, members: options.principals })
  return { changes }
}
