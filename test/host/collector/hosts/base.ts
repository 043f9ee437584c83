/**
 * Builds fixture hosts for the collector's sandbox: a Hyper-V host as Windows Server 2008 / 2008 R2
 * / 2012 / 2012 R2 present it through WMI, the registry, the file system and the firewall, with the
 * values each fixture sets. The defaults are a domain-joined 2008 R2 host with the Hyper-V role and
 * the default store location; instance properties follow the documented classes (Win32_ComputerSystem,
 * Win32_OperatingSystem, Win32_Service, Win32_Group, Msvm_ComputerSystem,
 * Msvm_VirtualSystemGlobalSettingData).
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { REPO_ROOT } from '../../../cli/run-cli.js'
import { binarySd, type FakeFirewall, type FakeFirewallRule, type FakeHost, type FakeNamespace, type RegistryValue, type WmiInstance } from '../wsh/host.js'
import type { HostFacts } from '../../../../src/host/facts/schema.js'

export const DEFAULT_STORE_PATH = 'C:\\ProgramData\\Microsoft\\Windows\\Hyper-V\\InitialStore.xml'
export const DEFAULT_STORE_LOCATION = `msxml://${DEFAULT_STORE_PATH}`
export const VIRTUALIZATION_KEY = 'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Virtualization'
export const STORE_MODIFIED = new Date('2026-11-30T08:15:00.000Z')
/** The vmms process: started (a CIM_DATETIME, 60 minutes east of UTC) after the store was written. */
const VMMS_PROCESS_ID = 1844
const VMMS_STARTED = '20261201100000.000000+060'
/** The time the fixtures are collected at (the sandbox's `new Date()`). */
export const COLLECTED_AT = new Date('2026-12-01T12:00:00.000Z')

/** The delegated sample store's bytes, as the host's store file. */
export const DELEGATED_STORE = readFileSync(`${REPO_ROOT}store-samples/hyperv-2008r2-delegated.xml`)

export const SDDL = {
  // Windows' default for root\cimv2: Administrators everything, Network and Local Service Enable Account + Execute
  // Methods + Remote Enable (CC DC RP), Authenticated Users Enable Account + Execute Methods only (no Remote Enable).
  cimv2: 'O:BAG:BAD:(A;CI;CCDCLCSWRPWPRCWD;;;BA)(A;CI;CCDCRP;;;NS)(A;CI;CCDCRP;;;LS)(A;CI;CCDC;;;AU)',
  virtualization: 'O:BAG:BAD:(A;CI;CCDCLCSWRPWPRCWD;;;BA)(A;CI;CCDCRP;;;NS)(A;CI;CCDCRP;;;LS)(A;CI;CCDC;;;AU)',
  launch: 'O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;S-1-5-32-562)(A;;CCDCLCSWRP;;;LU)(A;;CCDCLCSWRP;;;MU)(A;;CCDCLC;;;WD)',
  access: 'O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)(A;;CCDCLC;;;LU)(A;;CCDCLC;;;MU)',
} as const

/** A VM of a fixture. */
export interface FixtureVm {
  readonly name: string
  readonly guid: string
  readonly state: number
  readonly scope: string
}

/** A member of a local group. */
export interface FixtureMember {
  readonly sid: string
  readonly domain: string
  readonly name: string
  /** The WMI class of the account (Win32_UserAccount, Win32_Group, Win32_SystemAccount). */
  readonly kind?: string
}

/** A local group of a fixture. */
export interface FixtureGroup {
  readonly sid: string
  readonly name: string
  readonly members: readonly FixtureMember[]
}

/** What a fixture host sets; the rest is the default. */
export interface HostOptions {
  readonly computer?: { readonly name: string; readonly domain: string; readonly partOfDomain: boolean; readonly dnsHostName?: string | null }
  readonly os?: { readonly caption: string; readonly version: string; readonly sku: number | null; readonly productType?: number }
  readonly storeLocation?: string | null
  readonly serviceApplication?: string | null
  /** The store file's bytes at its msxml path; null: no file there. */
  readonly storeBytes?: Uint8Array | null
  readonly v1?: boolean
  readonly v2?: boolean
  /** The vmms Win32_Service; null: not installed. */
  readonly vmms?: { readonly State: string; readonly StartMode: string } | null
  readonly vms?: readonly FixtureVm[]
  /** Msvm_ComputerSystem.Caption of the host's instance and of VMs, localized (default English: "Hosting Computer System", "Virtual Machine"). */
  readonly captions?: { readonly host: string; readonly vm: string }
  /** More Win32_Service names (e.g. SCVMMAgent). */
  readonly services?: readonly string[]
  /** DCOM machine restrictions as SDDL; null: the value is absent. */
  readonly dcom?: { readonly launch: string | null; readonly access: string | null }
  readonly groups?: readonly FixtureGroup[]
  readonly firewall?: FakeFirewall | null
  /** The security of root\cimv2 and root\virtualization, as SDDL (default: {@link SDDL}). */
  readonly namespaceSddl?: { readonly cimv2: string; readonly virtualization: string }
  /** HKLM\...\Server\ServerLevels values (2012 and later). */
  readonly serverLevels?: Readonly<Record<string, number>>
  readonly failures?: Readonly<Record<string, string>>
  /** The local accounts' SIDs (Win32_UserAccount with LocalAccount = TRUE); default the built-in Administrator and Guest of {@link MACHINE_SID}. */
  readonly localAccountSids?: readonly string[]
  /** More registry values, by key then name. */
  readonly registry?: Readonly<Record<string, Readonly<Record<string, RegistryValue>>>>
}

