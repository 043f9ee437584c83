/**
 * The access-right letter codes of SDDL ACE strings, from Microsoft's "ACE
 * Strings" page: https://learn.microsoft.com/windows/win32/secauthz/ace-strings
 * with the values of the constants in WinNT.h / Iads.h ("Access Mask Format",
 * "ADS_RIGHTS_ENUM", "File Security and Access Rights", "Registry Key Security
 * and Access Rights").
 *
 * WMI and COM reuse the low bits under the directory-service letters: a WMI
 * namespace's Enable Account (WBEM_ENABLE, 0x1) is written `CC` and its Remote
 * Enable (WBEM_REMOTE_ACCESS, 0x20) `WP`; COM's remote launch
 * (COM_RIGHTS_EXECUTE_REMOTE, 0x4) is `LC` and remote activation
 * (COM_RIGHTS_ACTIVATE_REMOTE, 0x10) `RP`.
 */
export const SDDL_RIGHTS: ReadonlyMap<string, number> = new Map([
  // Generic
  ['GA', 0x10000000],
  ['GX', 0x20000000],
  ['GW', 0x40000000],
  ['GR', 0x80000000],
  // Standard
  ['SD', 0x00010000],
  ['RC', 0x00020000],
  ['WD', 0x00040000],
  ['WO', 0x00080000],
  // Directory service (and the low bits other objects reuse)
  ['CC', 0x1],
  ['DC', 0x2],
  ['LC', 0x4],
  ['SW', 0x8],
  ['RP', 0x10],
  ['WP', 0x20],
  ['DT', 0x40],
  ['LO', 0x80],
  ['CR', 0x100],
  // File
  ['FA', 0x001f01ff],
  ['FR', 0x00120089],
  ['FW', 0x00120116],
  ['FX', 0x001200a0],
  // Registry
  ['KA', 0x000f003f],
  ['KR', 0x00020019],
  ['KW', 0x00020006],
  ['KX', 0x00020019],
  // Mandatory label
  ['NR', 0x2],
  ['NW', 0x1],
  ['NX', 0x4],
])

/** GENERIC_ALL. */
export const GENERIC_ALL = 0x10000000
/** GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE. */
export const GENERIC_OTHER = 0xe0000000

/** WMI namespace rights (WBEM_SECURITY_FLAGS, "Namespace Access Rights Constants"). */
export const WmiRights = {
  /** WBEM_ENABLE: Enable Account. */
  Enable: 0x1,
  /** WBEM_METHOD_EXECUTE: Execute Methods. */
  MethodExecute: 0x2,
  /** WBEM_REMOTE_ACCESS: Remote Enable. */
  RemoteAccess: 0x20,
} as const

/** COM rights (objbase.h; "Security in COM", access control lists for COM). */
export const ComRights = {
  /** COM_RIGHTS_EXECUTE: the pre-XP SP2 right, which alone means every launch/activation/access right. */
  Execute: 0x1,
  ExecuteLocal: 0x2,
  ExecuteRemote: 0x4,
  ActivateLocal: 0x8,
  ActivateRemote: 0x10,
} as const

/** `0x21` */
export function hexMask(mask: number): string {
  return `0x${(mask >>> 0).toString(16)}`
}
