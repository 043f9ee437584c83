import { canonicalSid } from './sid.js'

/**
 * SIDs that stand for (nearly) everyone, or for anyone who can log on a
 * certain way: a role held by one of them is held by people no one chose.
 */
const BROAD: ReadonlyMap<string, string> = new Map([
  ['S-1-1-0', 'every user, including guests'],
  ['S-1-5-7', 'unauthenticated (anonymous) sessions'],
  ['S-1-5-11', 'every authenticated account of the forest and trusted domains'],
  ['S-1-5-15', 'every account of the organisation'],
  ['S-1-5-2', 'everyone logged on over the network'],
  ['S-1-5-4', 'everyone logged on interactively'],
  ['S-1-5-14', 'everyone logged on through Remote Desktop'],
  ['S-1-5-13', 'every Terminal Server user'],
  ['S-1-5-1', 'everyone logged on through a dial-up connection'],
  ['S-1-5-3', 'every batch job'],
  ['S-1-5-6', 'every service'],
  ['S-1-2-0', 'everyone logged on locally'],
  ['S-1-2-1', 'everyone logged on at the console'],
  ['S-1-5-32-545', 'every local user of each host, Domain Users included by default'],
  ['S-1-5-32-546', 'guest accounts of each host'],
])

/** Domain RIDs that stand for everyone in a domain, or for guests. */
const BROAD_RIDS: ReadonlyMap<string, string> = new Map([
  ['501', 'the Guest account: anyone can use it when it is enabled'],
  ['513', 'every user of the domain'],
  ['514', 'every guest of the domain'],
  ['515', 'every computer of the domain'],
])

const DOMAIN_RID = /^S-1-5-21-[0-9]+-[0-9]+-[0-9]+-([0-9]+)$/

/**
 * Why a SID is a broad principal (Everyone, Authenticated Users, Domain Users,
 * Users, Guests, ANONYMOUS LOGON, Domain Computers and the other logon-kind
 * groups): the one list that the write path's guard, lint and audit share.
 * Returns who it stands for or undefined when it is
 * not one. The SID is compared in canonical form: `S-1-5-21-...-0513` is Domain Users.
 */
export function broadPrincipal(written: string): string | undefined {
  const sid = canonicalSid(written)
  const known = BROAD.get(sid)
  if (known !== undefined) return known
  const rid = DOMAIN_RID.exec(sid)?.[1]
  return rid === undefined ? undefined : BROAD_RIDS.get(rid)
}
