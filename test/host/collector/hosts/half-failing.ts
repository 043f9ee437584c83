import { firewall, groupFacts, hyperVHost, type Fixture, type FixtureVm, MACHINE_SID } from './base.js'

const vms: FixtureVm[] = [{ name: 'VM01', guid: 'DEADBEEF-0000-4000-8000-000000000001', state: 2, scope: '' }]

/**
 * A host where half the facts cannot be read: Win32_OperatingSystem and the Msvm classes refuse the
 * query, StdRegProv cannot be reached, __SystemSecurity.GetSD is refused and the firewall policy
 * object cannot be created. What can be read is there; each missing fact says why.
 */
export const fixture: Fixture = {
  name: 'half-failing',
  description: 'half the facts fail: no OS, no registry (so no store and no DCOM), no VMs, no namespace security, no firewall',
  host: hyperVHost({
    computer: { name: 'HVBROKEN', domain: 'contoso.com', partOfDomain: true, dnsHostName: null },
    vms,
    firewall: firewall(true),
    failures: {
      'query:Win32_OperatingSystem': '0x80041003 Access denied',
      'query:Msvm_VirtualSystemGlobalSettingData': '0x80041013 Provider load failure',
      registry: '0x80041003 Access denied',
      'method:GetSD': '0x80041003 Access denied',
      'activex:HNetCfg.FwPolicy2': "Automation server can't create object",
    },
  }),
  expected: {
    computer: { name: 'HVBROKEN', domain: 'contoso.com', partOfDomain: true, machineSid: MACHINE_SID },
    vmm: { managed: false, evidence: [] },
    hyperV: { v1Namespace: true, v2Namespace: false, vmms: { state: 'Running', startMode: 'Auto' } },
    localGroups: groupFacts(),
    errors: [
      { fact: 'os', reason: 'Access denied (0x80041003)' },
      { fact: 'virtualization', reason: 'Access denied (0x80041003)' },
      { fact: 'store', reason: 'the Virtualization registry values could not be read' },
      { fact: 'vms', reason: 'Provider load failure (0x80041013)' },
      { fact: 'wmiNamespaces', reason: 'no namespace security could be read' },
      { fact: 'wmiNamespaces', reason: 'root\\cimv2: Access denied (0x80041003)' },
      { fact: 'wmiNamespaces', reason: 'root\\virtualization: Access denied (0x80041003)' },
      { fact: 'dcom', reason: 'Access denied (0x80041003)' },
      { fact: 'firewall', reason: "Automation server can't create object (0x800A01AD)" },
    ],
  },
}
