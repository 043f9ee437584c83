import type { SddlTrustee } from './sddl-aliases.js'
import type { Ace, SecurityDescriptor } from './security-descriptor.js'
import { GENERIC_ALL, GENERIC_OTHER } from './sddl-rights.js'

/** Every bit of an access mask. */
const ALL = 0xffffffff

const DOMAIN_SID = /^S-1-5-21-[0-9]+-[0-9]+-[0-9]+-([0-9]+)$/

/** What {@link evaluateDacl} answers. */
export interface DaclEvaluation {
  /** The rights the token is granted (unsigned 32-bit mask). */
  readonly granted: number
  /** Whether the DACL is in canonical order (explicit deny, explicit allow, then inherited ACEs). */
  readonly canonical: boolean
  /** ACEs that were skipped because they cannot be evaluated here (callback or object ACEs for an object type), by type. */
  readonly skipped: readonly string[]
}

export interface EvaluateOptions {
  /** How a mask is read before it is applied (generic rights mapping, legacy formats); default {@link defaultMapping}. */
  readonly mapMask?: (mask: number) => number
}

/**
 * The default reading of a mask: GENERIC_ALL as every right (every object's
 * generic mapping maps it to its full access), GENERIC_READ, _WRITE and
 * _EXECUTE as nothing (their mapping depends on the object, and WMI namespaces
 * and COM do not document one: a right only they give is not counted).
 */
export function defaultMapping(mask: number): number {
  if ((mask & GENERIC_ALL) !== 0) return ALL
  return (mask & ~GENERIC_OTHER) >>> 0
}

/**
 * Whether an ACE's trustee is in the token. A domain-relative alias (`DU`,
 * `DA` ...) matches a token SID of the form `S-1-5-21-x-y-z-<rid>`: the
 * SDDL does not say which domain, and azman assumes the host's.
 */
export function trusteeMatches(trustee: SddlTrustee, token: ReadonlySet<string>): boolean {
  if (trustee.sid !== null) return token.has(trustee.sid)
  for (const sid of token) if (DOMAIN_SID.exec(sid)?.[1] === String(trustee.domainRid)) return true
  return false
}

/** Whether the ACEs are in canonical order: explicit deny, explicit allow, inherited. */
function isCanonical(aces: readonly Ace[]): boolean {
  let phase = 0
  for (const ace of aces) {
    const deny = ace.type === 'D' || ace.type === 'OD' || ace.type === 'XD'
    const p = ace.flags.includes('ID') ? 2 : deny ? 0 : 1
    if (p < phase) return false
    phase = p
  }
  return true
}

/**
 * The rights a token (a set of canonical SIDs) is granted by a security
 * descriptor's DACL, as AccessCheck walks it: ACEs in the order they are
 * written (which, for a canonical DACL, is every deny before every allow);
 * a deny ACE removes the bits it names that no earlier ACE granted, an allow
 * ACE grants the bits no earlier ACE denied. Inherit-only ACEs (IO) do not
 * apply to the object itself and are ignored. Object ACEs (OA/OD) count only
 * without an object type; callback ACEs (XA/XD/ZA) are skipped, since their
 * conditions cannot be evaluated here (so a conditional allow is not
 * counted, and a conditional deny does not deny). A null DACL grants
 * everything; an empty one grants nothing. A non-canonical DACL is evaluated
 * in its written order too (as Windows does) and flagged `canonical: false`.
 */
export function evaluateDacl(sd: SecurityDescriptor, token: ReadonlySet<string>, options: EvaluateOptions = {}): DaclEvaluation {
  if (sd.dacl === null) return { granted: ALL, canonical: true, skipped: [] }
  const map = options.mapMask ?? defaultMapping
  let granted = 0
  let denied = 0
  const skipped: string[] = []
  for (const ace of sd.dacl.aces) {
    if (ace.flags.includes('IO')) continue
    const allow = ace.type === 'A' || (ace.type === 'OA' && ace.objectType === null)
    const deny = ace.type === 'D' || (ace.type === 'OD' && ace.objectType === null)
    if (!allow && !deny) {
      if (ace.type !== 'AU' && ace.type !== 'AL' && ace.type !== 'ML') skipped.push(ace.type)
      continue
    }
    if (!trusteeMatches(ace.trustee, token)) continue
    const mask = map(ace.mask)
    if (deny) denied = (denied | (mask & ~granted)) >>> 0
    else granted = (granted | (mask & ~denied)) >>> 0
  }
  return { granted: granted >>> 0, canonical: isCanonical(sd.dacl.aces), skipped }
}

/** The rights of `required` the token is not granted (0 when it has them all). */
export function missingRights(sd: SecurityDescriptor, token: ReadonlySet<string>, required: number, options: EvaluateOptions = {}): number {
  return (required & ~evaluateDacl(sd, token, options).granted) >>> 0
}