/** The fixture hosts' machine SID: their built-in Administrator is MACHINE_SID-500. */
export const MACHINE_SID = 'S-1-5-21-3623811015-3361044348-30300820'
export const LAB_OPERATOR = 'S-1-5-21-1004336348-1177238915-682003330-1105'
export const LAB_ADMINS = 'S-1-5-21-1004336348-1177238915-682003330-1106'
export const DOMAIN_USERS = 'S-1-5-21-1004336348-1177238915-682003330-513'

export const DEFAULT_GROUPS: readonly FixtureGroup[] = [
  {
    sid: 'S-1-5-32-544',
    name: 'Administrators',
    members: [
      { sid: `${MACHINE_SID}-500`, domain: 'HV01', name: 'Administrator', kind: 'Win32_UserAccount' },
      { sid: 'S-1-5-21-1004336348-1177238915-682003330-512', domain: 'CONTOSO', name: 'Domain Admins', kind: 'Win32_Group' },
    ],
  },
  {
    // BUILTIN\Users as Windows fills it: INTERACTIVE and Authenticated Users, and on a domain member Domain Users.
    sid: 'S-1-5-32-545',
    name: 'Users',
    members: [
      { sid: 'S-1-5-4', domain: 'NT AUTHORITY', name: 'INTERACTIVE', kind: 'Win32_SystemAccount' },
      { sid: 'S-1-5-11', domain: 'NT AUTHORITY', name: 'Authenticated Users', kind: 'Win32_SystemAccount' },
      { sid: DOMAIN_USERS, domain: 'CONTOSO', name: 'Domain Users', kind: 'Win32_Group' },
    ],
  },
  { sid: 'S-1-5-32-562', name: 'Distributed COM Users', members: [{ sid: LAB_ADMINS, domain: 'CONTOSO', name: 'Hyper-V Lab Admins', kind: 'Win32_Group' }] },
]

/** The firewall of a 2008 R2 host whose WMI rules are on in the domain profile, and the Hyper-V rules on. */
export function firewall(wmiEnabled: boolean | 'some', options: { readonly profiles?: number; readonly on?: boolean } = {}): FakeFirewall {
  const rule = (name: string, grouping: string, direction: 1 | 2, enabled: boolean): FakeFirewallRule => ({ Name: name, Grouping: grouping, Direction: direction, Enabled: enabled, Profiles: 1 })
  return {
    currentProfileTypes: options.profiles ?? 1,
    enabled: { 1: options.on ?? true, 2: true, 4: true },
    rules: [
      rule('Windows Management Instrumentation (WMI-In)', '@FirewallAPI.dll,-34251', 1, wmiEnabled !== false),
      rule('Windows Management Instrumentation (DCOM-In)', '@FirewallAPI.dll,-34251', 1, wmiEnabled === true),
      rule('Windows Management Instrumentation (ASync-In)', '@FirewallAPI.dll,-34251', 1, wmiEnabled === true),
      rule('Windows Management Instrumentation (WMI-Out)', '@FirewallAPI.dll,-34251', 2, wmiEnabled === true),
      rule('Hyper-V (RPC-EPMAP)', '@%systemroot%\\system32\\vmms.exe,-210', 1, true),
      rule('Hyper-V (RPC)', '@%systemroot%\\system32\\vmms.exe,-210', 1, true),
      rule('Hyper-V - WMI (DCOM-In)', '@%systemroot%\\system32\\vmms.exe,-210', 1, true),
      rule('Remote Desktop (TCP-In)', '@FirewallAPI.dll,-28752', 1, true),
    ],
  }
}

function string(value: string | null | undefined): RegistryValue | undefined {
  return value === null || value === undefined ? undefined : { type: 'REG_SZ', value }
}

function compact<T>(record: Record<string, T | undefined>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter((e): e is [string, T] => e[1] !== undefined))
}

export const ENGLISH_CAPTIONS = { host: 'Hosting Computer System', vm: 'Virtual Machine' } as const

