import { defaultFacts, DEFAULT_GROUPS, groupFacts, hyperVHost, namespaceFacts, type Fixture, type FixtureGroup, MACHINE_SID } from './base.js'

const { vms: _none, ...facts } = defaultFacts()
const groups: FixtureGroup[] = [...DEFAULT_GROUPS, { sid: 'S-1-5-32-578', name: 'Hyper-V Administrators', members: [] }]

/**
 * Windows Server 2012 R2 Standard, Server Core (SKU 7, as 2012 and later report for core too; the
 * ServerLevels say ServerCore without Server-Gui-Shell): root\virtualization (v1) is gone, so
 * there are no VM scopes to read.
 */
export const fixture: Fixture = {
  name: 'win2012r2',
  description: 'Windows Server 2012 R2 Standard Server Core: no root\\virtualization (v1), so no VM scopes',
  host: hyperVHost({
    computer: { name: 'HV2012R2', domain: 'contoso.com', partOfDomain: true, dnsHostName: 'hv2012r2' },
    os: { caption: 'Microsoft Windows Server 2012 R2 Standard', version: '6.3.9600', sku: 7 },
    serverLevels: { ServerCore: 1 },
    v1: false,
    v2: true,
    groups,
  }),
  expected: {
    ...facts,
    computer: { name: 'HV2012R2', domain: 'contoso.com', partOfDomain: true, dnsHostName: 'hv2012r2.contoso.com', machineSid: MACHINE_SID },
    os: { caption: 'Microsoft Windows Server 2012 R2 Standard', version: '6.3.9600', sku: 7, serverCore: true, productType: 3 },
    hyperV: { v1Namespace: false, v2Namespace: true, vmms: { state: 'Running', startMode: 'Auto' } },
    wmiNamespaces: namespaceFacts(false),
    localGroups: groupFacts(groups),
    errors: [{ fact: 'vms', reason: 'root\\virtualization (WMI v1, where ScopeOfResidence is) is not on this host' }],
  },
}
