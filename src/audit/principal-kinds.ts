import { canonicalSid, isValidSid, wellKnownSidName } from '../model/sid.js'

export { broadPrincipal } from '../model/broad-principals.js'

const DOMAIN_SID = /^S-1-5-21-[0-9]+-[0-9]+-[0-9]+-([0-9]+)$/

/** BUILTIN groups (`S-1-5-32-*`): their members are decided in each host's own account database. */
export function isHostLocal(sid: string): boolean {
  return /^S-1-5-32-[0-9]+$/.test(canonicalSid(sid))
}

/**
 * SID forms a directory or a host can resolve to an account or group: domain
 * and machine accounts (`S-1-5-21-...`), BUILTIN groups, service, IIS
 * application pool and Hyper-V virtual machine accounts, Azure AD accounts.
 */
const ACCOUNT_FORMS = [/^S-1-5-21-[0-9]+-[0-9]+-[0-9]+-[0-9]+$/, /^S-1-5-32-[0-9]+$/, /^S-1-5-80(-[0-9]+){1,6}$/, /^S-1-5-82(-[0-9]+){1,6}$/, /^S-1-5-83(-[0-9]+){1,6}$/, /^S-1-12-1(-[0-9]+){4}$/]

/** Whether a SID is a domain account or group (resolvable only against that domain's directory). */
export function isDomainSid(sid: string): boolean {
  return DOMAIN_SID.test(canonicalSid(sid))
}

/**
 * Why a member SID cannot stand for anyone, or undefined when it can: not a
 * SID at all, or neither well known nor of a form that names an account or a
 * group (a logon-session SID, an integrity label, an unknown authority).
 */
export function unresolvableSid(written: string): string | undefined {
  if (!isValidSid(written)) return 'is not a SID'
  const sid = canonicalSid(written)
  if (wellKnownSidName(sid) !== undefined) return undefined
  if (ACCOUNT_FORMS.some((re) => re.test(sid))) return undefined
  if (/^S-1-5-5-[0-9]+-[0-9]+$/.test(sid)) return 'is a logon-session SID, which exists only while one session lasts'
  if (/^S-1-16-[0-9]+$/.test(sid)) return 'is an integrity level, not an account or group'
  return 'is neither a well-known SID nor of a form that names an account or group'
}
