import t, { type Test } from 'tap'
import { auditStore } from '../../src/audit/audit-store.js'
import { parseBinding } from '../../src/audit/binding.js'
import { AuditCode, type AuditFinding } from '../../src/audit/finding.js'
import type { AuditReport } from '../../src/audit/report.js'
import type { FailOn } from '../../src/audit/severity.js'
import type { PolicyStore } from '../../src/model/policy.js'
import { parseTemplate, type Template } from '../../src/templates/template.js'
import { ALICE, APP, BOB, DOMAIN, baseStore, group, hyperVApp, loadSample, opLinks, ra, rd, scoped, shippedTemplates, task, withAdded } from './hyperv-store.js'
import { realStore } from '../cli/run-cli.js'
import { parseXmlStore } from '../../src/xml/policy/parse-xml-store.js'
import { readFileSync } from 'node:fs'

const templates = await shippedTemplates()

function audit(policy: PolicyStore, options: { templates?: readonly Template[]; binding?: unknown; failOn?: FailOn } = {}): AuditReport {
  const ts = options.templates ?? templates
  return auditStore(policy, {
    store: 'store.xml',
    templates: ts,
    failOn: options.failOn ?? 'high',
    ...(options.binding === undefined ? {} : { binding: parseBinding(options.binding, 'binding.json', ts) }),
  })
}

/** The findings of one role assignment (by name), or of the store when null. */
function of(report: AuditReport, roleAssignment: string | null): AuditFinding[] {
  return report.findings.filter((f) => f.roleAssignment === roleAssignment)
}

function codes(findings: readonly AuditFinding[]): string[] {
  return findings.map((f) => f.code).sort()
}

function one(t: Test, findings: readonly AuditFinding[], code: AuditCode): AuditFinding | undefined {
  const hits = findings.filter((f) => f.code === code)
  t.equal(hits.length, 1, `one ${code}`)
  return hits[0]
}

const ids = (f: AuditFinding | undefined): (number | null)[] => f?.operations.map((o) => o.id) ?? []

t.test('the default stores meet the full-administrator template', async (t) => {
  for (const name of ['hyperv-2008.xml', 'hyperv-2008r2.xml']) {
    const report = audit(loadSample(name))
    t.match(report.assignments, [{ roleAssignment: 'Administrator', template: 'hyperv-full-administrator', chosenBy: 'name' }], name)
    t.same(codes(report.findings), [AuditCode.HostLocalPrincipal], `${name}: only the host-local note on BUILTIN\\Administrators`)
    t.equal(report.failed, false)
  }
})

t.test('AUDIT_EXCESS_OPERATIONS: operations beyond the template, certain and through a business rule', async (t) => {
  const p = baseStore()
  const rule = task('After hours', { operationLinks: opLinks(p, 355), script: 'AzBizRuleContext.BusinessRuleResult = true;', language: 'JScript' })
  const def = rd(p, 'Connect plus', 100, 295, 105)
  const withRule = { ...def, taskLinks: [rule.guid] }
  const report = audit(withAdded(p, { tasks: [rule, withRule], roleAssignments: [ra('Hyper-V Manager Connect', [withRule], [ALICE])] }))
  const f = one(t, of(report, 'Hyper-V Manager Connect'), AuditCode.ExcessOperations)
  t.match(f, { severity: 'medium', app: APP, scope: null, template: 'hyperv-manager-connect', principal: null })
  t.same(ids(f), [105, 355], 'the operations beyond the template, by OperationID')
  t.match(f?.message, /2 operations beyond template hyperv-manager-connect \(1 of them only through a business rule\)/)
  t.match(f?.message, /105 "Reconfigure Service"/)
})

