import { defaultFacts, hyperVHost, storeFacts, type Fixture, type FixtureVm, MACHINE_SID } from './base.js'

const location = 'msxml://C:\\ProgramData\\Microsoft\\Virtual Machine Manager\\HyperVAuthStore.xml'
const vms: FixtureVm[] = [{ name: 'VMM-MANAGED01', guid: 'A1B2C3D4-E5F6-4711-8899-AABBCCDDEEFF', state: 2, scope: '' }]

/** Windows Server 2008 R2 managed by System Center VMM: StoreLocation names HyperVAuthStore.xml and the VMM agent service is installed. */
export const fixture: Fixture = {
  name: 'win2008r2-vmm',
  description: 'Windows Server 2008 R2 Enterprise managed by System Center VMM (HyperVAuthStore.xml, SCVMMAgent)',
  host: hyperVHost({ computer: { name: 'HVVMM01', domain: 'contoso.com', partOfDomain: true, dnsHostName: 'hvvmm01' }, storeLocation: location, services: ['SCVMMAgent'], vms }),
  expected: {
    ...defaultFacts(vms),
    computer: { name: 'HVVMM01', domain: 'contoso.com', partOfDomain: true, dnsHostName: 'hvvmm01.contoso.com', machineSid: MACHINE_SID },
    virtualization: { storeLocation: location, serviceApplication: 'Hyper-V services' },
    store: storeFacts(undefined, location),
    vmm: { managed: true, evidence: ['StoreLocation names HyperVAuthStore.xml', 'service SCVMMAgent is installed'] },
  },
}
