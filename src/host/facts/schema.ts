import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { List, Nullable } from '../../json/schema-types.js'
import { MESSAGE, type Messages } from '../../json/schema-messages.js'

/** The format tag of a host facts document. */
export const HOST_FACTS_FORMAT = 'azman-host-facts/1'

/** Bounds on facts: a facts file is untrusted input. */
export const FACTS_LIMITS = {
  /** Longest string anywhere in a facts document, in characters (an SDDL of a large ACL fits). */
  maxString: 65_536,
  /** Most VMs on one host. */
  maxVms: 10_000,
  /** Most members of one local group. */
  maxMembers: 10_000,
  /** Most firewall rule groups, errors and other list entries. */
  maxEntries: 1_000,
  /** Largest facts document read, in bytes (a file, or a REST body): a host with 10,000 VMs writes about 2 MB. */
  maxBytes: 16 * 1024 * 1024,
  /** Deepest nesting of arrays and objects read (the format itself nests 5 deep); refused before parsing. */
  maxDepth: 16,
} as const

/** The messages of a field: `says('a SID (S-1-5-32-544)')` gives `must be a SID (S-1-5-32-544)` for any wrong value. */
const says = (what: string, more: Messages = {}) => ({ [MESSAGE]: { type: `must be ${what}`, required: `is required (${what})`, default: `must be ${what}`, ...more } })
/** The messages of an object fact: its JSON shape for a wrong type, and the name of what it is for an unknown field. */
const object = (what: string) => ({ [MESSAGE]: { type: `must be an object (${what})`, required: `is required (an object: ${what})`, unknown: `is not a field of ${what}` } })
/** The messages of a list of at most `max` entries. */
const list = (max: number) => says('an array', { default: `must have at most ${max.toLocaleString('en-US')} entries` })
/** The messages of a string or null. */
const orNull = (what: string) => says(`${what}, or null`)
/** An integer from `minimum` to `maximum`, saying so when it is not. */
const Int = (minimum: number, maximum: number, description: string) => Type.Integer({ minimum, maximum, description, ...says(`an integer from ${minimum} to ${maximum.toLocaleString('en-US')}`) })

const LONG = `a string of at most ${FACTS_LIMITS.maxString.toLocaleString('en-US')} characters`
const SID = 'a SID (S-1-5-32-544)'

const Str = (description: string) => Type.String({ description, maxLength: FACTS_LIMITS.maxString, ...says(LONG) })
const Sid = (description: string) => Type.String({ description, pattern: '^S-1-\\d+(-\\d+)*$', maxLength: 256, ...says(SID) })
const Sddl = (description: string) => Type.String({ description, maxLength: FACTS_LIMITS.maxString, ...says(`an SDDL string of at most ${FACTS_LIMITS.maxString.toLocaleString('en-US')} characters`) })

/** Who the host is. */
export const ComputerFactSchema = Type.Object(
  {
    name: Str('The computer name (NetBIOS), e.g. HV01'),
    domain: Str('The domain (or workgroup) name, e.g. CONTOSO'),
    dnsHostName: Type.Optional(Str('The DNS host name, e.g. hv01.contoso.com')),
    partOfDomain: Type.Boolean({ description: 'Whether the host is joined to a domain' }),
    machineSid: Type.Optional(
      Type.String({
        description: "The host's machine SID (S-1-5-21-x-y-z: a local account's SID without its RID), which SDDL's LA and LG are relative to; absent when unknown",
        pattern: '^S-1-5-21-(0|[1-9]\\d{0,9})-(0|[1-9]\\d{0,9})-(0|[1-9]\\d{0,9})$',
        ...says('a machine SID S-1-5-21-x-y-z'),
      }),
    ),
  },
  { additionalProperties: false, description: 'Win32_ComputerSystem', ...object('the computer fact') },
)

/** The operating system. */
export const OsFactSchema = Type.Object(
  {
    caption: Str('Win32_OperatingSystem.Caption, e.g. Microsoft Windows Server 2008 R2 Enterprise'),
    version: Type.String({ description: 'Win32_OperatingSystem.Version, e.g. 6.1.7601', pattern: '^\\d+\\.\\d+(\\.\\d+)*$', maxLength: 64, ...says('a version such as 6.1.7601') }),
    sku: Nullable(Type.Integer({ minimum: 0, maximum: 0xffffffff }), {
      description: 'Win32_OperatingSystem.OperatingSystemSKU, or null when the OS does not report it',
      ...orNull('an integer from 0 to 4,294,967,295'),
    }),
    serverCore: Type.Boolean({ description: 'Whether this is a Server Core installation (from the SKU)' }),
    productType: Int(1, 3, '1 workstation, 2 domain controller, 3 server'),
  },
  { additionalProperties: false, description: 'Win32_OperatingSystem', ...object('the os fact') },
)