t.test('AUDIT_EXPIRED_MEMBER: a member past its expiry still holds its role assignment; one not yet due, or gone, is no finding', async (t) => {
  const p = baseStore()
  const def = rd(p, 'Connect only', 100, 295)
  const held = ra('Hyper-V Manager Connect', [def], [ALICE])
  const policy = withAdded(p, { tasks: [def], roleAssignments: [held] })
  const entry = { app: APP, roleAssignment: { name: held.name, guid: held.guid }, sid: ALICE, expiresAt: '2026-01-31T00:00:00.000Z', addedBy: '20260101T000000.000Z-abcdef' }
  const at = (now: string, entries = [entry]) => auditStore(policy, { store: 'store.xml', templates, failOn: 'high', expiries: { entries, now: new Date(now) } })
  const due = one(t, at('2026-02-01T00:00:00Z').findings, AuditCode.ExpiredMember)
  t.match(due, { severity: 'high', app: APP, scope: null, roleAssignment: 'Hyper-V Manager Connect', principal: { sid: ALICE } })
  t.match(
    due?.message,
    /should have left role assignment "Hyper-V Manager Connect" at 2026-01-31T00:00:00.000Z \(added by journal entry 20260101T000000.000Z-abcdef\) but still holds it; run azman expire/,
  )
  t.equal(at('2026-01-30T23:59:59Z').findings.filter((f) => f.code === AuditCode.ExpiredMember).length, 0, 'not yet due')
  t.equal(at('2026-02-01T00:00:00Z', [{ ...entry, sid: BOB }]).findings.filter((f) => f.code === AuditCode.ExpiredMember).length, 0, 'a member no longer there')
})

t.test('AUDIT_REQUIRED_MISSING: required operations not granted; optional ones are not missed', async (t) => {
  const p = baseStore()
  const def = rd(p, 'Start only', 315)
  const report = audit(withAdded(p, { tasks: [def], scopes: [scoped('Lab', [ra('VM Operators', [def], [ALICE])])] }))
  const f = one(t, of(report, 'VM Operators'), AuditCode.RequiredMissing)
  t.match(f, { severity: 'low', scope: 'Lab', template: 'hyperv-vm-operator' })
  t.same(ids(f), [320, 325, 340, 345])

  const monitor = rd(p, 'Monitor', 100, 265, 270, 275, 280, 290, 295)
  const ok = audit(withAdded(p, { tasks: [monitor], roleAssignments: [ra('IT Monitor', [monitor], [ALICE])] }))
  t.same(codes(of(ok, 'IT Monitor')), [], "the IT monitor template does not require 285 and 335 (our reading of Microsoft's list)")
})

t.test('AUDIT_APPLICATION_LEVEL: a scope template assigned at application level', async (t) => {
  const p = baseStore()
  const def = rd(p, 'VM Operator', 315, 320, 325, 340, 345)
  const report = audit(withAdded(p, { tasks: [def], roleAssignments: [ra('VM Operators', [def], [ALICE])] }))
  const f = one(t, of(report, 'VM Operators'), AuditCode.ApplicationLevel)
  t.match(f, { severity: 'high', scope: null, template: 'hyperv-vm-operator' })
  t.match(f?.message, /applies in every scope/)
  t.same(ids(f), [315, 320, 325, 340, 345], 'the operations it grants everywhere')
  t.equal(report.failed, true, 'high reaches the default --fail-on')
})

t.test('AUDIT_SCOPE_LEVEL: an application template assigned in a scope', async (t) => {
  const p = baseStore()
  const def = rd(p, 'Connect', 100, 295)
  const report = audit(withAdded(p, { tasks: [def], scopes: [scoped('Lab', [ra('Hyper-V Manager Connect', [def], [ALICE])])] }))
  const f = one(t, of(report, 'Hyper-V Manager Connect'), AuditCode.ScopeLevel)
  t.match(f, { severity: 'low', scope: 'Lab', template: 'hyperv-manager-connect' })
})

