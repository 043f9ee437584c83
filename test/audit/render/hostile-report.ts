/**
 * An audit report over a store whose names are hostile to every output
 * format: markup, script, quotes, CSV formulas, Markdown pipes, line breaks.
 * AzMan forbids some of these characters in names, but a store can hold them
 * anyway (integrity findings report them), so every renderer must escape.
 */
import { auditStore } from '../../../src/audit/audit-store.js'
import type { AuditReport } from '../../../src/audit/report.js'
import type { PolicyStore } from '../../../src/model/policy.js'
import { group, roleAssignment, scope } from '../../model/factories.js'
import { ALICE, baseStore, hyperVApp, rd, shippedTemplates } from '../hyperv-store.js'

export const HOSTILE = {
  roleAssignment: '<script>alert("ra")</script>',
  scope: '"><img src=x onerror=alert(1)> | pipe',
  group: '=HYPERLINK("http://evil.example/",\'click\') & <b>',
  store: 'C:\\stores\\<evil>&"quoted".xml',
  ldap: '(cn=*)</td><td>injected\r\nline',
} as const

/** The store: a role assignment, a scope, an LDAP-query group and their names, all hostile. */
export function hostilePolicy(): PolicyStore {
  const base = baseStore()
  const app = hyperVApp(base)
  const def = rd(base, 'VM Operator', 315, 320, 325, 340, 345, 105)
  const ldap = group(HOSTILE.group, { groupType: 'LdapQuery', ldapQuery: HOSTILE.ldap })
  const hostileRa = roleAssignment(HOSTILE.roleAssignment, { taskLinks: [def.guid], members: ['S-1-1-0', ALICE], appMemberLinks: [ldap.guid] })
  return {
    ...base,
    applications: [{ ...app, tasks: [...app.tasks, def], groups: [...app.groups, ldap], scopes: [scope(HOSTILE.scope, { roleAssignments: [hostileRa] })] }],
  }
}

export async function hostileReport(): Promise<AuditReport> {
  return auditStore(hostilePolicy(), { store: HOSTILE.store, templates: await shippedTemplates(), failOn: 'high' })
}