/** The Virtualization registry values Hyper-V reads its store from. */
export const VirtualizationFactSchema = Type.Object(
  {
    storeLocation: Nullable(Str('StoreLocation (REG_SZ), e.g. msxml://C:\\ProgramData\\Microsoft\\Windows\\Hyper-V\\InitialStore.xml; null when absent'), orNull(LONG)),
    serviceApplication: Nullable(Str('ServiceApplication (REG_SZ), normally "Hyper-V services"; null when absent'), orNull(LONG)),
  },
  { additionalProperties: false, description: 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Virtualization', ...object('the virtualization fact') },
)

/** The store file StoreLocation names. */
export const StoreFactSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('msxml'), Type.Literal('msldap'), Type.Literal('other')], { description: 'The URL scheme of StoreLocation', ...says('"msxml", "msldap" or "other"') }),
    location: Str('StoreLocation as read'),
    path: Type.Optional(Str('For msxml: the file path')),
    exists: Type.Optional(Type.Boolean({ description: 'For msxml: whether the file exists' })),
    size: Type.Optional(Int(0, Number.MAX_SAFE_INTEGER, 'For msxml: the file size in bytes')),
    sha256: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$', description: 'For msxml: SHA-256 of the file, lower-case hex', ...says('a SHA-256 in lower-case hexadecimal (64 digits)') })),
    modified: Type.Optional(Str('For msxml: last write time, ISO 8601')),
  },
  { additionalProperties: false, description: 'The policy store Hyper-V reads', ...object('the store fact') },
)

/** Whether System Center VMM manages the host. */
export const VmmFactSchema = Type.Object(
  {
    managed: Type.Boolean({ description: 'Whether VMM manages this host' }),
    evidence: List(Str('One reason, e.g. "StoreLocation names HyperVAuthStore.xml", "service SCVMMAgent is installed"'), { maxItems: 16, ...list(16) }),
  },
  { additionalProperties: false, description: 'System Center VMM', ...object('the vmm fact') },
)

/** Hyper-V on the host. */
export const HyperVFactSchema = Type.Object(
  {
    v1Namespace: Type.Optional(
      Type.Boolean({
        description:
          'Whether root\\virtualization (WMI v1, the namespace with ScopeOfResidence) exists; absent when that could not be told (access denied, RPC unavailable), with an errors entry for hyperV.v1Namespace',
      }),
    ),
    v2Namespace: Type.Optional(
      Type.Boolean({ description: 'Whether root\\virtualization\\v2 exists (2012 and later); absent when that could not be told, with an errors entry for hyperV.v2Namespace' }),
    ),
    vmms: Nullable(
      Type.Object(
        {
          state: Str('Win32_Service.State of vmms, e.g. Running, Stopped'),
          startMode: Str('Win32_Service.StartMode, e.g. Auto'),
        },
        { additionalProperties: false, ...object('the vmms fact') },
      ),
      { description: 'The Virtual Machine Management Service, or null when not installed', ...orNull('an object {"state", "startMode"}') },
    ),
  },
  { additionalProperties: false, description: 'The Hyper-V role', ...object('the hyperV fact') },
)

/** One virtual machine. */
export const VmFactSchema = Type.Object(
  {
    name: Str('Msvm_ComputerSystem.ElementName (the VM name as shown)'),
    guid: Type.String({
      description: 'Msvm_ComputerSystem.Name (the VM GUID)',
      pattern: '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$',
      ...says('a GUID (8-4-4-4-12 hexadecimal digits)'),
    }),
    state: Int(0, 65535, 'Msvm_ComputerSystem.EnabledState (2 running, 3 off, 32768 paused, 32769 saved, ...)'),
    scopeOfResidence: Str('Msvm_VirtualSystemGlobalSettingData.ScopeOfResidence; "" for the application level (default scope)'),
  },
  { additionalProperties: false, ...object('a VM') },
)

/** The security descriptor of one WMI namespace. */
export const NamespaceSecurityFactSchema = Type.Object(
  { namespace: Str('The namespace, e.g. root\\cimv2'), sddl: Sddl('__SystemSecurity.GetSD, as SDDL (Win32_SecurityDescriptorHelper.BinarySDToSDDL)') },
  { additionalProperties: false, ...object('a WMI namespace fact') },
)

/** Machine-wide DCOM restrictions. */
export const DcomFactSchema = Type.Object(
  {
    launchRestriction: Nullable(Sddl('HKLM\\SOFTWARE\\Microsoft\\Ole MachineLaunchRestriction as SDDL; null when absent (the OS default applies)'), orNull('an SDDL string')),
    accessRestriction: Nullable(Sddl('HKLM\\SOFTWARE\\Microsoft\\Ole MachineAccessRestriction as SDDL; null when absent (the OS default applies)'), orNull('an SDDL string')),
  },
  { additionalProperties: false, description: 'DCOM machine-wide launch/activation and access limits', ...object('the dcom fact') },
)

