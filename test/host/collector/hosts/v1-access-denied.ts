import { defaultFacts, hyperVHost, namespaceFacts, type Fixture } from './base.js'

const { vms: _unknown, ...facts } = defaultFacts()

/**
 * Windows Server 2008 R2 with the Hyper-V role, where connecting to root\virtualization is refused
 * (WBEM_E_ACCESS_DENIED, as for an account without Enable Account on the namespace): the namespace
 * is there but the collector cannot tell, so hyperV.v1Namespace, the VMs and the namespace's
 * security are left out with the reason, never reported as "no v1 namespace".
 */
export const fixture: Fixture = {
  name: 'v1-access-denied',
  description: 'Windows Server 2008 R2 where root\\virtualization refuses the connection (access denied): v1Namespace unknown, not false',
  host: hyperVHost({ failures: { 'connect:root\\virtualization': '0x80041003 Access denied' } }),
  expected: {
    ...facts,
    hyperV: { v2Namespace: false, vmms: { state: 'Running', startMode: 'Auto' } },
    wmiNamespaces: namespaceFacts(false),
    errors: [
      { fact: 'hyperV.v1Namespace', reason: 'root\\virtualization: Access denied (0x80041003)' },
      { fact: 'vms', reason: 'Access denied (0x80041003)' },
      { fact: 'wmiNamespaces', reason: 'root\\virtualization: Access denied (0x80041003)' },
    ],
  },
}
