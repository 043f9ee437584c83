import type { SddlTrustee } from './sddl-aliases.js'
import type { Ace, SecurityDescriptor } from './security-descriptor.js'
import { GENERIC_ALL, GENERIC_OTHER } from './sddl-rights.js'

/** Every bit of an access mask. */
const ALL = 0xffffffff
/** READ_CONTROL | WRITE_DAC: what an object's owner is implicitly granted. */
const OWNER_IMPLICIT = 0x00060000
/** OWNER RIGHTS (`OW`): when an ACE names it, the owner's implicit rights are replaced by that ACE's. */
const OWNER_RIGHTS = 'S-1-3-4'

const DOMAIN_SID = /^S-1-5-21-[0-9]+-[0-9]+-[0-9]+-([0-9]+)$/

/** What {@link evaluateDacl} answers. */
export interface DaclEvaluation {
  /** The rights the token is certainly granted (unsigned 32-bit mask). */
  readonly granted: number
  /**
   * Rights an allow ACE grants but an earlier ACE azman cannot evaluate may
   * have denied (a conditional deny, a deny of generic rights whose mapping
   * is not documented): granted or denied depending on what only the host
   * knows. Never part of {@link granted}.
   */
  readonly undecided: number
  /** Whether the DACL is in canonical order (explicit deny, explicit allow, then inherited ACEs). */
  readonly canonical: boolean
  /** ACEs that were skipped because they cannot be evaluated here (callback or object ACEs for an object type), by type. */
  readonly skipped: readonly string[]
}

export interface EvaluateOptions {
  /** How a mask is read before it is applied (generic rights mapping, legacy formats); default {@link defaultMapping}. */
  readonly mapMask?: (mask: number) => number
  /**
   * The host's own machine SID (`S-1-5-21-x-y-z`), which `LA` and `LG` are
   * relative to. Unknown (the facts do not carry it), they match no token:
   * they are the host's local accounts, never a domain principal.
   */
  readonly machineSid?: string
}

/**
 * The default reading of a mask: GENERIC_ALL as every right (every object's
 * generic mapping maps it to its full access), GENERIC_READ, _WRITE and
 * _EXECUTE as nothing (their mapping depends on the object, and WMI namespaces
 * and COM do not document one: a right only they give is not counted, and a
 * deny of them is undecided, see {@link evaluateDacl}).
 */
export function defaultMapping(mask: number): number {
  if ((mask & GENERIC_ALL) !== 0) return ALL
  return (mask & ~GENERIC_OTHER) >>> 0
}

/**
 * Whether an ACE's trustee is in the token. A domain-relative alias (`DU`,
 * `DA` ...) matches a token SID of the form `S-1-5-21-x-y-z-<rid>`: the
 * SDDL does not say which domain, and azman assumes the host's. A
 * machine-relative alias (`LA`, `LG`) matches only the host's own account,
 * so only when `machineSid` is known.
 */