t.test('AUDIT_FORBIDDEN_PRINCIPAL: a principal the template forbids, high; critical with full control', async (t) => {
  const p = baseStore()
  const def = rd(p, 'VM Operator', 315, 320, 325, 340, 345)
  const report = audit(withAdded(p, { tasks: [def], scopes: [scoped('Lab', [ra('VM Operators', [def], [`${DOMAIN}-513`, ALICE])])] }))
  const f = one(t, of(report, 'VM Operators'), AuditCode.ForbiddenPrincipal)
  t.match(f, { severity: 'high', principal: { sid: `${DOMAIN}-513`, name: '<domain>\\Domain Users' }, template: 'hyperv-vm-operator' })
  t.match(f?.message, /must never be held by <domain>\\Domain Users \(every user of the domain\)/)
  t.notOk(
    of(report, 'VM Operators').some((x) => x.code === AuditCode.BroadPrincipal),
    'reported once, as forbidden',
  )

  // A template that forbids a principal that is not broad (Domain Admins).
  const strict = parseTemplate(
    { format: 'azman-template/1', ...JSON.parse(JSON.stringify(templates[0])), name: 'strict-admin', forbiddenPrincipals: [{ sid: 'S-1-5-21-*-*-*-512', name: 'Domain Admins' }] },
    'strict',
  )
  const admins = audit(withAdded(p, { roleAssignments: [] }), { templates: [strict] })
  t.same(codes(of(admins, 'Administrator')), [AuditCode.HostLocalPrincipal])
  const everyone = baseStore()
  const app = everyone.applications[0]
  if (!app) throw new Error('no app')
  const adminRa = app.roleAssignments[0]
  if (!adminRa) throw new Error('no Administrator assignment')
  const opened: PolicyStore = { ...everyone, applications: [{ ...app, roleAssignments: [{ ...adminRa, members: [...adminRa.members, 'S-1-1-0', `${DOMAIN}-512`] }] }] }
  const full = audit(opened, { templates: [strict] })
  const fa = of(full, 'Administrator').filter((x) => x.code === AuditCode.ForbiddenPrincipal)
  t.match(fa, [{ severity: 'critical', principal: { sid: `${DOMAIN}-512` } }], 'Domain Admins, forbidden by this template, with full control: critical')
  t.match(
    of(full, 'Administrator').find((x) => x.code === AuditCode.BroadPrincipal),
    { severity: 'critical', principal: { sid: 'S-1-1-0', name: 'Everyone' } },
  )
  t.match(full.findings[0], { severity: 'critical' }, 'most severe first')
})

t.test('AUDIT_BROAD_PRINCIPAL: Everyone, Authenticated Users, Guest, directly and through groups', async (t) => {
  const p = baseStore()
  const def = rd(p, 'Something', 335)
  const staff = group('Staff', { members: ['S-1-5-11', ALICE] })
  const report = audit(withAdded(p, { tasks: [def], groups: [staff], roleAssignments: [ra('Viewers', [def], ['S-1-1-0', `${DOMAIN}-501`], [staff])] }), { templates: [] })
  const broad = of(report, 'Viewers').filter((f) => f.code === AuditCode.BroadPrincipal)
  t.same(broad.map((f) => f.principal?.sid).sort(), ['S-1-1-0', 'S-1-5-11', `${DOMAIN}-501`].sort())
  t.ok(
    broad.every((f) => f.severity === 'high'),
    'high without full control',
  )
  t.match(broad.find((f) => f.principal?.sid === 'S-1-5-11')?.message, /through group "Staff"/)
  t.match(broad.find((f) => f.principal?.sid === 'S-1-1-0')?.message, /as a direct member/)
  t.same(ids(broad[0]), [335], 'the operations the broad principal gets')
})

t.test('AUDIT_BIZRULE_GRANT: operations only through business rules', async (t) => {
  const p = baseStore()
  const inHours = task('In hours', { operationLinks: opLinks(p, 315), language: 'JScript', script: 'AzBizRuleContext.BusinessRuleResult = true;' })
  const empty = task('Empty rule', { operationLinks: opLinks(p, 320), language: 'VBScript', script: '  ' })
  const def = rd(p, 'VM Operator', 325, 340, 345)
  const linked = { ...def, taskLinks: [inHours.guid, empty.guid] }
  const report = audit(withAdded(p, { tasks: [inHours, empty, linked], scopes: [scoped('Lab', [ra('VM Operators', [linked], [ALICE])])] }))
  const f = one(t, of(report, 'VM Operators'), AuditCode.BizRuleGrant)
  t.match(f, { severity: 'medium' })
  t.same(ids(f), [315], 'an empty BizRule text is no rule: 320 is certain')
  t.match(f?.message, /"In hours"/)
  const missing = of(report, 'VM Operators').find((x) => x.code === AuditCode.RequiredMissing)
  t.same(ids(missing), [315], 'a required operation granted only through a rule counts as missing')
  t.match(missing?.message, /only through a business rule/)
  t.match(report.matrices[0]?.rows.find((r) => r.roleAssignment === 'VM Operators')?.cells, Array(34).fill(String))
})

