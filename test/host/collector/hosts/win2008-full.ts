import { readFileSync } from 'node:fs'
import { REPO_ROOT } from '../../../cli/run-cli.js'
import { DCOM_FACTS, DEFAULT_GROUPS, firewallFacts, groupFacts, hyperVHost, namespaceFacts, storeFacts, vmFacts, type Fixture, type FixtureVm, MACHINE_SID } from './base.js'

const store = readFileSync(`${REPO_ROOT}store-samples/hyperv-2008.xml`)
const vms: FixtureVm[] = [
  { name: 'DC01', guid: '0F4A8C2E-7B1D-4E55-9C3A-1D2E3F405162', state: 2, scope: '' },
  { name: 'FILE01', guid: '5B6C7D8E-9F00-4112-8233-445566778899', state: 3, scope: '' },
]

/** Windows Server 2008 SP2 Enterprise, full installation, in a workgroup: the 33-operation store, every VM in the default scope. */
export const fixture: Fixture = {
  name: 'win2008-full',
  description: 'Windows Server 2008 SP2 Enterprise (full installation), workgroup, two VMs in the default scope',
  host: hyperVHost({
    computer: { name: 'HV2008', domain: 'WORKGROUP', partOfDomain: false, dnsHostName: 'hv2008' },
    os: { caption: 'Microsoft® Windows Server® 2008 Enterprise ', version: '6.0.6002', sku: 10 },
    storeBytes: store,
    vms,
  }),
  expected: {
    computer: { name: 'HV2008', domain: 'WORKGROUP', partOfDomain: false, dnsHostName: 'hv2008', machineSid: MACHINE_SID },
    os: { caption: 'Microsoft® Windows Server® 2008 Enterprise', version: '6.0.6002', sku: 10, serverCore: false, productType: 3 },
    virtualization: { storeLocation: 'msxml://C:\\ProgramData\\Microsoft\\Windows\\Hyper-V\\InitialStore.xml', serviceApplication: 'Hyper-V services' },
    store: storeFacts(store),
    vmm: { managed: false, evidence: [] },
    hyperV: { v1Namespace: true, v2Namespace: false, vmms: { state: 'Running', startMode: 'Auto' } },
    vms: vmFacts(vms),
    wmiNamespaces: namespaceFacts(),
    dcom: DCOM_FACTS,
    localGroups: groupFacts(DEFAULT_GROUPS),
    firewall: firewallFacts('all'),
    errors: [],
  },
}
