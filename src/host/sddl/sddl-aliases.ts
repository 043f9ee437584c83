/**
 * The two-letter SID strings of SDDL (Sddl.h), from Microsoft's "SID Strings"
 * page: https://learn.microsoft.com/windows/win32/secauthz/sid-strings
 * (RIDs from "Well-known SIDs", https://learn.microsoft.com/windows/win32/secauthz/well-known-sids).
 *
 * Checked table by table against that page and the `sid-token` list of
 * MS-DTYP 2.5.1.1 ("Syntax", https://learn.microsoft.com/openspecs/windows_protocols/ms-dtyp/f4296d69-1c0f-491f-9587-a960b292d070):
 * the 61 tokens there plus AP, AS, SS, KA and EK of newer Sddl.h, 66 in all.
 *
 * Most stand for one SID. Those that stand for a group of the computer's
 * domain (DA, DU ...) are relative: SDDL writes them without the domain's
 * SID, so they are kept as a RID ({@link SddlTrustee.domainRid}). LA and LG
 * are the host's own Administrator and Guest accounts, relative to its machine
 * SID ({@link SddlTrustee.machineRid}), not to the domain's.
 */

/** Aliases that are one fixed SID. */
const FIXED: ReadonlyMap<string, string> = new Map([
  ['AA', 'S-1-5-32-579'], // access control assistance operators
  ['AC', 'S-1-15-2-1'], // all app packages
  ['AN', 'S-1-5-7'], // anonymous logon
  ['AO', 'S-1-5-32-548'], // account operators
  ['AS', 'S-1-18-1'], // authentication authority asserted identity
  ['AU', 'S-1-5-11'], // authenticated users
  ['BA', 'S-1-5-32-544'], // built-in administrators
  ['BG', 'S-1-5-32-546'], // built-in guests
  ['BO', 'S-1-5-32-551'], // backup operators
  ['BU', 'S-1-5-32-545'], // built-in users
  ['CD', 'S-1-5-32-574'], // certificate service DCOM access
  ['CG', 'S-1-3-1'], // creator group
  ['CO', 'S-1-3-0'], // creator owner
  ['CY', 'S-1-5-32-569'], // cryptographic operators
  ['ED', 'S-1-5-9'], // enterprise domain controllers
  ['ER', 'S-1-5-32-573'], // event log readers
  ['ES', 'S-1-5-32-576'], // RDS endpoint servers
  ['HA', 'S-1-5-32-578'], // Hyper-V administrators
  ['HI', 'S-1-16-12288'], // high integrity level
  ['IS', 'S-1-5-32-568'], // IIS_IUSRS
  ['IU', 'S-1-5-4'], // interactive
  ['LS', 'S-1-5-19'], // local service
  ['LU', 'S-1-5-32-559'], // performance log users
  ['LW', 'S-1-16-4096'], // low integrity level
  ['ME', 'S-1-16-8192'], // medium integrity level
  ['MP', 'S-1-16-8448'], // medium plus integrity level
  ['MS', 'S-1-5-32-577'], // RDS management servers (SDDL_RDS_MANAGEMENT_SERVERS)
  ['MU', 'S-1-5-32-558'], // performance monitor users
  ['NO', 'S-1-5-32-556'], // network configuration operators
  ['NS', 'S-1-5-20'], // network service
  ['NU', 'S-1-5-2'], // network logon
  ['OW', 'S-1-3-4'], // owner rights
  ['PO', 'S-1-5-32-550'], // print operators
  ['PS', 'S-1-5-10'], // principal self
  ['PU', 'S-1-5-32-547'], // power users
  ['RA', 'S-1-5-32-575'], // RDS remote access servers
  ['RC', 'S-1-5-12'], // restricted code
  ['RD', 'S-1-5-32-555'], // remote desktop users
  ['RE', 'S-1-5-32-552'], // replicator
  ['RM', 'S-1-5-32-580'], // remote management users
  ['RS', 'S-1-5-32-553'], // RAS servers
  ['RU', 'S-1-5-32-554'], // pre-Windows 2000 compatible access
  ['SI', 'S-1-16-16384'], // system integrity level
  ['SO', 'S-1-5-32-549'], // server operators
  ['SS', 'S-1-18-2'], // service asserted identity
  ['SU', 'S-1-5-6'], // service logon
  ['SY', 'S-1-5-18'], // local system
  ['UD', 'S-1-5-84-0-0-0-0-0'], // user-mode drivers
  ['WD', 'S-1-1-0'], // everyone
  ['WR', 'S-1-5-33'], // write restricted code
])

/** Aliases relative to the computer's domain (or, for EA, SA, PA, RO, EK, its forest's root domain): the RID. */
const DOMAIN_RELATIVE: ReadonlyMap<string, number> = new Map([
  ['AP', 525], // protected users
  ['CA', 517], // cert publishers
  ['CN', 522], // cloneable domain controllers
  ['DA', 512], // domain admins
  ['DC', 515], // domain computers
  ['DD', 516], // domain controllers
  ['DG', 514], // domain guests
  ['DU', 513], // domain users
  ['EA', 519], // enterprise admins (root domain)
  ['EK', 527], // enterprise key admins
  ['KA', 526], // key admins
  ['PA', 520], // group policy creator owners
  ['RO', 498], // enterprise read-only domain controllers
  ['SA', 518], // schema admins (root domain)
])

/**
 * Aliases of the computer's own accounts (SDDL_LOCAL_ADMIN, SDDL_LOCAL_GUEST):
 * relative to the machine SID of the host, never to a domain's.
 */
const MACHINE_RELATIVE: ReadonlyMap<string, number> = new Map([
  ['LA', 500], // the host's local Administrator account
  ['LG', 501], // the host's local Guest account
])

/** The trustee of an ACE, an owner or a group: a SID, or a RID of the host's domain. */
export interface SddlTrustee {
  /** As written in the SDDL (`BA`, `S-1-5-21-...-1105`). */
  readonly text: string
  /** The SID, canonical; null for a domain-relative alias. */
  readonly sid: string | null
  /** For a domain-relative alias (`DU`): the RID (513); else null. */
  readonly domainRid: number | null
  /** For a machine-relative alias (`LA`): the RID of the host's own account (500); else null. */
  readonly machineRid: number | null
}

/** The SID of a fixed alias (`BA` → `S-1-5-32-544`), or undefined. */
export function aliasSid(alias: string): string | undefined {
  return FIXED.get(alias)
}

/** The RID of a domain-relative alias (`DU` → 513), or undefined. */
export function aliasDomainRid(alias: string): number | undefined {
  return DOMAIN_RELATIVE.get(alias)
}

/** The RID of a machine-relative alias (`LA` → 500), or undefined. */
export function aliasMachineRid(alias: string): number | undefined {
  return MACHINE_RELATIVE.get(alias)
}

/** Every alias azman knows, fixed, domain- and machine-relative (for tests and docs). */
export function sddlAliases(): string[] {
  return [...FIXED.keys(), ...DOMAIN_RELATIVE.keys(), ...MACHINE_RELATIVE.keys()].sort()
}
