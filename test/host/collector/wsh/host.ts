/**
 * What a fake Windows host holds, for the Windows Script Host sandbox: WMI namespaces with class
 * instances, the registry StdRegProv reads, files, the firewall policy, local group membership, and
 * the failures to raise. Fixture hosts (`../hosts/*.ts`) are values of this type; the fakes in this
 * folder answer from them as the documented APIs would.
 */
import { ComError, SafeArray } from './com.js'

/** A WMI property value: strings, numbers, booleans, null (no value), dates and byte arrays. */
export type WmiValue = string | number | boolean | null | Date | SafeArray

/** One WMI instance: its properties by name. */
export type WmiInstance = Readonly<Record<string, WmiValue>>

/** A WMI namespace: instances by class name, and the namespace's own security (SDDL). */
export interface FakeNamespace {
  readonly classes: Readonly<Record<string, readonly WmiInstance[]>>
  /** The namespace's security descriptor, as __SystemSecurity.GetSD returns it (given here as SDDL). */
  readonly sddl?: string
}

/** A registry value, with its type (StdRegProv's Get*Value methods each read one type). */
export type RegistryValue =
  | { readonly type: 'REG_SZ' | 'REG_EXPAND_SZ'; readonly value: string }
  | { readonly type: 'REG_DWORD'; readonly value: number }
  | { readonly type: 'REG_BINARY'; readonly value: Uint8Array }

/** A file on the host. */
export interface FakeFile {
  readonly bytes: Uint8Array
  readonly modified: Date
}

/** One firewall rule (INetFwRule): the properties the collector reads. */
export interface FakeFirewallRule {
  readonly Name: string
  readonly Grouping: string
  /** NET_FW_RULE_DIRECTION: 1 in, 2 out */
  readonly Direction: 1 | 2
  readonly Enabled: boolean
  /** NET_FW_PROFILE_TYPE2 bits: 1 domain, 2 private, 4 public; 0x7FFFFFFF all */
  readonly Profiles: number
}

/** The firewall policy (INetFwPolicy2). */
export interface FakeFirewall {
  readonly currentProfileTypes: number
  /** FirewallEnabled per profile bit. */
  readonly enabled: Readonly<Record<number, boolean>>
  readonly rules: readonly FakeFirewallRule[]
}

/** The members of one local group (Win32_GroupUser associations, from the group's side). */
export interface FakeGroupMembers {
  readonly domain: string
  readonly name: string
  readonly members: readonly WmiInstance[]
}

/** A fake host. Registry keys and file paths are matched without regard to case, as Windows does. */
export interface FakeHost {
  /** By namespace path, e.g. `root\cimv2`, `root\virtualization`. */
  readonly namespaces: Readonly<Record<string, FakeNamespace>>
  /** HKLM values by key path, then value name. */
  readonly registry: Readonly<Record<string, Readonly<Record<string, RegistryValue>>>>
  /** Files by Windows path. */
  readonly files: Readonly<Record<string, FakeFile>>
  /** The firewall policy; absent: HNetCfg.FwPolicy2 cannot be created. */
  readonly firewall?: FakeFirewall
  readonly groupMembers: readonly FakeGroupMembers[]
  /**
   * Failures to raise, by where, with the text of the error:
   * `connect:<namespace>`, `query:<class>`, `method:<name>`, `activex:<ProgID>`, `registry`,
   * `read:<file path>` (ADODB.Stream.LoadFromFile of a file that is there: locked, or read denied),
   * `write:<file path>` (ADODB.Stream.SaveToFile), `copy:<source path>` (FileSystemObject.CopyFile from it),
   * `truncate-once:<file path>` (the next SaveToFile writes half the bytes, without an error).
   * A text that starts with an HRESULT (`0x80041003 Access denied`) raises that HRESULT.
   */
  readonly failures?: Readonly<Record<string, string>>
  /**
   * Accounts the host can name by SID (Win32_SID, ADSI WinNT:// member paths): domain accounts of
   * its domain and local ones, by SID. The members of local groups are known without this.
   */
  readonly accounts?: Readonly<Record<string, { readonly domain: string; readonly name: string; readonly kind?: string }>>
}

/**
 * The writable view of a fake host's state, for the fakes of methods that change the host
 * (ModifyVirtualSystem, SetSD, group Add and Remove, EnableRuleGroup): the fixture types are
 * read-only so that tests do not change a host by accident; the write fakes change it on purpose.
 */
export function mutable<T>(value: T): { -readonly [K in keyof T]: T[K] } {
  return value
}

/** A WMI value as text: strings as they are, numbers and booleans written out, anything else empty. */
export function wmiText(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : ''
}

/**
 * The bytes standing in for a binary security descriptor. The collector never reads inside one: it
 * passes the SAFEARRAY it got from GetSD or GetBinaryValue on to BinarySDToSDDL unchanged, which
 * is what these tests check; so the fake's bytes are a marked copy of the SDDL, not the
 * self-relative SECURITY_DESCRIPTOR layout a real host returns.
 */
export function binarySd(sddl: string): Uint8Array {
  return Uint8Array.from([0x01, 0x00, ...Buffer.from(sddl, 'utf8')])
}

/** The SDDL of {@link binarySd}'s bytes, or undefined for bytes it did not make. */
export function sddlOfBinary(bytes: Uint8Array): string | undefined {
  if (bytes.length < 2 || bytes[0] !== 0x01 || bytes[1] !== 0x00) return undefined
  return Buffer.from(bytes.subarray(2)).toString('utf8')
}

/** A case-insensitive lookup in a record. */
export function lookup<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  const wanted = key.toLowerCase()
  for (const [k, v] of Object.entries(record)) if (k.toLowerCase() === wanted) return v
  return undefined
}

/** Throws the failure named `where` if the host has one. */
export function failIf(host: FakeHost, where: string, raise: (reason: string) => Error): void {
  const reason = host.failures === undefined ? undefined : lookup(host.failures, where)
  if (reason === undefined) return
  const coded = /^(0x[0-9A-Fa-f]{8}) (.*)$/s.exec(reason)
  throw coded?.[1] !== undefined && coded[2] !== undefined ? new ComError(Number(coded[1]), coded[2]) : raise(reason)
}

export { SafeArray }