t.test('AUDIT_DYNAMIC_MEMBER: LDAP-query members (medium) and BizRule non-members (low)', async (t) => {
  const p = baseStore()
  const def = rd(p, 'VM Operator', 315, 320, 325, 340, 345)
  const lab = group('Lab people', { groupType: 'LdapQuery', ldapQuery: '(department=Lab)' })
  const night = group('Night shift', { groupType: 'Bizrule', language: 'JScript', script: 'AzBizRuleContext.BusinessRuleResult = false;' })
  const ops = group('Operators', { members: [ALICE], appNonMemberLinks: [night.guid] })
  const report = audit(withAdded(p, { tasks: [def], groups: [lab, night, ops], scopes: [scoped('Lab', [ra('VM Operators', [def], [], [lab, ops])])] }))
  const dyn = of(report, 'VM Operators').filter((f) => f.code === AuditCode.DynamicMember)
  t.match(
    dyn.find((f) => f.principal?.name === 'Lab people'),
    { severity: 'medium', principal: { sid: null }, message: /LDAP-query group \("\(department=Lab\)"\)/ },
  )
  t.match(
    dyn.find((f) => f.principal?.name === 'Night shift'),
    { severity: 'low', message: /non-member group "Night shift" is a BizRule group/ },
  )
  t.match(report.assignments.find((a) => a.roleAssignment === 'VM Operators')?.holders, [{ sid: ALICE, via: ['Operators'], certainty: 'conditional' }])
})

t.test('AUDIT_NO_MEMBERS: no member at all, or every member excluded', async (t) => {
  const p = baseStore()
  const def = rd(p, 'VM Operator', 315, 320, 325, 340, 345)
  const cut = group('Cut', { members: [ALICE], nonMembers: [ALICE] })
  const report = audit(withAdded(p, { tasks: [def], groups: [cut], scopes: [scoped('Lab', [ra('VM Operators', [def], []), ra('Lab operators', [def], [], [cut])])] }))
  t.match(one(t, of(report, 'VM Operators'), AuditCode.NoMembers), { severity: 'low', message: /it lists no member/ })
  t.match(one(t, of(report, 'Lab operators'), AuditCode.NoMembers), { message: /excluded by a non-member entry/ })
})

t.test('AUDIT_NO_OPERATIONS: a role assignment that grants nothing', async (t) => {
  const p = baseStore()
  const hollow = rd(p, 'Hollow')
  const report = audit(withAdded(p, { tasks: [hollow], roleAssignments: [ra('Nothing', [hollow], [ALICE])] }))
  const f = one(t, of(report, 'Nothing'), AuditCode.NoOperations)
  t.match(f, { severity: 'low', template: null })
  t.match(
    of(report, 'Nothing').find((x) => x.code === AuditCode.NoTemplate),
    { message: /grants no operation, so no template fits/ },
  )
})

t.test('AUDIT_UNRESOLVED_MEMBER: SIDs no one can be, and SIDs the binding file does not name', async (t) => {
  const p = baseStore()
  const def = rd(p, 'VM Operator', 315, 320, 325, 340, 345)
  const policy = withAdded(p, { tasks: [def], scopes: [scoped('Lab', [ra('VM Operators', [def], ['S-1-5-5-0-123456', 'S-1-99-4', 'S-1-16-12288', ALICE, BOB, 'S-1-5-32-557'])])] })
  const report = audit(policy)
  const unresolved = of(report, 'VM Operators').filter((f) => f.code === AuditCode.UnresolvedMember)
  t.same(unresolved.map((f) => f.principal?.sid).sort(), ['S-1-16-12288', 'S-1-5-5-0-123456', 'S-1-99-4'])
  t.ok(unresolved.every((f) => f.severity === 'medium'))
  t.match(unresolved.find((f) => f.principal?.sid === 'S-1-5-5-0-123456')?.message, /logon-session SID/)

  const bound = audit(policy, { binding: { format: 'azman-audit-binding/1', bindings: [], principals: [{ sid: ALICE, name: 'LAB\\alice' }] } })
  const domain = of(bound, 'VM Operators').filter((f) => f.code === AuditCode.UnresolvedMember && f.principal?.sid?.startsWith(DOMAIN))
  t.same(
    domain.map((f) => f.principal?.sid),
    [BOB],
    'with a principal list, a domain SID not in it is unresolved',
  )
  t.match(domain[0]?.message, /not among the principals of the binding file/)
  t.match(
    bound.assignments.find((a) => a.roleAssignment === 'VM Operators')?.holders.find((h) => h.sid === ALICE),
    { name: 'LAB\\alice' },
    'names from the binding file',
  )
})

