import { defaultFacts, DEFAULT_GROUPS, groupFacts, hyperVHost, type Fixture, type FixtureGroup, type FixtureVm, MACHINE_SID } from './base.js'

const vms: FixtureVm[] = [
  { name: 'Buchhaltung', guid: 'A1B2C3D4-0000-4000-8000-0000000000D1', state: 2, scope: 'Lab VMs' },
  { name: 'Dateiserver', guid: 'A1B2C3D4-0000-4000-8000-0000000000D2', state: 3, scope: '' },
]
/** Local group names are localized too (the collector finds the groups by SID). */
const GERMAN: Readonly<Record<string, string>> = { 'S-1-5-32-544': 'Administratoren', 'S-1-5-32-545': 'Benutzer', 'S-1-5-32-562': 'Distributed COM-Benutzer' }
const groups: FixtureGroup[] = DEFAULT_GROUPS.map((g) => ({ ...g, name: GERMAN[g.sid] ?? g.name }))

/**
 * Windows Server 2008 R2 Enterprise in German: Msvm_ComputerSystem.Caption is localized, "Virtueller
 * Computer" for a VM (and a German text for the host's own instance; the strings stand for any
 * language and are not recorded from a host). The VMs are found by their GUID Name all the same.
 */
export const fixture: Fixture = {
  name: 'win2008r2-german',
  description: 'Windows Server 2008 R2 in German: VM captions "Virtueller Computer", localized group names',
  host: hyperVHost({
    computer: { name: 'HVDE01', domain: 'contoso.com', partOfDomain: true, dnsHostName: 'hvde01' },
    vms,
    captions: { host: 'Hostcomputersystem', vm: 'Virtueller Computer' },
    groups,
  }),
  expected: {
    ...defaultFacts(vms),
    computer: { name: 'HVDE01', domain: 'contoso.com', partOfDomain: true, dnsHostName: 'hvde01.contoso.com', machineSid: MACHINE_SID },
    localGroups: groupFacts(groups),
  },
}
