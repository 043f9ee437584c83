import { defaultMapping, missingRights } from '../sddl/evaluate-dacl.js'
import { parseSddlCached } from '../sddl/parse-sddl.js'
import { SddlError } from '../sddl/sddl-error.js'
import { ComRights, hexMask } from '../sddl/sddl-rights.js'
import type { SecurityDescriptor } from '../sddl/security-descriptor.js'
import { factMissing, finding, oneLine, principalOf, who, type HostContext } from './check-context.js'
import type { DelegatedPrincipal } from './delegated-principals.js'
import { HostCode, type HostFinding } from './host-finding.js'

/** Remote launch and remote activation, with COM_RIGHTS_EXECUTE which every XP SP2+ COM ACE carries: 0x15. */
export const DCOM_REMOTE_LAUNCH = ComRights.Execute | ComRights.ExecuteRemote | ComRights.ActivateRemote
/** Remote access (MachineAccessRestriction): COM_RIGHTS_EXECUTE | COM_RIGHTS_EXECUTE_REMOTE, 0x5. */
export const DCOM_REMOTE_ACCESS = ComRights.Execute | ComRights.ExecuteRemote

/**
 * The MachineLaunchRestriction azman assumes when the registry value is
 * absent: Administrators local and remote launch and activation, Everyone
 * local only (Microsoft's MachineLaunchRestriction page), and Distributed COM
 * Users (S-1-5-32-562) local and remote (the group's documented purpose).
 * What a given host really has only the host can say.
 */
export const DEFAULT_LAUNCH_RESTRICTION = 'O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)'

const ALL_COM = ComRights.Execute | ComRights.ExecuteLocal | ComRights.ExecuteRemote | ComRights.ActivateLocal | ComRights.ActivateRemote

/**
 * A COM ACE's mask: an ACE in the format before Windows XP SP2 / Server 2003
 * SP1 holds COM_RIGHTS_EXECUTE alone, which grants every launch, activation
 * and access right ("Security in COM", access control lists for COM).
 */
export function comMask(mask: number): number {
  const m = defaultMapping(mask)
  return (m & ALL_COM) === ComRights.Execute ? (m | ALL_COM) >>> 0 : m
}

function readSd(ctx: HostContext, value: string | null, fact: string): SecurityDescriptor | HostFinding {
  try {
    return parseSddlCached(value ?? DEFAULT_LAUNCH_RESTRICTION)
  } catch (e) {
    if (e instanceof SddlError) return factMissing(ctx, 'dcom', 'DCOM remote launch and activation', `${fact} in the facts does not parse: ${oneLine(e.message)}`)
    throw e
  }
}

/**
 * `HOST_NO_DCOM_RIGHTS` (medium): a delegated principal whose token on the
 * host is not granted remote launch (COM_RIGHTS_EXECUTE_REMOTE 0x4) and
 * remote activation (COM_RIGHTS_ACTIVATE_REMOTE 0x10) by the machine-wide
 * MachineLaunchRestriction (the OS default when absent), or remote access
 * (0x4) by MachineAccessRestriction when the facts give one: DCOM refuses
 * Hyper-V Manager before WMI is reached. In practice: not a member of
 * Distributed COM Users (S-1-5-32-562).
 */
export function dcomRightFindings(ctx: HostContext, principals: readonly DelegatedPrincipal[]): HostFinding[] {
  if (principals.length === 0) return []
  const dcom = ctx.facts.dcom
  if (dcom === undefined) return [factMissing(ctx, 'dcom', 'DCOM remote launch and activation')]
  const launch = readSd(ctx, dcom.launchRestriction, 'MachineLaunchRestriction')
  const access = dcom.accessRestriction === null ? null : readSd(ctx, dcom.accessRestriction, 'MachineAccessRestriction')
  const out: HostFinding[] = []
  for (const sd of [launch, access]) if (sd !== null && !('dacl' in sd)) out.push(sd)
  for (const p of principals) {
    const gaps: string[] = []
    if ('dacl' in launch) {
      const missing = missingRights(launch, p.token, DCOM_REMOTE_LAUNCH, { mapMask: comMask })
      if (missing !== 0) gaps.push(`remote launch and activation (MachineLaunchRestriction${dcom.launchRestriction === null ? ', the OS default' : ''}; missing mask ${hexMask(missing)})`)
    }
    if (access !== null && 'dacl' in access) {
      const missing = missingRights(access, p.token, DCOM_REMOTE_ACCESS, { mapMask: comMask })
      if (missing !== 0) gaps.push(`remote access (MachineAccessRestriction; missing mask ${hexMask(missing)})`)
    }
    if (gaps.length === 0) continue
    const principal = principalOf(ctx, p.sid)
    out.push(
      finding(ctx, {
        severity: 'medium',
        code: HostCode.NoDcomRights,
        principal,
        message: `${who(principal)} holds operations at ${p.places.join(', ')} but is not granted DCOM ${gaps.join(' nor ')} on ${ctx.host}: Hyper-V Manager cannot reach WMI; fix: add it to the local group Distributed COM Users (S-1-5-32-562)`,
      }),
    )
  }
  return out
}