t.test('AUDIT_DANGLING_MEMBER: member links that lead nowhere, on the assignment and in nested groups', async (t) => {
  const p = baseStore()
  const def = rd(p, 'VM Operator', 315, 320, 325, 340, 345)
  const ghost = '0badc0de-0000-4000-8000-000000000001'
  const outer = group('Outer', { members: [ALICE], appMemberLinks: ['0badc0de-0000-4000-8000-000000000002'] })
  const role = { ...ra('VM Operators', [def], [], [outer]), appMemberLinks: [outer.guid, ghost] }
  const report = audit(withAdded(p, { tasks: [def], groups: [outer], scopes: [scoped('Lab', [role])] }))
  const dangling = of(report, 'VM Operators').filter((f) => f.code === AuditCode.DanglingMember)
  t.equal(dangling.length, 2)
  t.match(
    dangling.find((f) => f.message.includes(ghost)),
    { severity: 'medium', message: /member link of the role assignment .* points at no group/ },
  )
  t.match(
    dangling.find((f) => f.message.includes('000000000002')),
    { message: /member link of group "Outer"/ },
  )
})

t.test('AUDIT_DANGLING_MEMBER: links that close a loop of groups are reported as unknown, not ignored', async (t) => {
  const p = baseStore()
  const def = rd(p, 'VM Operator', 315, 320, 325, 340, 345)
  const banned = group('Banned', { members: [BOB] })
  const staff = group('Staff', { members: [ALICE, BOB], appNonMemberLinks: [banned.guid] })
  const bannedLinked = { ...banned, appMemberLinks: [staff.guid] }
  const report = audit(withAdded(p, { tasks: [def], groups: [bannedLinked, staff], scopes: [scoped('Lab', [ra('VM Operators', [def], [], [staff])])] }))
  const loops = of(report, 'VM Operators').filter((f) => f.code === AuditCode.DanglingMember)
  t.same(loops.map((f) => f.message.replace(/\(.*?\)/, '(guid)')).sort(), [
    'a member link of group "Banned" (guid) closes a loop of groups, which AzMan refuses (the store is corrupt); membership through it is unknown, so it is taken as conditional: remove one link of the loop',
    'a non-member link of group "Staff" (guid) closes a loop of groups, which AzMan refuses (the store is corrupt); membership through it is unknown, so it is taken as conditional: remove one link of the loop',
  ])
  const holders = report.assignments.find((a) => a.roleAssignment === 'VM Operators')?.holders
  // Whether Banned excludes is unknown (its link to Staff closes the loop), so both hold it only maybe: never certainly.
  t.same(
    holders?.map((h) => [h.sid, h.certainty]),
    [
      [ALICE, 'conditional'],
      [BOB, 'conditional'],
    ],
  )
})

t.test('AUDIT_HOST_LOCAL_PRINCIPAL: BUILTIN groups are decided on each host', async (t) => {
  const report = audit(baseStore())
  t.match(one(t, of(report, 'Administrator'), AuditCode.HostLocalPrincipal), { severity: 'info', principal: { sid: 'S-1-5-32-544', name: 'BUILTIN\\Administrators' }, operations: [] })
})

t.test('AUDIT_NO_TEMPLATE: no template for the application, or a binding that exempts', async (t) => {
  const sdk = audit(parseXmlStore(readFileSync(realStore('windows-sdk-asp-AzStore.xml'))).policy)
  t.match(one(t, of(sdk, 'Submitter'), AuditCode.NoTemplate), { severity: 'info', app: 'Expense Web', message: /no template given is for application "Expense Web"/ })
  const exempt = audit(baseStore(), { binding: { format: 'azman-audit-binding/1', bindings: [{ app: APP, roleAssignment: 'administrator', template: null, reason: 'CHG-1: reviewed' }] } })
  t.match(one(t, of(exempt, 'Administrator'), AuditCode.NoTemplate), { message: /the binding \(\$\.bindings\[0\]\) holds it against no template: CHG-1: reviewed/ })
  t.match(exempt.assignments[0], { chosenBy: 'binding', template: null })
})

