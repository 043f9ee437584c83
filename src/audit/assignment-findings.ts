import { operationNumber, type Operation } from '../model/policy.js'
import { quote } from '../model/quote.js'
import { wellKnownSidName } from '../model/sid.js'
import { assignableAtText, forbiddenPrincipal, type Template } from '../templates/template.js'
import type { AssignmentFacts } from '../access/assignment-facts.js'
import type { TemplateChoice } from './choose-template.js'
import { AuditCode, type AuditFinding, type FindingPrincipal, type OperationRefOut } from './finding.js'
import { broadPrincipal, isDomainSid, isHostLocal, unresolvableSid } from './principal-kinds.js'
import type { Severity } from './severity.js'

/** An operation as reports name it. */
export function operationRef(op: Operation): OperationRefOut {
  return { id: operationNumber(op) ?? null, name: op.name }
}

/** Operations in OperationID order (non-numeric IDs last, by name). */
export function sortOperations(ops: Iterable<Operation>): Operation[] {
  const key = (o: Operation): number => operationNumber(o) ?? Number.MAX_SAFE_INTEGER
  return [...ops].sort((a, b) => key(a) - key(b) || a.name.localeCompare(b.name))
}

function list(ops: readonly Operation[]): string {
  const shown = ops.slice(0, 8).map((o) => `${o.operationId.trim()} ${quote(o.name)}`)
  return ops.length > 8 ? `${shown.join(', ')} and ${ops.length - 8} more` : shown.join(', ')
}

function throughGroups(via: readonly string[]): string {
  return via.length === 0 ? 'as a direct member' : `through group ${via.map(quote).join(' > ')}`
}

/** One role assignment, with everything the findings are computed from. */
export interface AssignmentUnderAudit {
  readonly app: string
  readonly scope: string | undefined
  readonly name: string
  readonly facts: AssignmentFacts
  readonly choice: TemplateChoice
  /** Every operation of the application. */
  readonly appOperations: readonly Operation[]
  /** Whether the role assignment lists any member SID or group at all. */
  readonly listsMembers: boolean
  /** SID -> name from the binding file; when given, domain SIDs missing from it are unresolved. */
  readonly principalNames: ReadonlyMap<string, string> | undefined
}

/** The name a report gives a SID: well known, or from the binding file. */
export function sidName(sid: string, names: ReadonlyMap<string, string> | undefined): string | null {
  return wellKnownSidName(sid) ?? names?.get(sid) ?? null
}

/** Adds one finding about the role assignment under audit. */
type AddFinding = (severity: Severity, code: AuditCode, principal: FindingPrincipal | null, operations: readonly Operation[], message: string) => void

/** What every group of checks reads: the role assignment, its template (if any), what it grants, and where findings go. */
interface FindingContext {
  readonly a: AssignmentUnderAudit
  readonly template: Template | null
  /** Every operation it grants, certain or conditional, in OperationID order. */
  readonly granted: readonly Operation[]
  /** `at application level` or `in scope "S"`. */
  readonly where: string
  readonly add: AddFinding
}

/** The findings about one role assignment, in a fixed order of codes. */
export function assignmentFindings(a: AssignmentUnderAudit): AuditFinding[] {
  const template: Template | null = a.choice.template
  const findings: AuditFinding[] = []
  const ctx: FindingContext = {
    a,
    template,
    granted: sortOperations([...a.facts.certain, ...a.facts.conditional.keys()]),
    where: a.scope === undefined ? 'at application level' : `in scope ${quote(a.scope)}`,
    add: (severity, code, principal, operations, message) => {
      findings.push({ severity, code, app: a.app, scope: a.scope ?? null, roleAssignment: a.name, principal, operations: operations.map(operationRef), template: template?.name ?? null, message })
    },
  }
  templateChoiceFindings(ctx)
  placeFindings(ctx)
  if (template !== null) templateOperationFindings(ctx, template)
  holderFindings(ctx)
  memberFindings(ctx)
  grantFindings(ctx)
  return findings
}

/** Which template, and how it was chosen. */
function templateChoiceFindings({ a, template, add }: FindingContext): void {
  if (a.choice.by === 'closest')
    add('info', AuditCode.ClosestFit, null, [], `held against template ${template?.name ?? ''}: ${a.choice.reason}; bind it in a binding file to say which template it should meet`)
  if (template === null) add('info', AuditCode.NoTemplate, null, [], `held against no template: ${a.choice.reason}; only the checks that need no template were made`)
}

/** Where it is assigned, against where the template may be assigned. */
function placeFindings({ a, template, granted, add }: FindingContext): void {
  if (template?.assignableAt === 'scope' && a.scope === undefined) {
    add(
      'high',
      AuditCode.ApplicationLevel,
      null,
      granted,
      `assigned at application level, so it applies in every scope (to every VM on a Hyper-V host); template ${template.name} may be assigned ${assignableAtText('scope')}: move it into the scope it is meant for`,
    )
  }
  if (template?.assignableAt === 'application' && a.scope !== undefined) {
    add(
      'low',
      AuditCode.ScopeLevel,
      null,
      granted,
      `assigned in scope ${quote(a.scope)}; template ${template.name} is assigned ${assignableAtText('application')}, and operations on the host itself are checked at application level, where this grant does not apply`,
    )
  }
}

