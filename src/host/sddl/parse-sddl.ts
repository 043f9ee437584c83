import { canonicalSid, parseSid } from '../../model/sid.js'
import { aliasDomainRid, aliasMachineRid, aliasSid, type SddlTrustee } from './sddl-aliases.js'
import { SddlError } from './sddl-error.js'
import { SDDL_RIGHTS } from './sddl-rights.js'
import { ACE_FLAGS, ACE_TYPES, ACL_FLAGS, type Ace, type AceFlag, type AceType, type Acl, type AclFlag, type SecurityDescriptor } from './security-descriptor.js'

/** Bounds on SDDL input: a facts file is untrusted. */
export const SDDL_LIMITS = {
  /** Longest SDDL string, in characters (a binary ACL is at most 64 KB; its SDDL is a few times longer). */
  maxLength: 262_144,
  /** Most ACEs in one ACL. */
  maxAces: 4096,
  /** Longest condition of a callback ACE, in characters. */
  maxCondition: 4096,
} as const

const GUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/
/** A SID as SDDL writes one: bounded, so the test is linear. */
const SID_TEXT = /^[Ss]-[0-9]{1,3}-(?:[0-9]{1,15}|0[xX][0-9A-Fa-f]{1,12})(?:-[0-9]{1,10}){0,15}$/
const HEX_MASK = /^0[xX][0-9A-Fa-f]{1,8}$/

/** A short, printable excerpt of the input at `at`, for messages. */
function near(text: string, at: number): string {
  const piece = text.slice(at, at + 24).replace(/[^\x20-\x7e]/g, '?')
  return piece === '' ? 'the end' : `"${piece}${text.length > at + 24 ? '...' : ''}"`
}

function fail(text: string, at: number, what: string): never {
  throw new SddlError(`SDDL: ${what} at character ${at + 1} (near ${near(text, at)})`, at)
}

/** A trustee (SID string or alias) from its text. */
function trustee(text: string, value: string, at: number): SddlTrustee {
  if (value.length === 2) {
    const sid = aliasSid(value)
    if (sid !== undefined) return { text: value, sid, domainRid: null, machineRid: null }
    const rid = aliasDomainRid(value)
    if (rid !== undefined) return { text: value, sid: null, domainRid: rid, machineRid: null }
    const local = aliasMachineRid(value)
    if (local !== undefined) return { text: value, sid: null, domainRid: null, machineRid: local }
    fail(text, at, `unknown SID alias "${value}"`)
  }
  if (!SID_TEXT.test(value) || parseSid(value) === undefined) fail(text, at, `"${value.slice(0, 40)}" is neither a SID nor a SID alias`)
  return { text: value, sid: canonicalSid(value), domainRid: null, machineRid: null }
}

/** Two-letter codes read in sequence from `value` (ACE flags, rights). */
function pairs(text: string, value: string, at: number, what: string): string[] {
  if (value.length % 2 !== 0) fail(text, at, `${what} "${value.slice(0, 40)}" is not made of two-letter codes`)
  const out: string[] = []
  for (let i = 0; i < value.length; i += 2) out.push(value.slice(i, i + 2))
  return out
}

function aceFlags(text: string, value: string, at: number): AceFlag[] {
  return pairs(text, value, at, 'ACE flags').map((f) => {
    if (!(ACE_FLAGS as readonly string[]).includes(f)) fail(text, at, `unknown ACE flag "${f}"`)
    return f as AceFlag
  })
}

function rights(text: string, value: string, at: number): number {
  if (value === '') return 0
  if (value.startsWith('0x') || value.startsWith('0X')) {
    if (!HEX_MASK.test(value)) fail(text, at, `access mask "${value.slice(0, 40)}" is not a hexadecimal number of at most 8 digits`)
    return Number.parseInt(value.slice(2), 16) >>> 0
  }
  let mask = 0
  for (const code of pairs(text, value, at, 'access rights')) {
    const bits = SDDL_RIGHTS.get(code)
    if (bits === undefined) fail(text, at, `unknown access right "${code}"`)
    mask = (mask | bits) >>> 0
  }
  return mask
}

function guid(text: string, value: string, at: number): string | null {
  if (value === '') return null
  if (!GUID.test(value)) fail(text, at, `"${value.slice(0, 40)}" is not a GUID`)
  return value.toLowerCase()
}

/** The end (index of its closing `)`) of a condition starting at `start` with `(`: balanced parentheses, quoted strings skipped. */
function conditionEnd(text: string, start: number): number {
  let depth = 0
  let quoted = false
  const limit = Math.min(text.length, start + SDDL_LIMITS.maxCondition)
  for (let i = start; i < limit; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"') quoted = false
    } else if (c === '"') quoted = true
    else if (c === '(') depth++
    else if (c === ')' && --depth === 0) return i
  }
  return fail(text, start, limit < text.length ? `an ACE condition longer than ${SDDL_LIMITS.maxCondition} characters` : 'an unterminated ACE condition')
}

