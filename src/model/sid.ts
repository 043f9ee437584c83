/**
 * Security identifiers as AzMan stores them: string SIDs such as `S-1-5-32-544`.
 */

/**
 * A SID in canonical string form: revision 1, an identifier authority below
 * 2^48, and 0 to 15 sub-authorities of 32 bits each (the limits of the binary
 * SID structure).
 */
export function isValidSid(text: string): boolean {
  if (!SID_SHAPE.test(text)) return false
  // The shape bounds the digits; only the longest numbers can overflow their fields, so the
  // common case (every part short) costs one regular-expression test. Stores hold millions of SIDs.
  if (!LONG_PART.test(text)) return true
  const [, , authority = '', ...subAuthorities] = text.split('-')
  return Number(authority) < 2 ** 48 && subAuthorities.every((part) => Number(part) <= 0xffffffff)
}

const SID_SHAPE = /^S-1-[0-9]{1,15}(?:-[0-9]{1,10}){0,15}$/
/** A part of 10 or more digits: a sub-authority that may exceed 32 bits, or an authority that may exceed 48. */
const LONG_PART = /[0-9]{10}/

/** Well-known SIDs and the names Windows shows for them. */
const WELL_KNOWN: ReadonlyMap<string, string> = new Map([
  ['S-1-0-0', 'NULL SID'],
  ['S-1-1-0', 'Everyone'],
  ['S-1-2-0', 'LOCAL'],
  ['S-1-2-1', 'CONSOLE LOGON'],
  ['S-1-3-0', 'CREATOR OWNER'],
  ['S-1-3-1', 'CREATOR GROUP'],
  ['S-1-3-4', 'OWNER RIGHTS'],
  ['S-1-5-1', 'NT AUTHORITY\\DIALUP'],
  ['S-1-5-2', 'NT AUTHORITY\\NETWORK'],
  ['S-1-5-3', 'NT AUTHORITY\\BATCH'],
  ['S-1-5-4', 'NT AUTHORITY\\INTERACTIVE'],
  ['S-1-5-6', 'NT AUTHORITY\\SERVICE'],
  ['S-1-5-7', 'NT AUTHORITY\\ANONYMOUS LOGON'],
  ['S-1-5-9', 'NT AUTHORITY\\ENTERPRISE DOMAIN CONTROLLERS'],
  ['S-1-5-10', 'NT AUTHORITY\\SELF'],
  ['S-1-5-11', 'NT AUTHORITY\\Authenticated Users'],
  ['S-1-5-12', 'NT AUTHORITY\\RESTRICTED'],
  ['S-1-5-13', 'NT AUTHORITY\\TERMINAL SERVER USER'],
  ['S-1-5-14', 'NT AUTHORITY\\REMOTE INTERACTIVE LOGON'],
  ['S-1-5-15', 'NT AUTHORITY\\This Organization'],
  ['S-1-5-17', 'NT AUTHORITY\\IUSR'],
  ['S-1-5-18', 'NT AUTHORITY\\SYSTEM'],
  ['S-1-5-19', 'NT AUTHORITY\\LOCAL SERVICE'],
  ['S-1-5-20', 'NT AUTHORITY\\NETWORK SERVICE'],
  ['S-1-5-32-544', 'BUILTIN\\Administrators'],
  ['S-1-5-32-545', 'BUILTIN\\Users'],
  ['S-1-5-32-546', 'BUILTIN\\Guests'],
  ['S-1-5-32-547', 'BUILTIN\\Power Users'],
  ['S-1-5-32-548', 'BUILTIN\\Account Operators'],
  ['S-1-5-32-549', 'BUILTIN\\Server Operators'],
  ['S-1-5-32-550', 'BUILTIN\\Print Operators'],
  ['S-1-5-32-551', 'BUILTIN\\Backup Operators'],
  ['S-1-5-32-552', 'BUILTIN\\Replicator'],
  ['S-1-5-32-555', 'BUILTIN\\Remote Desktop Users'],
  ['S-1-5-32-556', 'BUILTIN\\Network Configuration Operators'],
  ['S-1-5-32-558', 'BUILTIN\\Performance Monitor Users'],
  ['S-1-5-32-559', 'BUILTIN\\Performance Log Users'],
  ['S-1-5-32-562', 'BUILTIN\\Distributed COM Users'],
  ['S-1-5-32-568', 'BUILTIN\\IIS_IUSRS'],
  ['S-1-5-32-573', 'BUILTIN\\Event Log Readers'],
  ['S-1-5-32-578', 'BUILTIN\\Hyper-V Administrators'],
  ['S-1-5-32-580', 'BUILTIN\\Remote Management Users'],
  ['S-1-5-83-0', 'NT VIRTUAL MACHINE\\Virtual Machines'],
])

/** Every well-known SID with its name. */
export function wellKnownSids(): Iterable<readonly [string, string]> {
  return WELL_KNOWN.entries()
}

/** Relative IDs with a fixed meaning in every domain (`S-1-5-21-<domain>-<rid>`). */
const DOMAIN_RIDS: ReadonlyMap<string, string> = new Map([
  ['500', 'Administrator'],
  ['501', 'Guest'],
  ['502', 'krbtgt'],
  ['512', 'Domain Admins'],
  ['513', 'Domain Users'],
  ['514', 'Domain Guests'],
  ['515', 'Domain Computers'],
  ['516', 'Domain Controllers'],
  ['518', 'Schema Admins'],
  ['519', 'Enterprise Admins'],
  ['520', 'Group Policy Creator Owners'],
])

const DOMAIN_SID = /^S-1-5-21-[0-9]{1,10}-[0-9]{1,10}-[0-9]{1,10}-([0-9]{1,10})$/

/**
 * The name Windows shows for a well-known SID, or for a well-known RID in a
 * domain (`<domain>\Domain Users`); undefined for any other SID. Matching is
 * on the canonical text, so `s-1-1-0` is not recognised as Everyone.
 */
export function wellKnownSidName(sid: string): string | undefined {
  const name = WELL_KNOWN.get(sid)
  if (name !== undefined) return name
  const rid = DOMAIN_SID.exec(sid)?.[1]
  const ridName = rid === undefined ? undefined : DOMAIN_RIDS.get(rid)
  return ridName === undefined ? undefined : `<domain>\\${ridName}`
}

/** `S-1-5-32-544 (BUILTIN\Administrators)`, or the SID alone when it has no well-known name. */
export function describeSid(sid: string): string {
  const name = wellKnownSidName(sid)
  return name === undefined ? sid : `${sid} (${name})`
}