t.test('AUDIT_TEMPLATE_CLOSEST_FIT: says which template and why', async (t) => {
  const report = audit(loadSample('hyperv-2008r2-delegated.xml'))
  const f = one(t, of(report, 'Lab Administrators'), AuditCode.ClosestFit)
  t.match(f, { severity: 'info', scope: 'Lab VMs', template: 'hyperv-vm-administrator' })
  t.match(f?.message, /closest fit: it allows 10 of the 34 operations granted, 24 granted beyond it/)
})

t.test('AUDIT_TEMPLATE_OPERATION_NAME: a template naming an OperationID differently from the store', async (t) => {
  const odd = parseTemplate(
    {
      format: 'azman-template/1',
      name: 'odd',
      title: 'Odd',
      description: 'd',
      application: APP,
      roleDefinition: 'Odd',
      assignableAt: 'any',
      operations: [{ id: 315, name: 'Boot VM', required: true }],
    },
    'odd.json',
  )
  const report = audit(baseStore(), { templates: [odd] })
  const f = one(t, of(report, null), AuditCode.TemplateOperationName)
  t.match(f, { severity: 'low', template: 'odd', roleAssignment: null, operations: [{ id: 315, name: 'Boot VM' }] })
  t.match(f?.message, /315 "Boot VM" \(here "Start Virtual Machine"\)/)
})

t.test('AUDIT_BINDING_UNMATCHED: a binding for a role assignment the store does not have', async (t) => {
  const report = audit(baseStore(), { binding: { format: 'azman-audit-binding/1', bindings: [{ app: APP, scope: 'Gone', roleAssignment: 'Old operators', template: 'hyperv-vm-operator' }] } })
  t.match(one(t, of(report, 'Old operators'), AuditCode.BindingUnmatched), { severity: 'low', scope: 'Gone', template: 'hyperv-vm-operator', message: /\$\.bindings\[0\]/ })
})

t.test('every finding code has a test above', async (t) => {
  const source = readFileSync(new URL(import.meta.url), 'utf8')
  for (const code of Object.values(AuditCode)) t.ok(source.includes(`t.test('${code}`) || source.includes(`${code}:`), code)
})

t.test('templates are chosen by binding, then by name, then by closest fit', async (t) => {
  const report = audit(loadSample('hyperv-2008r2-delegated.xml'), {
    binding: { format: 'azman-audit-binding/1', bindings: [{ app: APP, scope: '*', roleAssignment: 'Lab Administrators', template: 'hyperv-full-administrator' }] },
  })
  t.match(
    report.assignments.map((a) => [a.scope, a.roleAssignment, a.template, a.chosenBy]),
    [
      [null, 'Administrator', 'hyperv-full-administrator', 'name'],
      [null, 'Hyper-V Manager Connect', 'hyperv-manager-connect', 'name'],
      [null, 'Auditors', 'hyperv-it-monitor', 'name'],
      ['Lab VMs', 'VM Operators (Lab VMs)', 'hyperv-vm-operator', 'name'],
      ['Lab VMs', 'Lab Administrators', 'hyperv-full-administrator', 'binding'],
      ['Production VMs', 'Production Monitors', 'hyperv-it-monitor', 'name'],
    ],
  )
  t.match(
    of(report, 'Lab Administrators')
      .map((f) => f.code)
      .sort(),
    [AuditCode.DynamicMember, AuditCode.ScopeLevel].sort(),
    'bound to the full administrator: a scope-level finding, no excess',
  )
})

