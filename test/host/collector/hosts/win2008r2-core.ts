import { defaultFacts, DEFAULT_GROUPS, firewall, firewallFacts, groupFacts, hyperVHost, LAB_ADMINS, LAB_OPERATOR, namespaceFacts, SDDL, type Fixture, type FixtureVm, MACHINE_SID } from './base.js'

const vms: FixtureVm[] = [
  { name: 'LAB-WEB01', guid: '11111111-2222-4333-8444-555555555501', state: 2, scope: 'Lab VMs' },
  { name: 'LAB-WEB02', guid: '11111111-2222-4333-8444-555555555502', state: 3, scope: 'Lab VMs' },
  { name: 'PROD-SQL01', guid: '11111111-2222-4333-8444-555555555503', state: 2, scope: 'Production VMs' },
  { name: 'INFRA-DC01', guid: '11111111-2222-4333-8444-555555555504', state: 32769, scope: '' },
  { name: 'WEB-FRONT01', guid: '11111111-2222-4333-8444-555555555505', state: 32768, scope: 'Web VMs' },
]
/** Hyper-V Lab Admins (LAB_ADMINS) has Remote Enable on both namespaces; the operator (LAB_OPERATOR) has no WMI right of its own. */
const namespaceSddl = {
  cimv2: `${SDDL.cimv2}(A;CI;CCDCRP;;;${LAB_ADMINS})`,
  virtualization: `${SDDL.virtualization}(A;CI;CCDCRP;;;${LAB_ADMINS})`,
}
const withOperator = DEFAULT_GROUPS.map((g) => (g.sid === 'S-1-5-32-562' ? { ...g, members: [...g.members, { sid: LAB_OPERATOR, domain: 'CONTOSO', name: 'lab.operator', kind: 'Win32_UserAccount' }] } : g))

/**
 * Windows Server 2008 R2 SP1 Datacenter, Server Core (SKU 12), serving the delegated sample store:
 * VMs in "Lab VMs" and "Production VMs", one in the default scope and one bound to "Web VMs", a
 * scope the store lacks; only one of the three inbound WMI firewall rules is on. Hyper-V Lab Admins is in
 * Distributed COM Users and has Remote Enable on both namespaces; the lab operator is in Distributed COM
 * Users but has no WMI namespace right.
 */
export const fixture: Fixture = {
  name: 'win2008r2-core',
  description: 'Windows Server 2008 R2 Datacenter Server Core, delegated store, a VM bound to a scope the store lacks, WMI firewall rules partly on',
  host: hyperVHost({
    computer: { name: 'HVCORE01', domain: 'contoso.com', partOfDomain: true, dnsHostName: 'hvcore01' },
    os: { caption: 'Microsoft Windows Server 2008 R2 Datacenter ', version: '6.1.7601', sku: 12 },
    vms,
    groups: withOperator,
    namespaceSddl,
    firewall: firewall('some'),
  }),
  expected: {
    ...defaultFacts(vms),
    computer: { name: 'HVCORE01', domain: 'contoso.com', partOfDomain: true, dnsHostName: 'hvcore01.contoso.com', machineSid: MACHINE_SID },
    os: { caption: 'Microsoft Windows Server 2008 R2 Datacenter', version: '6.1.7601', sku: 12, serverCore: true, productType: 3 },
    wmiNamespaces: namespaceFacts(true, namespaceSddl),
    localGroups: groupFacts(withOperator),
    firewall: firewallFacts('some'),
  },
}
