import { defaultFacts, hyperVHost, type Fixture } from './base.js'

/**
 * Windows Server 2008 R2 whose Virtual Machine Management Service is stopped: the Hyper-V WMI
 * provider runs in vmms, so the Msvm classes cannot be queried (the query fails); the rest is read.
 */
const { vms: _none, ...facts } = defaultFacts()

export const fixture: Fixture = {
  name: 'stopped-vmms',
  description: 'Windows Server 2008 R2 Enterprise with vmms stopped: VMs cannot be listed',
  host: hyperVHost({
    vmms: { State: 'Stopped', StartMode: 'Manual' },
    failures: { 'query:Msvm_VirtualSystemGlobalSettingData': '0x80041013 Provider load failure' },
  }),
  expected: {
    ...facts,
    hyperV: { v1Namespace: true, v2Namespace: false, vmms: { state: 'Stopped', startMode: 'Manual' } },
    errors: [{ fact: 'vms', reason: 'Provider load failure (0x80041013)' }],
  },
}
