/** Every fixture host of the collector's sandbox tests, in a stable order. */
import type { Fixture } from './base.js'
import { fixture as halfFailing } from './half-failing.js'
import { fixture as hostileVmName } from './hostile-vm-name.js'
import { fixture as noHyperV } from './no-hyperv.js'
import { fixture as stoppedVmms } from './stopped-vmms.js'
import { fixture as storeLocked } from './store-locked.js'
import { fixture as v1AccessDenied } from './v1-access-denied.js'
import { fixture as win2008Full } from './win2008-full.js'
import { fixture as win2008r2Core } from './win2008r2-core.js'
import { fixture as win2008r2German } from './win2008r2-german.js'
import { fixture as win2008r2Vmm } from './win2008r2-vmm.js'
import { fixture as win2012 } from './win2012.js'
import { fixture as win2012r2 } from './win2012r2.js'
import { fixture as zeroVms } from './zero-vms.js'

export const FIXTURES: readonly Fixture[] = [win2008Full, win2008r2Core, win2008r2Vmm, win2012, win2012r2, halfFailing, zeroVms, stoppedVmms, noHyperV, hostileVmName, v1AccessDenied, storeLocked, win2008r2German]