function vmInstances(vms: readonly FixtureVm[], host: string, captions: { readonly host: string; readonly vm: string } = ENGLISH_CAPTIONS): { systems: WmiInstance[]; settings: WmiInstance[] } {
  const systems: WmiInstance[] = [
    // The host itself: Msvm_ComputerSystem lists it too, with Caption "Hosting Computer System" (localized) and its computer name as Name.
    { Caption: captions.host, ElementName: host, Name: host, EnabledState: 2 },
    ...vms.map((vm) => ({ Caption: captions.vm, ElementName: vm.name, Name: vm.guid, EnabledState: vm.state })),
  ]
  const settings = vms.map((vm) => ({ SystemName: vm.guid, ScopeOfResidence: vm.scope, InstanceID: `Microsoft:${vm.guid}` }))
  return { systems, settings }
}

/** Win32_Account instances (Win32_UserAccount, Win32_Group ...) of the members. */
function accounts(members: readonly FixtureMember[]): WmiInstance[] {
  return members.map((m) => ({ __CLASS: m.kind ?? 'Win32_UserAccount', SID: m.sid, Domain: m.domain, Name: m.name }))
}

/** A fixture host. */
export function hyperVHost(options: HostOptions = {}): FakeHost {
  const computer = options.computer ?? { name: 'HV01', domain: 'contoso.com', partOfDomain: true, dnsHostName: 'hv01' }
  const os = options.os ?? { caption: 'Microsoft Windows Server 2008 R2 Enterprise ', version: '6.1.7601', sku: 10 }
  const storeLocation = options.storeLocation === undefined ? DEFAULT_STORE_LOCATION : options.storeLocation
  const groups = options.groups ?? DEFAULT_GROUPS
  const v1 = options.v1 ?? true
  const { systems, settings } = vmInstances(options.vms ?? [], computer.name, options.captions)
  const vmms = options.vmms === undefined ? { State: 'Running', StartMode: 'Auto' } : options.vmms
  const vmmsRunning = vmms?.State === 'Running'
  const services: WmiInstance[] = [
    { Name: 'Winmgmt', State: 'Running', StartMode: 'Auto', ProcessId: 900 },
    ...(vmms === null ? [] : [{ Name: 'vmms', ...vmms, ProcessId: vmmsRunning ? VMMS_PROCESS_ID : 0 }]),
    ...(options.services ?? []).map((name) => ({ Name: name, State: 'Running', StartMode: 'Auto' })),
  ]
  const sddl = options.namespaceSddl ?? SDDL
  const cimv2: FakeNamespace = {
    sddl: sddl.cimv2,
    classes: {
      Win32_ComputerSystem: [{ Name: computer.name, Domain: computer.domain, PartOfDomain: computer.partOfDomain, DNSHostName: computer.dnsHostName ?? null }],
      Win32_OperatingSystem: [{ Caption: os.caption, Version: os.version, OperatingSystemSKU: os.sku, ProductType: os.productType ?? 3 }],
      Win32_Service: services,
      // The vmms process started (the host booted) after the store file was last written.
      Win32_Process: vmmsRunning ? [{ ProcessId: VMMS_PROCESS_ID, Name: 'vmms.exe', CreationDate: VMMS_STARTED }] : [],
      Win32_Group: groups.map((g) => ({ Domain: computer.name, Name: g.name, SID: g.sid, LocalAccount: true })),
      Win32_UserAccount: (options.localAccountSids ?? [`${MACHINE_SID}-500`, `${MACHINE_SID}-501`]).map((sid, i) => ({ Domain: computer.name, Name: `account${i}`, SID: sid, LocalAccount: true })),
    },
  }
  const namespaces: Record<string, FakeNamespace> = { 'root\\cimv2': cimv2, 'root\\default': { classes: {} } }
  if (v1) namespaces['root\\virtualization'] = { sddl: sddl.virtualization, classes: { Msvm_ComputerSystem: systems, Msvm_VirtualSystemGlobalSettingData: settings, Msvm_VirtualSystemManagementService: [{ Name: 'vmms', ElementName: 'Virtual System Management Service' }] } }
  if (options.v2 === true) namespaces['root\\virtualization\\v2'] = { sddl: SDDL.virtualization, classes: { Msvm_ComputerSystem: systems } }
  const dcom = options.dcom ?? { launch: SDDL.launch, access: SDDL.access }
  const binary = (sddl: string | null): RegistryValue | undefined => (sddl === null ? undefined : { type: 'REG_BINARY', value: binarySd(sddl) })
  const registry: Record<string, Record<string, RegistryValue>> = {
    [VIRTUALIZATION_KEY]: compact({ StoreLocation: string(storeLocation), ServiceApplication: string(options.serviceApplication === undefined ? 'Hyper-V services' : options.serviceApplication) }),
    'SOFTWARE\\Microsoft\\Ole': compact({ MachineLaunchRestriction: binary(dcom.launch), MachineAccessRestriction: binary(dcom.access), EnableDCOM: string('Y') }),
    ...(options.serverLevels === undefined
      ? {}
      : { 'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Server\\ServerLevels': Object.fromEntries(Object.entries(options.serverLevels).map(([k, v]) => [k, { type: 'REG_DWORD' as const, value: v }])) }),
    ...options.registry,
  }
  const storeBytes = options.storeBytes === undefined ? DELEGATED_STORE : options.storeBytes
  const storePath = storeLocation?.toLowerCase().startsWith('msxml://') ? storeLocation.slice('msxml://'.length) : undefined
  return {
    namespaces,
    registry,
    files: storePath === undefined || storeBytes === null ? {} : { [storePath]: { bytes: storeBytes, modified: STORE_MODIFIED } },
    ...(options.firewall === null ? {} : { firewall: options.firewall ?? firewall(true) }),
    groupMembers: groups.map((g) => ({ domain: computer.name, name: g.name, members: accounts(g.members) })),
    ...(options.failures === undefined ? {} : { failures: options.failures }),
  }
}

