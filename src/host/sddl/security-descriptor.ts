import type { SddlTrustee } from './sddl-aliases.js'

/** ACE types of SDDL ("ACE Strings"): A, D, OA, OD, AU, AL, OU, OL, ML, XA, XD, RA, SP, XU, ZA. */
export const ACE_TYPES = ['A', 'D', 'OA', 'OD', 'AU', 'AL', 'OU', 'OL', 'ML', 'XA', 'XD', 'RA', 'SP', 'XU', 'ZA'] as const
export type AceType = (typeof ACE_TYPES)[number]

/** ACE flags of SDDL: CI, OI, NP, IO, ID, SA, FA (and TP, CR of newer Sddl.h). */
export const ACE_FLAGS = ['CI', 'OI', 'NP', 'IO', 'ID', 'SA', 'FA', 'TP', 'CR'] as const
export type AceFlag = (typeof ACE_FLAGS)[number]

/** ACL flags of SDDL: P (protected), AI (auto-inherited), AR (auto-inherit required), NO_ACCESS_CONTROL (a null ACL). */
export const ACL_FLAGS = ['NO_ACCESS_CONTROL', 'AI', 'AR', 'P'] as const
export type AclFlag = (typeof ACL_FLAGS)[number]

/** One access control entry. */
export interface Ace {
  readonly type: AceType
  readonly flags: readonly AceFlag[]
  /** The access mask, an unsigned 32-bit number. */
  readonly mask: number
  /** The object GUID of an object ACE, or null. */
  readonly objectType: string | null
  readonly inheritedObjectType: string | null
  readonly trustee: SddlTrustee
  /** The condition or resource attribute of a callback / resource ACE, as written; null when none. */
  readonly condition: string | null
}

/** An ACL (DACL or SACL). */
export interface Acl {
  readonly flags: readonly AclFlag[]
  readonly aces: readonly Ace[]
}

/** A security descriptor read from SDDL. */
export interface SecurityDescriptor {
  readonly owner: SddlTrustee | null
  readonly group: SddlTrustee | null
  /**
   * The DACL; null for a null DACL (no `D:` part, or `D:NO_ACCESS_CONTROL`),
   * which grants everyone every right. An empty DACL (`D:`) grants nothing.
   */
  readonly dacl: Acl | null
  /** The SACL (parsed, not evaluated); null when absent. */
  readonly sacl: Acl | null
}