/** Operations against the template: granted beyond it, required and missing. */
function templateOperationFindings({ a, granted, add }: FindingContext, template: Template): void {
  const grants = a.facts
  const allowed = new Set(template.operations.map((o) => o.id))
  const beyond = granted.filter((op) => !allowed.has(operationNumber(op) ?? Number.NaN))
  if (beyond.length > 0) {
    const onlyRule = beyond.filter((op) => !grants.certain.has(op))
    const ruleNote = onlyRule.length === 0 ? '' : ` (${onlyRule.length} of them only through a business rule)`
    add('medium', AuditCode.ExcessOperations, null, beyond, `grants ${beyond.length} operation${beyond.length === 1 ? '' : 's'} beyond template ${template.name}${ruleNote}: ${list(beyond)}`)
  }
  const byId = new Map(a.appOperations.map((op) => [operationNumber(op), op]))
  const missing = template.operations
    .filter((o) => o.required)
    .map((o) => byId.get(o.id))
    .filter((op): op is Operation => op !== undefined && !grants.certain.has(op))
  if (missing.length > 0) {
    const onlyRule = missing.filter((op) => grants.conditional.has(op))
    const ruleNote = onlyRule.length === 0 ? '' : ` (${list(onlyRule)} only through a business rule)`
    add(
      'low',
      AuditCode.RequiredMissing,
      null,
      missing,
      `lacks ${missing.length} operation${missing.length === 1 ? '' : 's'} template ${template.name} requires${ruleNote}: ${list(missing)}; the job cannot be done with it alone`,
    )
  }
}

/** Who holds it: forbidden, broad, host-local and unresolved principals, each SID once. */
function holderFindings({ a, template, granted, add }: FindingContext): void {
  const grants = a.facts
  const fullControl = a.appOperations.length > 0 && a.appOperations.every((op) => grants.certain.has(op))
  const seen = new Set<string>()
  for (const { sid, via } of grants.holders) {
    if (seen.has(sid)) continue
    seen.add(sid)
    const principal = { sid, name: sidName(sid, a.principalNames) }
    const shown = principal.name === null ? sid : `${principal.name} (${sid})`
    const how = throughGroups(via)
    const forbidden = template === null ? undefined : forbiddenPrincipal(template, sid)
    const broad = broadPrincipal(sid)
    const severity: Severity = fullControl ? 'critical' : 'high'
    const reach = fullControl ? `; it grants every operation of ${quote(a.app)}: full control` : ''
    if (forbidden) {
      add(
        severity,
        AuditCode.ForbiddenPrincipal,
        principal,
        granted,
        `${shown} holds it ${how}; template ${template?.name ?? ''} must never be held by ${forbidden.name}${broad ? ` (${broad})` : ''}${reach}: grant it to a specific group instead`,
      )
    } else if (broad) {
      add(severity, AuditCode.BroadPrincipal, principal, granted, `${shown} holds it ${how}: that is ${broad}${reach}; grant it to a specific group instead`)
    } else if (isHostLocal(sid)) {
      add('info', AuditCode.HostLocalPrincipal, principal, [], `${shown} holds it ${how}; its members are decided on each host, so this store alone cannot tell who they are`)
    }
    const unresolved = unresolvableSid(sid) ?? (a.principalNames !== undefined && isDomainSid(sid) && principal.name === null ? 'is not among the principals of the binding file' : undefined)
    if (unresolved !== undefined) add('medium', AuditCode.UnresolvedMember, principal, [], `member ${sid} ${how} ${unresolved}; remove it, or find out whose it is`)
  }
}

/** Members decided at run time, broken member links, and nobody holding it at all. */
function memberFindings({ a, granted, where, add }: FindingContext): void {
  const grants = a.facts
  for (const d of grants.runTime) {
    const rule =
      d.type === 'LdapQuery' ? `an LDAP-query group (${d.query === null ? 'no query' : quote(d.query)})` : d.type === 'Bizrule' ? 'a BizRule group' : 'a group of a type AzMan does not define'
    if (d.nonMember) {
      add('low', AuditCode.DynamicMember, { sid: null, name: d.name }, [], `non-member group ${quote(d.name)} is ${rule}: who it takes away is decided at run time, so fewer may hold it than listed`)
    } else {
      add(
        'medium',
        AuditCode.DynamicMember,
        { sid: null, name: d.name },
        granted,
        `group ${quote(d.name)} holds it; it is ${rule}, so who holds it is decided at run time and cannot be audited from the store`,
      )
    }
  }
  for (const b of grants.broken) {
    const of = b.from === null ? 'the role assignment' : `group ${quote(b.from)}`
    const link = `a ${b.nonMember ? 'non-member' : 'member'} link of ${of} (${b.guid}) ${b.problem}`
    add('medium', AuditCode.DanglingMember, null, [], b.loop ? `${link}: remove one link of the loop` : `${link}; AzMan ignores it: remove it or restore the group`)
  }
  if (grants.holders.length === 0 && !grants.runTime.some((d) => !d.nonMember)) {
    const why = a.listsMembers ? 'every member it lists is excluded by a non-member entry, or sits in empty groups or behind broken links' : 'it lists no member'
    add('low', AuditCode.NoMembers, null, granted, `nobody holds it ${where}: ${why}; delete it, or add the members it is meant for`)
  }
}

/** What it grants: operations only through business rules, or none. */
function grantFindings({ a, granted, where, add }: FindingContext): void {
  const grants = a.facts
  if (grants.conditional.size > 0) {
    const rules = new Set<string>()
    for (const tasks of grants.conditional.values()) for (const task of tasks) rules.add(task)
    const ops = sortOperations(grants.conditional.keys())
    add('medium', AuditCode.BizRuleGrant, null, ops, `grants ${list(ops)} only through business rules (${[...rules].map(quote).join(', ')}), which run at access time and cannot be evaluated here`)
  }
  if (granted.length === 0) add('low', AuditCode.NoOperations, null, [], `grants no operation ${where}: it links no operation, or only tasks and role definitions without any`)
}
