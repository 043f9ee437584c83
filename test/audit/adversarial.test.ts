/**
 * Hostile cases for the template audit: broad principals hidden behind
 * nested groups (application, scope and store level), behind run-time
 * non-member exclusions, spelled in other forms; and an HTML report of a
 * store whose every name is markup.
 */
import t from 'tap'
import { auditStore } from '../../src/audit/audit-store.js'
import { AuditCode, type AuditFinding } from '../../src/audit/finding.js'
import type { AuditReport } from '../../src/audit/report.js'
import { auditHtml } from '../../src/audit/render/html.js'
import type { PolicyStore } from '../../src/model/policy.js'
import { group, roleAssignment, scope, task } from '../model/factories.js'
import { ALICE, DOMAIN, baseStore, opLinks, rd, shippedTemplates, withAdded } from './hyperv-store.js'

const templates = await shippedTemplates()

function audit(policy: PolicyStore): AuditReport {
  return auditStore(policy, { store: 'store.xml', templates, failOn: 'high' })
}

const BROAD = [
  ['S-1-1-0', 'Everyone'],
  ['S-1-5-11', 'Authenticated Users'],
  [`${DOMAIN}-513`, 'Domain Users'],
  ['S-1-5-32-545', 'BUILTIN\\Users'],
] as const

/** Findings that flag `sid` as a broad or forbidden holder of role assignment `ra`, at high or above. */
function flagged(report: AuditReport, ra: string, sid: string): AuditFinding[] {
  return report.findings.filter(
    (f) =>
      f.roleAssignment === ra && (f.code === AuditCode.BroadPrincipal || f.code === AuditCode.ForbiddenPrincipal) && f.principal?.sid === sid && (f.severity === 'high' || f.severity === 'critical'),
  )
}

/**
 * A VM-operator role assignment in scope "Lab VMs", held by the scope group "Lab Ops", which nests
 * the application group "Ops", which nests the store group "Everybody" that lists `member`.
 * `extra` adds non-member entries to "Ops".
 */
function nestedStore(member: string, extra: { nonMembers?: string[]; nonMemberGroups?: ReturnType<typeof group>[] } = {}): PolicyStore {
  const base = baseStore()
  const def = rd(base, 'VM Operator (Lab VMs)', 315, 320, 325, 340, 345)
  const everybody = group('Everybody', { members: [member] })
  const ops = group('Ops', { appMemberLinks: [everybody.guid], nonMembers: extra.nonMembers ?? [], appNonMemberLinks: (extra.nonMemberGroups ?? []).map((g) => g.guid) })
  const labOps = group('Lab Ops', { appMemberLinks: [ops.guid] })
  const lab = scope('Lab VMs', { groups: [labOps], tasks: [def], roleAssignments: [roleAssignment('VM Operators (Lab VMs)', { taskLinks: [def.guid], appMemberLinks: [labOps.guid] })] })
  return withAdded(base, { storeGroups: [everybody], groups: [ops, ...(extra.nonMemberGroups ?? [])], scopes: [lab] })
}

t.test('a broad principal held through store > application > scope groups is flagged high', async (t) => {
  for (const [sid, name] of BROAD) {
    const report = audit(nestedStore(sid))
    const hits = flagged(report, 'VM Operators (Lab VMs)', sid)
    t.equal(hits.length, 1, `${name} (${sid}) is flagged once`)
    t.match(hits[0]?.message ?? '', /Everybody/, 'the message names the group chain')
    t.ok(report.failed, 'the audit fails at --fail-on high')
  }
})

t.test('a broad principal is still flagged when a non-member entry removes someone else', async (t) => {
  for (const [sid, name] of BROAD) {
    const report = audit(nestedStore(sid, { nonMembers: [ALICE] }))
    t.equal(flagged(report, 'VM Operators (Lab VMs)', sid).length, 1, name)
  }
})

t.test('a broad principal is still flagged when an LDAP-query non-member group may remove some', async (t) => {
  const ldap = group('Contractors', { groupType: 'LdapQuery', ldapQuery: '(employeeType=contractor)' })
  for (const [sid, name] of BROAD) {
    const report = audit(nestedStore(sid, { nonMemberGroups: [ldap] }))
    t.equal(flagged(report, 'VM Operators (Lab VMs)', sid).length, 1, name)
  }
})

t.test('a broad principal written in lower case is flagged', async (t) => {
  const report = audit(nestedStore('s-1-1-0'))
  t.equal(flagged(report, 'VM Operators (Lab VMs)', 'S-1-1-0').length, 1)
})

t.test('a broad principal on a role assignment that grants only through a BizRule is flagged', async (t) => {
  const base = baseStore()
  const ruled = task('Start In Hours', { operationLinks: opLinks(base, 315), language: 'JScript', script: 'AzBizRuleContext.BusinessRuleResult = true;' })
  const everybody = group('Everybody', { members: ['S-1-5-11'] })
  const policy = withAdded(base, { tasks: [ruled], groups: [everybody], roleAssignments: [roleAssignment('Starters', { taskLinks: [ruled.guid], appMemberLinks: [everybody.guid] })] })
  t.equal(flagged(audit(policy), 'Starters', 'S-1-5-11').length, 1)
})

t.test('Domain Users spelled with a leading zero in its RID (the same SID to Windows) is still flagged', async (t) => {
  // ConvertStringSidToSid reads sub-authorities as numbers: ...-0513 is ...-513, Domain Users.
  const report = audit(nestedStore(`${DOMAIN}-0513`))
  const hits = report.findings.filter((f) => f.roleAssignment === 'VM Operators (Lab VMs)' && (f.code === AuditCode.BroadPrincipal || f.code === AuditCode.ForbiddenPrincipal))
  t.equal(hits.length, 1, 'flagged as a broad principal')
})

t.test('the HTML report of a store whose names are markup contains no live markup from the store', async (t) => {
  const evil = '<img src=x onerror=alert(1)>"\'&'
  const base = baseStore()
  const def = rd(base, `RD ${evil}`, 315)
  const g = group(`G ${evil}`, { members: [`<script>alert(2)</script>`, 'S-1-1-0'] })
  const ldap = group(`L ${evil}`, { groupType: 'LdapQuery', ldapQuery: `(cn=</td><script>alert(3)</script>)` })
  const sc = scope(`Scope ${evil}`, { groups: [], tasks: [def], roleAssignments: [roleAssignment(`RA ${evil}`, { taskLinks: [def.guid], appMemberLinks: [g.guid, ldap.guid] })] })
  const policy = withAdded(base, { groups: [g, ldap], scopes: [sc] })
  const html = auditHtml(audit(policy))
  t.notMatch(html, /<img/i, 'no img element from a name')
  t.notMatch(html, /<script/i, 'no script element from a name, a SID or a query')
  t.notMatch(html, /onerror=alert\(1\)>"/, 'no raw quote after a name that could close an attribute')
  t.match(html, /&lt;img src=x onerror=alert\(1\)&gt;&quot;&#39;&amp;/, 'the name is shown escaped')
  t.match(html, /&lt;script&gt;alert\(2\)&lt;\/script&gt;/, 'the bad SID is shown escaped')
})
