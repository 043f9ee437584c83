import type { PolicyStore } from '../../model/policy.js'
import type { HostFacts } from '../facts/schema.js'
import type { HostFinding } from './host-finding.js'

/** What {@link checkHost} judges: one host's facts against the store meant to govern it. */
export interface HostCheckInput {
  /** How the host is named in findings: the facts' computer name, else the facts file's label. */
  readonly label: string
  readonly policy: PolicyStore
  readonly facts: HostFacts
  /** The store checked: its reference as given (path or msldap URL) and, for a file, the SHA-256 of its bytes. */
  readonly store: { readonly reference: string; readonly sha256: string | null }
  /** The application Hyper-V opens; default: the facts' ServiceApplication, else "Hyper-V services". */
  readonly app?: string
  /**
   * The AD groups (SIDs, nested, as tokenGroups gives them) of a principal,
   * when a directory is configured; undefined when it is not known.
   */
  readonly groupsOf?: (sid: string) => Promise<readonly string[] | undefined>
}

/**
 * The findings about one host. Not yet implemented: returns no findings.
 * (Placeholder with the final signature, so fleet and REST code can build on it.)
 */
export async function checkHost(input: HostCheckInput): Promise<HostFinding[]> {
  await Promise.resolve(input)
  return []
}
