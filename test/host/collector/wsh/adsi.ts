/**
 * ADSI's WinNT provider as a fake, for the host script's tests: `GetObject("WinNT://<computer>/<group>,group")`
 * gives a local group (IADsGroup) with `IsMember`, `Add` and `Remove`, whose members are ADsPaths
 * `WinNT://<domain>/<name>`. It answers from the host's local groups (the same members Win32_GroupUser
 * lists, so the collector reads what a script changed) and names accounts through the host's
 * accounts. Written from Microsoft's documentation, not recorded from a host:
 *
 * - WinNT ADsPath: https://learn.microsoft.com/en-us/windows/win32/adsi/winnt-adspath
 * - IADsGroup (Add, Remove, IsMember): https://learn.microsoft.com/en-us/windows/win32/api/iads/nn-iads-iadsgroup
 */
import { ComError, HRESULT } from './com.js'
import { failIf, lookup, mutable, wmiText, type FakeHost, type WmiInstance } from './host.js'

/** E_ADS_BAD_PATHNAME, ERROR_MEMBER_IN_ALIAS (1378) and ERROR_MEMBER_NOT_IN_ALIAS (1377) as HRESULTs. */
const E_ADS_BAD_PATHNAME = 0x80005000
const MEMBER_IN_GROUP = 0x80070562
const MEMBER_NOT_IN_GROUP = 0x80070561
const INVALID_MEMBER = 0x8007051b

/** Whether a SID is a local group of the host: a BUILTIN alias (S-1-5-32-...), or a group Win32_Group lists as local. */
function isLocalGroup(host: FakeHost, sid: string): boolean {
  if (/^S-1-5-32-/i.test(sid)) return true
  const groups = lookup(host.namespaces, 'root\\cimv2')?.classes.Win32_Group ?? []
  return groups.some((g) => g.LocalAccount === true && same(g.SID, sid))
}

function same(a: unknown, b: string): boolean {
  return typeof a === 'string' && a.toLowerCase() === b.toLowerCase()
}

/** The account a member ADsPath names, as Win32_GroupUser would list it. */
function memberOf(host: FakeHost, path: string): WmiInstance {
  const m = /^WinNT:\/\/([^/]+)\/([^/]+)$/i.exec(path)
  if (m?.[1] === undefined || m[2] === undefined) throw new ComError(E_ADS_BAD_PATHNAME, `An invalid directory pathname was passed: ${path}`)
  const [domain, name] = [m[1], m[2]]
  for (const [sid, a] of Object.entries(host.accounts ?? {})) if (same(a.domain, domain) && same(a.name, name)) return { __CLASS: a.kind ?? 'Win32_Group', SID: sid, Domain: a.domain, Name: a.name }
  for (const g of host.groupMembers) for (const x of g.members) if (same(x.Domain, domain) && same(x.Name, name)) return x
  throw new ComError(HRESULT.eAccessDenied, `The user name could not be found: ${path}`)
}

/** `GetObject(moniker)` for a WinNT:// local group. */
export function adsiObject(host: FakeHost, moniker: string): object {
  const m = /^WinNT:\/\/([^/]+)\/(.+),group$/i.exec(moniker)
  if (m?.[2] === undefined) throw new ComError(E_ADS_BAD_PATHNAME, `An invalid directory pathname was passed: ${moniker}`)
  const name = m[2]
  const group = host.groupMembers.find((g) => same(g.name, name))
  if (group === undefined) throw new ComError(0x800708ac, 'The group name could not be found.')
  const has = (member: WmiInstance) => group.members.some((x) => same(x.SID, wmiText(member.SID)))
  return {
    Name: group.name,
    IsMember: (path: string) => has(memberOf(host, path)),
    Add: (path: string) => {
      failIf(host, 'method:Add', (reason) => new ComError(HRESULT.eAccessDenied, reason))
      const member = memberOf(host, path)
      if (has(member)) throw new ComError(MEMBER_IN_GROUP, 'The specified account name is already a member of the group.')
      // A local group holds users and global groups, not other local groups (NetLocalGroupAddMembers: ERROR_INVALID_MEMBER).
      if (wmiText(member.__CLASS) === 'Win32_Group' && isLocalGroup(host, wmiText(member.SID)))
        throw new ComError(INVALID_MEMBER, 'A new member could not be added to a local group because the member has the wrong account type.')
      mutable(group).members = [...group.members, member]
    },
    Remove: (path: string) => {
      failIf(host, 'method:Remove', (reason) => new ComError(HRESULT.eAccessDenied, reason))
      const member = memberOf(host, path)
      if (!has(member)) throw new ComError(MEMBER_NOT_IN_GROUP, 'The specified account name is not a member of the group.')
      mutable(group).members = group.members.filter((x) => !same(x.SID, wmiText(member.SID)))
    },
  }
}
