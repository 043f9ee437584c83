/**
 * Security identifiers as AzMan stores them: string SIDs such as `S-1-5-32-544`.
 *
 * Windows compares SIDs in their binary form: `ConvertStringSidToSid` reads
 * each part as a number, so `S-1-5-32-0544` and `S-1-5-32-544` are one SID.
 * {@link canonicalSid} gives the one text every comparison in azman uses.
 */

/** The most sub-authorities a SID has (SID_MAX_SUB_AUTHORITIES). */
const MAX_SUB_AUTHORITIES = 15
/** The identifier authority is 6 bytes. */
const AUTHORITY_LIMIT = 2n ** 48n
/** A sub-authority is a 32-bit unsigned number. */
const SUB_AUTHORITY_MAX = 0xffffffff

/** A sub-authority of 10 digits, at most 4294967295 (2^32 - 1), digit by digit. */
const TEN_DIGITS_32_BIT =
  '(?:[1-3][0-9]{9}|4[01][0-9]{8}|42[0-8][0-9]{7}|429[0-3][0-9]{6}|4294[0-8][0-9]{5}|42949[0-5][0-9]{4}|429496[0-6][0-9]{3}|4294967[01][0-9]{2}|42949672[0-8][0-9]|429496729[0-5])'

/**
 * A SID already in canonical form: `S-1-`, an authority and 0 to 15
 * sub-authorities, each `0` or digits without a leading zero, the authority
 * of at most 10 digits (below 2^48 whatever they are), a sub-authority of at
 * most 4294967295. One regular expression, no allocation: V8 compiles it to
 * machine code from its second use, so even a cold process (a CLI command
 * reading a names file of thousands of SIDs) checks them at native speed.
 * Stores hold millions of SIDs; nearly all take only this test.
 */
const CANONICAL = new RegExp(`^S-1-(?:0|[1-9][0-9]{0,9})(?:-(?:0|[1-9][0-9]{0,8}|${TEN_DIGITS_32_BIT})){0,15}$`)

function isCanonical(text: string): boolean {
  return CANONICAL.test(text)
}
/** Any spelling ConvertStringSidToSid reads as a SID: `S` in either case, decimal parts (leading zeros allowed), a hexadecimal authority (`0x...`). */
const SID_SPELLING = /^[Ss]-([0-9]+)-([0-9]+|0[xX][0-9A-Fa-f]+)((?:-[0-9]+)*)$/

/** A decimal part without its leading zeros. */
function stripZeros(digits: string): string {
  let i = 0
  while (i < digits.length - 1 && digits.charCodeAt(i) === 48 /* 0 */) i++
  return i === 0 ? digits : digits.slice(i)
}

/**
 * The canonical text of a SID (`S-1-5-21-1-2-3-1001` for `s-1-5-21-1-2-3-01001`),
 * or undefined when the text is not a SID: not of the form
 * `S-1-<authority>-<sub-authority>...`, another revision, an authority of 2^48
 * or more, a sub-authority over 32 bits, or more than 15 sub-authorities.
 * White space is not part of a SID; the authority is written in decimal.
 */
export function parseSid(text: string): string | undefined {
  if (isCanonical(text)) return text
  const m = SID_SPELLING.exec(text)
  if (m === null) return undefined
  const [, revision = '', authority = '', rest = ''] = m
  if (stripZeros(revision) !== '1') return undefined
  const hex = authority.length > 1 && (authority.charCodeAt(1) | 32) === 120 /* x */
  const digits = hex ? stripZeros(authority.slice(2)) : stripZeros(authority)
  // 2^48 has 15 decimal digits, 13 hexadecimal ones: longer text overflows, whatever it says.
  if (digits.length > (hex ? 12 : 15)) return undefined
  const auth = BigInt(hex ? `0x${digits}` : digits)
  if (auth >= AUTHORITY_LIMIT) return undefined
  const subs = rest === '' ? [] : rest.slice(1).split('-').map(stripZeros)
  if (subs.length > MAX_SUB_AUTHORITIES) return undefined
  for (const sub of subs) if (sub.length > 10 || Number(sub) > SUB_AUTHORITY_MAX) return undefined
  return ['S', '1', auth.toString(), ...subs].join('-')
}

/**
 * The text every SID comparison uses: the canonical SID ({@link parseSid}),
 * so that spellings Windows reads as one SID compare equal (`s-1-1-0`,
 * ` S-1-1-0 `, `S-1-01-0`); text that is not a SID is kept as written, only
 * trimmed and with a leading `s-` upper-cased, so it still compares equal to
 * itself.
 */
export function canonicalSid(text: string): string {
  const s = text.trim()
  const sid = parseSid(s)
  if (sid !== undefined) return sid
  return s.length > 1 && s.charCodeAt(0) === 115 /* s */ && s.charCodeAt(1) === 45 /* - */ ? `S${s.slice(1)}` : s
}

/**
 * A SID as AzMan writes one: `S-1-<authority>-<sub-authority>...` with an
 * upper-case `S`, no white space, revision 1, an identifier authority below
 * 2^48, and 0 to 15 sub-authorities of 32 bits each (the limits of the binary
 * SID structure). Leading zeros and a hexadecimal authority are allowed
 * (Windows reads the numbers); {@link canonicalSid} writes them canonically.
 */
export function isValidSid(text: string): boolean {
  if (isCanonical(text)) return true
  return text.startsWith('S-') && parseSid(text) !== undefined
}

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