t.test('the delegated sample: what a careful auditor finds', async (t) => {
  const report = audit(loadSample('hyperv-2008r2-delegated.xml'))
  t.same(report.counts, { info: 2, low: 0, medium: 5, high: 0, critical: 0 })
  t.equal(report.failed, false, 'nothing reaches high')
  t.same(
    of(report, null)
      .filter((f) => f.code === AuditCode.CannotConnect)
      .map((f) => f.principal?.sid),
    [`${DOMAIN}-1110`, `${DOMAIN}-1120`],
    'the Lab owner and the production monitor hold scope operations but cannot connect; 1105 and 1106 connect through "VM Operators", 1130 through "Auditors"',
  )
  t.same(
    ids(of(report, 'VM Operators (Lab VMs)').find((f) => f.code === AuditCode.ExcessOperations)),
    [335],
    'the Lab VM operators may also read VM configuration, which the operator template does not allow',
  )
  const lab = of(report, 'Lab Administrators')
  t.same(codes(lab), [AuditCode.DynamicMember, AuditCode.ExcessOperations, AuditCode.ClosestFit].sort())
  const excess = lab.find((f) => f.code === AuditCode.ExcessOperations)
  t.ok(ids(excess).includes(105) && ids(excess).includes(200) && !ids(excess).includes(315), 'service and network operations granted in a VM scope, through the full Administrator definition')
  t.match(
    lab.find((f) => f.code === AuditCode.DynamicMember),
    { principal: { name: 'Hyper-V Lab Admins' } },
    'held by an LDAP-query group',
  )
  for (const name of ['Hyper-V Manager Connect', 'Auditors', 'Production Monitors']) t.same(of(report, name), [], `${name} meets its template`)
  t.equal(audit(loadSample('hyperv-2008r2-delegated.xml'), { failOn: 'medium' }).failed, true, '--fail-on medium fails it')
})

t.test('the real stores: Everyone, the Guest account, business rules and LDAP groups', async (t) => {
  const sdk = audit(parseXmlStore(readFileSync(realStore('windows-sdk-asp-AzStore.xml'))).policy)
  t.match(
    of(sdk, 'Submitter').find((f) => f.code === AuditCode.BroadPrincipal),
    { severity: 'high', principal: { sid: 'S-1-1-0', name: 'Everyone' } },
  )
  t.match(
    of(sdk, 'Submitter').find((f) => f.code === AuditCode.BizRuleGrant),
    { operations: [{ id: 1, name: 'Submit' }] },
  )
  t.match(
    of(sdk, 'Approver').find((f) => f.code === AuditCode.DynamicMember),
    { principal: { name: 'Managers' } },
  )
  t.equal(sdk.failed, true)
  const azmp = audit(parseXmlStore(readFileSync(realStore('ms-azmp-example-v2.xml'))).policy)
  t.match(
    azmp.findings[0],
    { severity: 'critical', code: AuditCode.BroadPrincipal, principal: { sid: 'S-1-5-21-1022818538-2633080746-2542160322-501', name: '<domain>\\Guest' } },
    'the Guest account holds every operation',
  )
  t.match(
    of(azmp, 'Role Assignment #1').find((f) => f.code === AuditCode.DynamicMember),
    { message: /through|holds it/ },
  )
})

t.test('--fail-on thresholds', async (t) => {
  const p = loadSample('hyperv-2008r2-delegated.xml')
  const expected: Record<FailOn, boolean> = { info: true, low: true, medium: true, high: false, critical: false, none: false }
  for (const [failOn, failed] of Object.entries(expected) as [FailOn, boolean][]) t.equal(audit(p, { failOn }).failed, failed, failOn)
})

/** The delegated sample with a domain group granted the Lab VM operator definition in "Lab VMs", nothing at application level. */
const LAB_GROUP = `${DOMAIN}-2201`
function withLabGroup(extraAppLevel: readonly string[] = []): PolicyStore {
  const p = loadSample('hyperv-2008r2-delegated.xml')
  const app = hyperVApp(p)
  const lab = app.scopes.find((s) => s.name === 'Lab VMs')
  const def = lab?.tasks.find((t) => t.name === 'VM Operator (Lab VMs)')
  if (!lab || !def) throw new Error('the delegated sample changed')
  const scopes = app.scopes.map((s) => (s === lab ? { ...s, roleAssignments: [...s.roleAssignments, ra('Lab group operators', [def], [LAB_GROUP])] } : s))
  const connect = rd(p, 'Connect for all', 100, 295)
  const added = withAdded(p, extraAppLevel.length === 0 ? {} : { tasks: [connect], roleAssignments: [ra('Connect for all', [connect], extraAppLevel)] })
  return { ...added, applications: added.applications.map((a) => (a.name === APP ? { ...hyperVApp(added), scopes } : a)) }
}