export function trusteeMatches(trustee: SddlTrustee, token: ReadonlySet<string>, machineSid?: string): boolean {
  if (trustee.sid !== null) return token.has(trustee.sid)
  if (trustee.machineRid !== null) return machineSid !== undefined && token.has(`${machineSid}-${trustee.machineRid}`)
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

/** How an ACE acts on the object itself: grants, denies, may deny (cannot be evaluated here), or nothing azman counts. */
type Effect = 'allow' | 'deny' | 'maybe-deny' | 'skip' | 'ignore'

function effectOf(ace: Ace): Effect {
  switch (ace.type) {
    case 'A':
      return 'allow'
    case 'D':
      return 'deny'
    case 'OA':
      return ace.objectType === null ? 'allow' : 'skip'
    case 'OD':
      return ace.objectType === null ? 'deny' : 'skip'
    case 'XD':
      return 'maybe-deny'
    case 'XA':
    case 'ZA':
      return 'skip'
    default:
      return 'ignore' // audit, alarm, label, resource attribute, scoped policy: not access ACEs
  }
}

/** Whether a deny ACE's mask names generic rights whose mapping is not documented for the object. */
function unmappedGeneric(mask: number): boolean {
  return (mask & GENERIC_ALL) === 0 && (mask & GENERIC_OTHER) !== 0
}

/** The owner's implicit READ_CONTROL | WRITE_DAC, unless an OWNER RIGHTS ACE applies to the object. */
function ownerRights(sd: SecurityDescriptor, token: ReadonlySet<string>, machineSid: string | undefined): number {
  if (sd.owner === null || sd.dacl === null || !trusteeMatches(sd.owner, token, machineSid)) return 0
  const named = sd.dacl.aces.some((a) => a.trustee.sid === OWNER_RIGHTS && !a.flags.includes('IO') && effectOf(a) !== 'ignore')
  return named ? 0 : OWNER_IMPLICIT
}

/**
 * The rights a token (a set of canonical SIDs) is granted by a security
 * descriptor's DACL, as AccessCheck walks it ("How DACLs Control Access to an
 * Object"; MS-DTYP 2.5.3.2): ACEs in the order they are written (which, for a
 * canonical DACL, is every deny before every allow); each bit is decided by
 * the first ACE of the token that names it. Inherit-only ACEs (IO) do not
 * apply to the object itself and are ignored, as are audit, alarm and label
 * ACEs. Object ACEs (OA/OD) count only without an object type. The owner is
 * granted READ_CONTROL and WRITE_DAC before the walk, unless an OWNER RIGHTS
 * (`OW`, S-1-3-4) ACE is present; `OW` ACEs apply to the owner.
 *
 * What cannot be evaluated here is never counted in the token's favour: a
 * conditional allow (XA, ZA) grants nothing; a conditional deny (XD), and a
 * deny of GENERIC_READ/WRITE/EXECUTE (their mapping is not documented for WMI
 * or COM), may deny: the bits they name, or every bit for generic ones, that
 * a later allow grants are {@link DaclEvaluation.undecided}, not granted.
 * A null DACL grants everything; an empty one grants nothing but the owner's
 * rights. A non-canonical DACL is evaluated in its written order too (as
 * Windows does) and flagged `canonical: false`.
 */
export function evaluateDacl(sd: SecurityDescriptor, token: ReadonlySet<string>, options: EvaluateOptions = {}): DaclEvaluation {
  if (sd.dacl === null) return { granted: ALL, undecided: 0, canonical: true, skipped: [] }
  const map = options.mapMask ?? defaultMapping
  const owner = sd.owner !== null && trusteeMatches(sd.owner, token, options.machineSid)
  let granted = ownerRights(sd, token, options.machineSid)
  let denied = 0
  let maybeDenied = 0
  let undecided = 0
  const skipped: string[] = []
  for (const ace of sd.dacl.aces) {
    if (ace.flags.includes('IO')) continue
    const effect = effectOf(ace)
    if (effect === 'ignore') continue
    if (effect === 'skip') {
      skipped.push(ace.type)
      continue
    }
    if (!(trusteeMatches(ace.trustee, token, options.machineSid) || (owner && ace.trustee.sid === OWNER_RIGHTS))) continue
    const open = ~(granted | denied | undecided) >>> 0
    const mask = map(ace.mask)
    if (effect === 'allow') {
      const newly = mask & open
      undecided = (undecided | (newly & maybeDenied)) >>> 0
      granted = (granted | (newly & ~maybeDenied)) >>> 0
    } else if (effect === 'maybe-deny') {
      maybeDenied = (maybeDenied | ((unmappedGeneric(ace.mask) ? ALL : mask) & open)) >>> 0
    } else {
      denied = (denied | (mask & open)) >>> 0
      if (unmappedGeneric(ace.mask)) maybeDenied = (maybeDenied | (open & ~mask)) >>> 0
    }
  }
  return { granted: granted >>> 0, undecided: undecided >>> 0, canonical: isCanonical(sd.dacl.aces), skipped }
}

/** Of `required`, what the token lacks and what cannot be decided here (see {@link evaluateDacl}). */
export interface RightsGap {
  /** Rights certainly not granted. */
  readonly missing: number
  /** Rights granted only if an ACE azman cannot evaluate does not deny them. */
  readonly undecided: number
}

/** The rights of `required` the token is not certainly granted, split into missing and undecided (both 0 when it has them all). */
export function rightsGap(sd: SecurityDescriptor, token: ReadonlySet<string>, required: number, options: EvaluateOptions = {}): RightsGap {
  const e = evaluateDacl(sd, token, options)
  const undecided = (required & e.undecided) >>> 0
  return { missing: (required & ~e.granted & ~undecided) >>> 0, undecided }
}

/** The rights of `required` the token is not certainly granted (0 when it has them all): missing or undecided. */
export function missingRights(sd: SecurityDescriptor, token: ReadonlySet<string>, required: number, options: EvaluateOptions = {}): number {
  return (required & ~evaluateDacl(sd, token, options).granted) >>> 0
}