/** A fixture: its host, and the facts the collector must find there (compared field by field). */
export interface Fixture {
  readonly name: string
  readonly description: string
  readonly host: FakeHost
  /** The expected facts, all but collectedAt and collector (which every fixture checks the same way). */
  readonly expected: Omit<HostFacts, 'collectedAt' | 'collector' | 'format'>
}

/** The facts of {@link DEFAULT_GROUPS}, as the collector reports them. */
export function groupFacts(groups: readonly FixtureGroup[] = DEFAULT_GROUPS): NonNullable<HostFacts['localGroups']> {
  return groups.map((g) => ({ sid: g.sid, name: g.name, members: g.members.map((m) => ({ sid: m.sid, name: `${m.domain}\\${m.name}` })) }))
}

/** The firewall facts of {@link firewall}. */
export function firewallFacts(wmi: 'all' | 'some' | 'none', on = true): NonNullable<HostFacts['firewall']> {
  return {
    enabled: on,
    groups: [
      { group: 'Windows Management Instrumentation (WMI)', enabled: wmi, rules: 4 },
      { group: 'Hyper-V', enabled: 'all', rules: 3 },
    ],
  }
}

/** The store facts of an msxml store file with these bytes (SHA-256 by Node's crypto, to check the collector's own). */
export function storeFacts(bytes: Uint8Array = DELEGATED_STORE, location = DEFAULT_STORE_LOCATION): NonNullable<HostFacts['store']> {
  const path = location.slice('msxml://'.length)
  return { kind: 'msxml', location, path, exists: true, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), modified: STORE_MODIFIED.toISOString() }
}

/** The WMI namespace facts of a host with (or without) the v1 namespace. */
export function namespaceFacts(v1 = true, sddl: { readonly cimv2: string; readonly virtualization: string } = SDDL): NonNullable<HostFacts['wmiNamespaces']> {
  return [{ namespace: 'root\\cimv2', sddl: sddl.cimv2 }, ...(v1 ? [{ namespace: 'root\\virtualization', sddl: sddl.virtualization }] : [])]
}

/** The VM facts of fixture VMs. */
export function vmFacts(vms: readonly FixtureVm[]): NonNullable<HostFacts['vms']> {
  return vms.map((vm) => ({ name: vm.name, guid: vm.guid, state: vm.state, scopeOfResidence: vm.scope }))
}

export const DCOM_FACTS = { launchRestriction: SDDL.launch, accessRestriction: SDDL.access }

/** The facts the collector finds on `hyperVHost()` with no options but VMs: a domain-joined 2008 R2 Enterprise host. */
export function defaultFacts(vms: readonly FixtureVm[] = []): Fixture['expected'] {
  return {
    computer: { name: 'HV01', domain: 'contoso.com', partOfDomain: true, dnsHostName: 'hv01.contoso.com', machineSid: MACHINE_SID },
    os: { caption: 'Microsoft Windows Server 2008 R2 Enterprise', version: '6.1.7601', sku: 10, serverCore: false, productType: 3 },
    virtualization: { storeLocation: DEFAULT_STORE_LOCATION, serviceApplication: 'Hyper-V services' },
    store: storeFacts(),
    vmm: { managed: false, evidence: [] },
    hyperV: { v1Namespace: true, v2Namespace: false, vmms: { state: 'Running', startMode: 'Auto' } },
    vms: vmFacts(vms),
    wmiNamespaces: namespaceFacts(),
    dcom: DCOM_FACTS,
    localGroups: groupFacts(),
    firewall: firewallFacts('all'),
    errors: [],
  }
}
