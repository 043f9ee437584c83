import { defaultFacts, hyperVHost, type Fixture } from './base.js'

/** Windows Server 2008 R2 with the Hyper-V role and no VM yet: `vms` is an empty list, not an error. */
export const fixture: Fixture = {
  name: 'zero-vms',
  description: 'Windows Server 2008 R2 Enterprise with the Hyper-V role and no VM',
  host: hyperVHost({ vms: [] }),
  expected: { ...defaultFacts([]), vms: [] },
}
