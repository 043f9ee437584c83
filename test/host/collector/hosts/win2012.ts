import { defaultFacts, DEFAULT_GROUPS, groupFacts, hyperVHost, type Fixture, type FixtureGroup, type FixtureVm, MACHINE_SID } from './base.js'

const vms: FixtureVm[] = [{ name: 'APP01', guid: 'C0FFEE00-1234-4567-89AB-CDEF01234567', state: 2, scope: 'Lab VMs' }]
const groups: FixtureGroup[] = [
  ...DEFAULT_GROUPS,
  { sid: 'S-1-5-32-578', name: 'Hyper-V Administrators', members: [{ sid: 'S-1-5-21-1004336348-1177238915-682003330-1107', domain: 'CONTOSO', name: 'hv.admin', kind: 'Win32_UserAccount' }] },
]

/** Windows Server 2012 Datacenter with the GUI (SKU 8; ServerLevels say Server-Gui-Shell): both WMI namespaces, and the Hyper-V Administrators group. */
export const fixture: Fixture = {
  name: 'win2012',
  description: 'Windows Server 2012 Datacenter (GUI), v1 and v2 namespaces, Hyper-V Administrators has a member',
  host: hyperVHost({
    computer: { name: 'HV2012', domain: 'contoso.com', partOfDomain: true, dnsHostName: 'hv2012' },
    os: { caption: 'Microsoft Windows Server 2012 Datacenter', version: '6.2.9200', sku: 8 },
    serverLevels: { ServerCore: 1, 'Server-Gui-Mgmt': 1, 'Server-Gui-Shell': 1 },
    v2: true,
    vms,
    groups,
  }),
  expected: {
    ...defaultFacts(vms),
    computer: { name: 'HV2012', domain: 'contoso.com', partOfDomain: true, dnsHostName: 'hv2012.contoso.com', machineSid: MACHINE_SID },
    os: { caption: 'Microsoft Windows Server 2012 Datacenter', version: '6.2.9200', sku: 8, serverCore: false, productType: 3 },
    hyperV: { v1Namespace: true, v2Namespace: true, vmms: { state: 'Running', startMode: 'Auto' } },
    localGroups: groupFacts(groups),
  },
}
