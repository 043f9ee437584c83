import { AccessIndex } from '../access/index.js'
import { operationNumber, type Application, type PolicyStore } from '../model/policy.js'
import { quote } from '../model/quote.js'
import { LinkResolver } from '../model/resolve.js'
import type { Template } from '../templates/template.js'
import type { ReportMeta } from '../report/report-meta.js'
import { assignmentFacts } from '../access/assignment-facts.js'
import { assignmentFindings, operationRef, sidName, sortOperations } from './assignment-findings.js'
import type { Binding, BindingFile } from './binding.js'
import { chooseTemplate } from './choose-template.js'
import { expiredMemberFindings, type AuditExpiries } from './expired-members.js'
import { ConnectAudit } from './connect-findings.js'
import { AuditCode, type AuditFinding } from './finding.js'
import { matrixRow } from './matrix.js'
import type { AuditedAssignment, AuditMatrix, AuditReport, MatrixRow } from './report.js'
import { reaches, SEVERITIES, severityRank, worst, type FailOn, type Severity } from './severity.js'

export interface AuditOptions {
  /** How the store was named, for the report. */
  readonly store: string
  readonly templates: readonly Template[]
  readonly binding?: BindingFile
  readonly failOn: FailOn
  /** The evidence header the report carries first (`reportMeta`). */
  readonly report?: ReportMeta
  /** Members with an expiry (the store's expiry file): those past it and still there are findings. */
  readonly expiries?: AuditExpiries
}

/** Template operations whose OperationID this application defines under another name: the template may not be meant for it. */
function templateNameFindings(app: Application, templates: readonly Template[]): AuditFinding[] {
  const out: AuditFinding[] = []
  const byId = new Map(app.operations.map((op) => [operationNumber(op), op]))
  for (const template of templates) {
    if (template.application.toLowerCase() !== app.name.toLowerCase()) continue
    const differ = template.operations.filter((o) => {
      const op = byId.get(o.id)
      return op !== undefined && op.name.trim().toLowerCase() !== o.name.trim().toLowerCase()
    })
    if (differ.length === 0) continue
    out.push({
      severity: 'low',
      code: AuditCode.TemplateOperationName,
      app: app.name,
      scope: null,
      roleAssignment: null,
      principal: null,
      operations: differ.map((o) => ({ id: o.id, name: o.name })),
      template: template.name,
      message: `template ${template.name} names ${differ.map((o) => `${o.id} ${quote(o.name)} (here ${quote(byId.get(o.id)?.name ?? '')})`).join(', ')}; operations are checked by OperationID, so make sure the template is meant for this application`,
    })
  }
  return out
}

function unmatchedBinding(b: Binding): AuditFinding {
  return {
    severity: 'low',
    code: AuditCode.BindingUnmatched,
    app: b.app,
    scope: b.scope ?? null,
    roleAssignment: b.roleAssignment,
    principal: null,
    operations: [],
    template: b.template?.name ?? null,
    message: `the binding ${b.at} names role assignment ${quote(b.roleAssignment)}${b.scope === undefined ? ' at application level' : b.scope === '*' ? '' : ` in scope ${quote(b.scope)}`}, which this store does not have; it may have been renamed or removed`,
  }
}

/**
 * Holds every role assignment of a store against least-privilege templates
 * and reports what departs from them. Pure: reads the model, returns the
 * report (findings most severe first, in store order within a severity).
 */
export function auditStore(policy: PolicyStore, options: AuditOptions): AuditReport {
  const resolver = new LinkResolver(policy)
  const bindings = options.binding?.bindings ?? []
  const principalNames = options.binding?.principals
  const used = new Set<Binding>()
  const findings: AuditFinding[] = []
  const assignments: AuditedAssignment[] = []
  const matrices: AuditMatrix[] = []

  for (const app of policy.applications) {
    findings.push(...templateNameFindings(app, options.templates))
    const appOperations = sortOperations(app.operations)
    const defined = new Set(appOperations.map(operationNumber).filter((n): n is number => n !== undefined))
    const rows: MatrixRow[] = []
    const index = AccessIndex.build(policy, app, { resolver })
    const connect = new ConnectAudit()
    for (const containerIndex of index.containers()) {
      const { container } = containerIndex
      for (const ra of container.roleAssignments) {
        const facts = assignmentFacts(index, ra)
        connect.note(container.scope?.name, facts)
        const linkedNames = ra.taskLinks.flatMap((g) => {
          const r = resolver.task(container, g)
          return r.status === 'found' ? [r.target.name] : []
        })
        const granted = new Set([...facts.certain, ...facts.conditional.keys()].map(operationNumber).filter((n): n is number => n !== undefined))
        const scope = container.scope?.name
        const choice = chooseTemplate({ app: app.name, scope, name: ra.name, linkedNames, granted, defined }, options.templates, bindings)
        if (choice.binding) used.add(choice.binding)
        const listsMembers = ra.members.length > 0 || ra.appMemberLinks.length > 0
        const own = assignmentFindings({ app: app.name, scope, name: ra.name, facts, choice, appOperations, listsMembers, principalNames })
        findings.push(...own)
        const severity = worst(own.map((f) => f.severity)) ?? null
        assignments.push({
          app: app.name,
          scope: scope ?? null,
          roleAssignment: ra.name,
          guid: ra.guid,
          template: choice.template?.name ?? null,
          chosenBy: choice.by,
          reason: choice.reason,
          holders: facts.holders.map(({ sid, via, certainty }) => ({ sid, name: sidName(sid, principalNames), via, certainty })),
          runTimeGroups: facts.runTime,
          granted: sortOperations(facts.certain).map(operationRef),
          conditional: sortOperations(facts.conditional.keys()).map(operationRef),
          severity,
        })
        rows.push(matrixRow({ scope: scope ?? null, roleAssignment: ra.name, template: choice.template, severity, grants: facts, appOperations }))
      }
    }
    findings.push(...connect.findings(app.name, index, principalNames))
    matrices.push({ app: app.name, operations: appOperations.map(operationRef), rows })
  }
  for (const b of bindings) if (!used.has(b)) findings.push(unmatchedBinding(b))
  if (options.expiries !== undefined) findings.push(...expiredMemberFindings(policy, options.expiries))

  // Most severe first; Array.prototype.sort is stable, so store order holds within a severity.
  findings.sort((x, y) => severityRank(y.severity) - severityRank(x.severity))
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length])) as Record<Severity, number>
  return {
    ...(options.report === undefined ? {} : { report: options.report }),
    store: options.store,
    templates: options.templates.map((t) => t.name),
    failOn: options.failOn,
    counts,
    failed: findings.some((f) => reaches(f.severity, options.failOn)),
    assignments,
    findings,
    matrices,
  }
}