/** One ACE from `(` at `start`; returns it and the index after its `)`. */
function readAce(text: string, start: number): { ace: Ace; next: number } {
  const fields: { value: string; at: number }[] = []
  let i = start + 1
  let condition: string | null = null
  for (;;) {
    const from = i
    while (i < text.length && text[i] !== ';' && text[i] !== ')' && text[i] !== '(') i++
    if (i >= text.length) fail(text, start, 'an ACE without its closing ")"')
    fields.push({ value: text.slice(from, i), at: from })
    if (text[i] === '(') fail(text, i, 'a "(" inside an ACE')
    if (text[i] === ')') break
    i++
    if (fields.length === 6) {
      if (text[i] !== '(') fail(text, i, 'an ACE with more than six fields')
      const end = conditionEnd(text, i)
      condition = text.slice(i, end + 1)
      i = end + 1
      if (text[i] !== ')') fail(text, i, 'an ACE that does not end after its condition')
      break
    }
  }
  if (fields.length !== 6) fail(text, start, `an ACE with ${fields.length} field${fields.length === 1 ? '' : 's'} (six are needed: type;flags;rights;object;inherited object;trustee)`)
  const [type, flags, mask, object, inherited, who] = fields as [(typeof fields)[0], (typeof fields)[0], (typeof fields)[0], (typeof fields)[0], (typeof fields)[0], (typeof fields)[0]]
  if (!(ACE_TYPES as readonly string[]).includes(type.value)) fail(text, type.at, `unknown ACE type "${type.value.slice(0, 40)}"`)
  const ace: Ace = {
    type: type.value as AceType,
    flags: aceFlags(text, flags.value, flags.at),
    mask: rights(text, mask.value, mask.at),
    objectType: guid(text, object.value, object.at),
    inheritedObjectType: guid(text, inherited.value, inherited.at),
    trustee: trustee(text, who.value, who.at),
    condition,
  }
  return { ace, next: i + 1 }
}

/** An ACL's flags and ACEs from just after `D:` or `S:`; returns it and where it ends. */
function readAcl(text: string, start: number): { acl: Acl | null; next: number } {
  const flags: AclFlag[] = []
  let i = start
  for (;;) {
    const flag = ACL_FLAGS.find((f) => text.startsWith(f, i))
    if (flag === undefined) break
    if (flags.includes(flag)) fail(text, i, `the ACL flag ${flag} twice`)
    flags.push(flag)
    i += flag.length
  }
  const aces: Ace[] = []
  while (text[i] === '(') {
    if (aces.length === SDDL_LIMITS.maxAces) fail(text, i, `more than ${SDDL_LIMITS.maxAces} ACEs in one ACL`)
    const { ace, next } = readAce(text, i)
    aces.push(ace)
    i = next
  }
  if (flags.includes('NO_ACCESS_CONTROL')) {
    if (aces.length > 0) fail(text, start, 'NO_ACCESS_CONTROL with ACEs')
    return { acl: null, next: i }
  }
  return { acl: { flags, aces }, next: i }
}

/** The owner or group SID from just after `O:` or `G:`, up to the next part (`G:`, `D:` ...) or the end: a SID string, or a two-letter alias. */
function readOwner(text: string, start: number): { who: SddlTrustee; next: number } {
  const limit = Math.min(text.length, start + 200)
  let i = start
  while (i < limit && !('OGDS'.includes(text[i] ?? '') && text[i + 1] === ':')) i++
  if (i === limit && limit < text.length) fail(text, start, 'an owner or group longer than 200 characters')
  if (i === start) fail(text, start, 'an empty owner or group')
  return { who: trustee(text, text.slice(start, i), start), next: i }
}

/**
 * Reads a security descriptor string (SDDL, "Security Descriptor String
 * Format": https://learn.microsoft.com/windows/win32/secauthz/security-descriptor-string-format):
 * `O:owner`, `G:group`, `D:flags(ace)...`, `S:flags(ace)...`, each at most
 * once. Trustees are SID strings or the aliases of {@link aliasSid}; rights are
 * `0x` hexadecimal or two-letter codes. Strict and linear: no white space, no
 * unknown code; at most {@link SDDL_LIMITS}.
 *
 * @throws SddlError naming the problem and where it is
 */
export function parseSddl(text: string): SecurityDescriptor {
  if (text.length > SDDL_LIMITS.maxLength) throw new SddlError(`SDDL: ${text.length} characters, more than the ${SDDL_LIMITS.maxLength} allowed`, null)
  if (text === '') throw new SddlError('SDDL: empty', null)
  const seen = new Set<string>()
  let owner: SddlTrustee | null = null
  let group: SddlTrustee | null = null
  let dacl: Acl | null = null
  let sacl: Acl | null = null
  let i = 0
  while (i < text.length) {
    const part = text[i] ?? ''
    if (!'OGDS'.includes(part) || text[i + 1] !== ':') fail(text, i, 'expected O:, G:, D: or S:')
    if (seen.has(part)) fail(text, i, `a second ${part}: part`)
    seen.add(part)
    if (part === 'O' || part === 'G') {
      const { who, next } = readOwner(text, i + 2)
      if (part === 'O') owner = who
      else group = who
      i = next
    } else {
      const { acl, next } = readAcl(text, i + 2)
      if (part === 'D') dacl = acl
      else sacl = acl
      i = next
    }
  }
  return { owner, group, dacl, sacl }
}

/** The last security descriptors read, by their text: hosts of a fleet mostly share their SDDL. */
const recent = new Map<string, SecurityDescriptor>()
const RECENT_MAX = 64

/**
 * {@link parseSddl} with the results of the last 64 distinct strings kept
 * (a security descriptor is immutable, so sharing it is safe). Errors are not kept.
 *
 * @throws SddlError as {@link parseSddl}
 */
export function parseSddlCached(text: string): SecurityDescriptor {
  const known = recent.get(text)
  if (known !== undefined) return known
  const sd = parseSddl(text)
  if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value as string)
  recent.set(text, sd)
  return sd
}
