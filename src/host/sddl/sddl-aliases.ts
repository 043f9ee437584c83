/**
 * The two-letter SID strings of SDDL (Sddl.h), from Microsoft's "SID Strings"
 * page: https://learn.microsoft.com/windows/win32/secauthz/sid-strings
 * (RIDs from "Well-known SIDs", https://learn.microsoft.com/windows/win32/secauthz/well-known-sids).
 *
 * Most stand for one SID. Those that stand for a group or account of the
 * computer's domain (DA, DU, LA ...) are relative: SDDL writes them without the
 * domain's SID, so they are kept as a RID ({@link SddlTrustee.domainRid}).
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

/** Aliases relative to the computer's domain (or, for LA and LG, the computer's own accounts): the RID. */
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
  ['LA', 500], // local administrator account
  ['LG', 501], // local guest account
  ['PA', 520], // group policy creator owners
  ['RO', 498], // enterprise read-only domain controllers
  ['SA', 518], // schema admins (root domain)
])

/** The trustee of an ACE, an owner or a group: a SID, or a RID of the host's domain. */
export interface SddlTrustee {
  /** As written in the SDDL (`BA`, `S-1-5-21-...-1105`). */
  readonly text: string
  /** The SID, canonical; null for a domain-relative alias. */
  readonly sid: string | null
  /** For a domain-relative alias (`DU`): the RID (513); else null. */
  readonly domainRid: number | null
}

/** The SID of a fixed alias (`BA` → `S-1-5-32-544`), or undefined. */
export function aliasSid(alias: string): string | undefined {
  return FIXED.get(alias)
}

/** The RID of a domain-relative alias (`DU` → 513), or undefined. */
export function aliasDomainRid(alias: string): number | undefined {
  return DOMAIN_RELATIVE.get(alias)
}

/** Every alias azman knows, fixed and domain-relative (for tests and docs). */
export function sddlAliases(): string[] {
  return [...FIXED.keys(), ...DOMAIN_RELATIVE.keys()].sort()
}
