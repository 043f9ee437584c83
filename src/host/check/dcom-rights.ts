import { defaultMapping, rightsGap, type RightsGap } from '../sddl/evaluate-dacl.js'
import { parseSddlCached } from '../sddl/parse-sddl.js'
import { SddlError } from '../sddl/sddl-error.js'
import { ComRights, hexMask } from '../sddl/sddl-rights.js'
import type { SecurityDescriptor } from '../sddl/security-descriptor.js'
import { factMissing, finding, machineOf, oneLine, principalOf, who, type HostContext } from './check-context.js'
import type { DelegatedPrincipal } from './delegated-principals.js'
import { HostCode, type HostFinding } from './host-finding.js'

/**
 * Remote activation, with COM_RIGHTS_EXECUTE which every XP SP2+ COM ACE
 * carries: 0x11. Hyper-V Manager's WMI connection activates the WMI service's
 * objects ("objects exported by the WMI server MUST be capable of DCOM
 * activation", MS-WMI 2.1, https://learn.microsoft.com/openspecs/windows_protocols/ms-wmi/f1102449-554f-4b47-afdc-8db3b56201c0)
 * in Winmgmt, a service that is already running: an activation in a running
 * server, which needs COM_RIGHTS_ACTIVATE_REMOTE, not COM_RIGHTS_EXECUTE_REMOTE
 * (remote launch, the right to start a server process: "Access Control Lists
 * for COM"). Microsoft's "Securing a Remote WMI Connection" / "Setting up a
 * Remote WMI Connection" procedure grants both, the broader setting; remote
 * launch is not required here (docs/host-check.md, "The rights checked").
 */
export const DCOM_REMOTE_ACTIVATION = ComRights.Execute | ComRights.ActivateRemote
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

const COM_RIGHT_NAMES: readonly [number, string][] = [
  [ComRights.Execute, 'COM_RIGHTS_EXECUTE 0x1'],
  [ComRights.ExecuteRemote, 'remote access COM_RIGHTS_EXECUTE_REMOTE 0x4'],
  [ComRights.ActivateRemote, 'remote activation COM_RIGHTS_ACTIVATE_REMOTE 0x10'],
]

/** `remote activation (...; missing mask 0x10)`, or null when nothing is lacking. */
function describeGap(gap: RightsGap, what: string): string | null {
  const names = (mask: number) =>
    COM_RIGHT_NAMES.filter(([bit]) => (mask & bit) !== 0)
      .map(([, name]) => name)
      .join(', ')
  const parts: string[] = []
  if (gap.missing !== 0) parts.push(`missing mask ${hexMask(gap.missing)}: ${names(gap.missing)}`)
  if (gap.undecided !== 0) parts.push(`undecided mask ${hexMask(gap.undecided)}: ${names(gap.undecided)}, which a deny ACE azman cannot evaluate may deny`)
  return parts.length === 0 ? null : `${what}; ${parts.join('; ')})`
}

function readSd(ctx: HostContext, value: string | null, fact: string): SecurityDescriptor | HostFinding {
  try {
    return parseSddlCached(value ?? DEFAULT_LAUNCH_RESTRICTION)
  } catch (e) {
    if (e instanceof SddlError) return factMissing(ctx, 'dcom', 'DCOM remote activation', `${fact} in the facts does not parse: ${oneLine(e.message)}`)
    throw e
  }
}

/**
 * `HOST_NO_DCOM_RIGHTS` (medium): a delegated principal whose token on the
 * host is not certainly granted remote activation (COM_RIGHTS_ACTIVATE_REMOTE
 * 0x10, see {@link DCOM_REMOTE_ACTIVATION}) by the machine-wide
 * MachineLaunchRestriction (the OS default when absent), or remote access
 * (0x4) by MachineAccessRestriction when the facts give one: DCOM refuses
 * Hyper-V Manager before WMI is reached. In practice: not a member of
 * Distributed COM Users (S-1-5-32-562).
 */
export function dcomRightFindings(ctx: HostContext, principals: readonly DelegatedPrincipal[]): HostFinding[] {
  if (principals.length === 0) return []
  const dcom = ctx.facts.dcom
  if (dcom === undefined) return [factMissing(ctx, 'dcom', 'DCOM remote activation')]
  const launch = readSd(ctx, dcom.launchRestriction, 'MachineLaunchRestriction')
  const access = dcom.accessRestriction === null ? null : readSd(ctx, dcom.accessRestriction, 'MachineAccessRestriction')
  const out: HostFinding[] = []
  const machine = machineOf(ctx)
  for (const sd of [launch, access]) if (sd !== null && !('dacl' in sd)) out.push(sd)
  for (const p of principals) {
    const gaps: string[] = []
    if ('dacl' in launch) {
      const gap = describeGap(
        rightsGap(launch, p.token, DCOM_REMOTE_ACTIVATION, { mapMask: comMask, ...machine }),
        `remote activation (MachineLaunchRestriction${dcom.launchRestriction === null ? ', the OS default' : ''}`,
      )
      if (gap !== null) gaps.push(gap)
    }
    if (access !== null && 'dacl' in access) {
      const gap = describeGap(rightsGap(access, p.token, DCOM_REMOTE_ACCESS, { mapMask: comMask, ...machine }), 'remote access (MachineAccessRestriction')
      if (gap !== null) gaps.push(gap)
    }
    if (gaps.length === 0) continue
    const principal = principalOf(ctx, p.sid)
    out.push(
      finding(ctx, {
        severity: 'medium',
        code: HostCode.NoDcomRights,
        principal,
        message: `${who(principal)} holds operations at ${p.places.join(', ')} but is not certainly granted DCOM ${gaps.join(' nor ')} on ${ctx.host}: Hyper-V Manager cannot reach WMI; fix: add it to the local group Distributed COM Users (S-1-5-32-562)`,
      }),
    )
  }
  return out
}