/** One local group and its members. */
export const LocalGroupFactSchema = Type.Object(
  {
    sid: Sid('The group SID, e.g. S-1-5-32-562'),
    name: Str('The group name as the host names it (localized)'),
    members: List(Type.Object({ sid: Sid('The member SID'), name: Type.Optional(Str('DOMAIN\\name as the host resolved it')) }, { additionalProperties: false, ...object('a group member') }), {
      maxItems: FACTS_LIMITS.maxMembers,
      ...list(FACTS_LIMITS.maxMembers),
    }),
  },
  { additionalProperties: false, ...object('a local group') },
)

/** One firewall rule group. */
export const FirewallGroupFactSchema = Type.Object(
  {
    group: Str('The rule group as named (e.g. "Windows Management Instrumentation (WMI)")'),
    enabled: Type.Union([Type.Literal('all'), Type.Literal('some'), Type.Literal('none')], {
      description: 'Whether its inbound rules are enabled in the current profiles',
      ...says('"all", "some" or "none"'),
    }),
    rules: Int(0, 100_000, 'How many rules the group has'),
  },
  { additionalProperties: false, ...object('a firewall rule group') },
)

/** The firewall. */
export const FirewallFactSchema = Type.Object(
  {
    enabled: Type.Boolean({ description: 'Whether the firewall is on in the current profiles' }),
    groups: List(FirewallGroupFactSchema, { maxItems: FACTS_LIMITS.maxEntries, ...list(FACTS_LIMITS.maxEntries) }),
  },
  { additionalProperties: false, description: 'Windows Firewall (HNetCfg.FwPolicy2)', ...object('the firewall fact') },
)

/** Why one fact is missing. */
export const FactErrorSchema = Type.Object(
  { fact: Str('The fact (a field name of the document, e.g. "vms")'), reason: Str('Why it could not be collected (the error text)') },
  { additionalProperties: false, ...object('an errors entry {"fact", "reason"}') },
)

const opt = <T extends TSchema>(schema: T) => Type.Optional(schema)

/**
 * A host facts document (`azman-host-facts/1`), as `azman-host-facts.js`
 * writes it. Every fact but `format`, `collectedAt`, `collector` and `errors`
 * may be missing; a missing fact has an entry in `errors` saying why.
 */
export const HostFactsSchema = Type.Object(
  {
    format: Type.Literal(HOST_FACTS_FORMAT, { description: 'The format and its version', ...says(`"${HOST_FACTS_FORMAT}"`) }),
    collectedAt: Type.String({
      description: 'When, ISO 8601 UTC (2026-12-04T21:45:00Z; an offset such as +01:00 is read too)',
      maxLength: 64,
      pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$',
      ...says('a date and time in ISO 8601 (2026-12-04T21:45:00Z)'),
    }),
    collector: Str('The collector and its version, e.g. azman-host-facts.js 0.9.0'),
    computer: opt(ComputerFactSchema),
    os: opt(OsFactSchema),
    virtualization: opt(VirtualizationFactSchema),
    store: opt(StoreFactSchema),
    vmm: opt(VmmFactSchema),
    hyperV: opt(HyperVFactSchema),
    vms: opt(List(VmFactSchema, { maxItems: FACTS_LIMITS.maxVms, ...list(FACTS_LIMITS.maxVms) })),
    wmiNamespaces: opt(List(NamespaceSecurityFactSchema, { maxItems: 16, ...list(16) })),
    dcom: opt(DcomFactSchema),
    localGroups: opt(List(LocalGroupFactSchema, { maxItems: 64, ...list(64) })),
    firewall: opt(FirewallFactSchema),
    errors: List(FactErrorSchema, { maxItems: FACTS_LIMITS.maxEntries, ...list(FACTS_LIMITS.maxEntries) }),
  },
  {
    additionalProperties: false,
    description: 'What one Hyper-V host says about itself',
    [MESSAGE]: {
      type: `must be a JSON object: host facts are {"format": "${HOST_FACTS_FORMAT}", "collectedAt", "collector", ..., "errors": [...]}`,
      unknown: `is not a field of host facts (${HOST_FACTS_FORMAT})`,
    },
  },
)

/** A host facts document. */
export type HostFacts = Static<typeof HostFactsSchema>
/** One VM of a host. */
export type VmFact = Static<typeof VmFactSchema>
/** One local group of a host. */
export type LocalGroupFact = Static<typeof LocalGroupFactSchema>
