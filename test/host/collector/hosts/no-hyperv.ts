import { defaultFacts, hyperVHost, namespaceFacts, SDDL, type Fixture } from './base.js'

/**
 * Windows Server 2008 R2 without the Hyper-V role: no Virtualization registry values, no store, no
 * Hyper-V namespaces, no vmms, and no DCOM machine restrictions set (the OS defaults apply).
 */
const { vms: _none, store: _noStore, ...facts } = defaultFacts()

export const fixture: Fixture = {
  name: 'no-hyperv',
  description: 'Windows Server 2008 R2 Standard without the Hyper-V role',
  host: hyperVHost({
    os: { caption: 'Microsoft Windows Server 2008 R2 Standard ', version: '6.1.7601', sku: 7 },
    storeLocation: null,
    serviceApplication: null,
    v1: false,
    vmms: null,
    dcom: { launch: null, access: SDDL.access },
  }),
  expected: {
    ...facts,
    os: { caption: 'Microsoft Windows Server 2008 R2 Standard', version: '6.1.7601', sku: 7, serverCore: false, productType: 3 },
    virtualization: { storeLocation: null, serviceApplication: null },
    hyperV: { v1Namespace: false, v2Namespace: false, vmms: null },
    wmiNamespaces: namespaceFacts(false),
    dcom: { launchRestriction: null, accessRestriction: SDDL.access },
    errors: [
      { fact: 'store', reason: 'StoreLocation is not set (no Hyper-V role, or it never started)' },
      { fact: 'vms', reason: 'root\\virtualization (WMI v1, where ScopeOfResidence is) is not on this host' },
    ],
  },
}