t.test('AUDIT_CANNOT_CONNECT: a group with VM operations in a scope and nothing at application level', async (t) => {
  const report = audit(withLabGroup())
  const hits = report.findings.filter((f) => f.code === AuditCode.CannotConnect && f.principal?.sid === LAB_GROUP)
  t.equal(hits.length, 1, 'one finding for the group')
  const f = hits[0]
  t.match(f, { severity: 'medium', app: APP, scope: null, roleAssignment: null, template: 'hyperv-manager-connect', principal: { sid: LAB_GROUP, name: null } })
  t.same(ids(f), [100, 295], 'names both missing operations')
  t.match(f?.message, /holds operations at scope "Lab VMs" but cannot get 100 "Read Service Configuration" and 295 "View Virtual Switch Management Service" at application level/)
  t.match(f?.message, `azman delegate <store> --app "Hyper-V services" --template hyperv-manager-connect --sid ${LAB_GROUP}`, 'says the fix')
  t.same(
    report.findings.filter((x) => x.code === AuditCode.CannotConnect).map((x) => x.principal?.sid),
    [`${DOMAIN}-1110`, LAB_GROUP, `${DOMAIN}-1120`],
    "the sample's two and this one, in store order",
  )
})

t.test('AUDIT_CANNOT_CONNECT: the connect operations through Everyone, Authenticated Users or an application group count', async (t) => {
  const cannot = (report: AuditReport): (string | null | undefined)[] => report.findings.filter((f) => f.code === AuditCode.CannotConnect).map((f) => f.principal?.sid)
  for (const holder of ['S-1-1-0', 'S-1-5-11']) {
    t.same(cannot(audit(withLabGroup([holder]))), [], `${holder} holding 100 and 295 at application level lets every delegated principal connect`)
  }
  t.same(cannot(audit(withLabGroup([LAB_GROUP]))), [`${DOMAIN}-1110`, `${DOMAIN}-1120`], 'the group itself holding them: only the others remain')
  const p = withLabGroup()
  const connectors = group('Connectors', { members: [LAB_GROUP] })
  const connect = rd(p, 'Connect through a group', 100, 295)
  t.same(
    cannot(audit(withAdded(p, { groups: [connectors], tasks: [connect], roleAssignments: [ra('Connectors', [connect], [], [connectors])] }))),
    [`${DOMAIN}-1110`, `${DOMAIN}-1120`],
    'the group a member of a Basic application group that holds them at application level',
  )
  // BUILTIN\Users is not in every token: granting the connect operations to it does not count.
  const users = audit(withLabGroup(['S-1-5-32-545']))
  t.ok(
    users.findings.some((f) => f.code === AuditCode.CannotConnect && f.principal?.sid === LAB_GROUP),
    'BUILTIN\\Users at application level does not count',
  )
})

t.test('AUDIT_CANNOT_CONNECT: only one of the two operations at application level names the other', async (t) => {
  const p = withLabGroup()
  const half = rd(p, 'Half connect', 100)
  const report = audit(withAdded(p, { tasks: [half], roleAssignments: [ra('Half connect', [half], [LAB_GROUP])] }))
  const f = report.findings.find((x) => x.code === AuditCode.CannotConnect && x.principal?.sid === LAB_GROUP)
  t.same(ids(f), [295], 'only 295 is missing')
})

t.test('AUDIT_CANNOT_CONNECT: not for holders of only the connect operations, nor on applications without them', async (t) => {
  const base = baseStore()
  const connect = rd(base, 'Connect only', 100)
  t.same(
    audit(withAdded(base, { tasks: [connect], roleAssignments: [ra('Connect only', [connect], [ALICE])] })).findings.filter((f) => f.code === AuditCode.CannotConnect),
    [],
    'a holder of 100 alone holds no operation that needs connecting',
  )
  const sdk = audit(parseXmlStore(readFileSync(realStore('windows-sdk-asp-AzStore.xml'))).policy)
  t.same(
    sdk.findings.filter((f) => f.code === AuditCode.CannotConnect),
    [],
    "an application without operations 100 and 295 is not Hyper-V's",
  )
})
