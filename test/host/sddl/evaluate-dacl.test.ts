import t from 'tap'
import { evaluateDacl, rightsGap, trusteeMatches } from '../../../src/host/sddl/evaluate-dacl.js'
import { parseSddl } from '../../../src/host/sddl/parse-sddl.js'
import { aliasDomainRid, aliasMachineRid, aliasSid, sddlAliases } from '../../../src/host/sddl/sddl-aliases.js'

const USER = 'S-1-5-21-1004336348-1177238915-682003330-1105'
const GROUP = 'S-1-5-21-1004336348-1177238915-682003330-1108'
const token = new Set([USER, GROUP, 'S-1-1-0', 'S-1-5-11'])
const COND = '(Member_of {SID(BA)})'

t.test('a conditional deny (XD) is not skipped: what it names is undecided, never granted', async (t) => {
  const sd = parseSddl(`D:(XD;;WP;;;${GROUP};${COND})(A;;CCWP;;;${GROUP})`)
  const e = evaluateDacl(sd, token)
  t.equal(e.granted, 0x1, 'Enable Account only: Remote Enable may be denied')
  t.equal(e.undecided, 0x20)
  t.same(rightsGap(sd, token, 0x21), { missing: 0, undecided: 0x20 })
  t.same(e.skipped, [], 'evaluated, not skipped')
  // A conditional deny of another trustee does not touch the token.
  t.same(rightsGap(parseSddl(`D:(XD;;WP;;;BA;${COND})(A;;CCWP;;;${GROUP})`), token, 0x21), { missing: 0, undecided: 0 })
  // An allow before the conditional deny decides first, as AccessCheck walks the DACL.
  t.same(rightsGap(parseSddl(`D:(A;;CCWP;;;${GROUP})(XD;;WP;;;${GROUP};${COND})`), token, 0x21), { missing: 0, undecided: 0 })
  // A certain deny after the conditional one: denied either way.
  t.same(rightsGap(parseSddl(`D:(XD;;WP;;;${GROUP};${COND})(D;;WP;;;WD)(A;;CCWP;;;WD)`), token, 0x21), { missing: 0x20, undecided: 0 })
  // No allow at all: missing, not undecided.
  t.same(rightsGap(parseSddl(`D:(XD;;WP;;;${GROUP};${COND})(A;;CC;;;WD)`), token, 0x21), { missing: 0x20, undecided: 0 })
})

t.test('a conditional allow (XA, ZA) grants nothing', async (t) => {
  const e = evaluateDacl(parseSddl(`D:(XA;;CCWP;;;${GROUP};${COND})`), token)
  t.equal(e.granted, 0)
  t.equal(e.undecided, 0)
  t.same(e.skipped, ['XA'])
  t.same(rightsGap(parseSddl(`D:(XA;;CCWP;;;${GROUP};${COND})`), token, 0x21), { missing: 0x21, undecided: 0 })
})

t.test('a deny of GENERIC_READ/WRITE/EXECUTE (mapping not documented for WMI or COM) may deny any right', async (t) => {
  const sd = parseSddl(`D:(D;;GR;;;${GROUP})(A;;CCWP;;;WD)`)
  t.same(rightsGap(sd, token, 0x21), { missing: 0, undecided: 0x21 })
  t.equal(evaluateDacl(parseSddl(`D:(D;;GA;;;${GROUP})(A;;CCWP;;;WD)`), token).granted, 0, 'GENERIC_ALL denies everything, decided')
  t.equal(evaluateDacl(parseSddl('D:(A;;GR;;;WD)'), token).granted, 0, 'an allow of GENERIC_READ still grants nothing known')
})

t.test("the owner's implicit READ_CONTROL and WRITE_DAC, and OWNER RIGHTS (OW)", async (t) => {
  t.equal(evaluateDacl(parseSddl(`O:${USER}D:`), token).granted, 0x60000, 'an empty DACL still lets the owner read and change it')
  t.equal(evaluateDacl(parseSddl(`O:${USER}D:(D;;RCWD;;;WD)`), token).granted, 0x60000, 'granted before the walk: a deny does not remove it')
  t.equal(evaluateDacl(parseSddl('O:BAD:'), token).granted, 0, 'not the owner')
  t.equal(evaluateDacl(parseSddl(`O:${USER}D:(A;;CC;;;OW)`), token).granted, 0x1, 'an OW ACE replaces the implicit rights and applies to the owner')
  t.equal(evaluateDacl(parseSddl(`O:${USER}D:(A;OICIIO;CC;;;OW)`), token).granted, 0x60000, 'an inherit-only OW ACE does not apply to the object')
  t.equal(evaluateDacl(parseSddl('O:BAD:(A;;CC;;;OW)'), token).granted, 0, 'OW does not match a non-owner')
})

t.test('audit and label ACEs in a DACL are neither evaluated nor reported skipped; object ACEs with a type are skipped', async (t) => {
  const e = evaluateDacl(parseSddl(`D:(AU;SA;CCWP;;;WD)(OU;SA;CC;;;WD)(A;;CC;;;WD)(OD;;CC;bf967aba-0de6-11d0-a285-00aa003049e2;;WD)`), token)
  t.equal(e.granted, 0x1)
  t.same(e.skipped, ['OD'])
})

t.test("LA and LG are the host's own accounts: never a domain principal, the machine SID when known", async (t) => {
  const domainAdmin = 'S-1-5-21-1004336348-1177238915-682003330-500'
  const machine = 'S-1-5-21-11-22-33'
  const la = parseSddl('O:LA').owner
  const lg = parseSddl('O:LG').owner
  t.same(la, { text: 'LA', sid: null, domainRid: null, machineRid: 500 })
  t.equal(lg?.machineRid, 501)
  if (la === null || lg === null) throw new Error('unreachable')
  t.equal(trusteeMatches(la, new Set([domainAdmin])), false, "the domain's Administrator is not LA")
  t.equal(trusteeMatches(la, new Set([domainAdmin]), machine), false)
  t.equal(trusteeMatches(la, new Set([`${machine}-500`]), machine), true, "the host's own Administrator")
  t.equal(trusteeMatches(lg, new Set([`${machine}-501`]), machine), true)
  t.equal(evaluateDacl(parseSddl('D:(A;;CCWP;;;LA)'), new Set([domainAdmin])).granted, 0)
  t.equal(evaluateDacl(parseSddl('D:(A;;CCWP;;;LA)'), new Set([`${machine}-500`]), { machineSid: machine }).granted, 0x21)
})

/** Every alias of Microsoft's "SID Strings" table (https://learn.microsoft.com/windows/win32/secauthz/sid-strings), with its SID or RID. */
const TABLE: [string, string | number, 'fixed' | 'domain' | 'machine'][] = [
  ['AA', 'S-1-5-32-579', 'fixed'],
  ['AC', 'S-1-15-2-1', 'fixed'],
  ['AN', 'S-1-5-7', 'fixed'],
  ['AO', 'S-1-5-32-548', 'fixed'],
  ['AP', 525, 'domain'],
  ['AS', 'S-1-18-1', 'fixed'],
  ['AU', 'S-1-5-11', 'fixed'],
  ['BA', 'S-1-5-32-544', 'fixed'],
  ['BG', 'S-1-5-32-546', 'fixed'],
  ['BO', 'S-1-5-32-551', 'fixed'],
  ['BU', 'S-1-5-32-545', 'fixed'],
  ['CA', 517, 'domain'],
  ['CD', 'S-1-5-32-574', 'fixed'],
  ['CG', 'S-1-3-1', 'fixed'],
  ['CN', 522, 'domain'],
  ['CO', 'S-1-3-0', 'fixed'],
  ['CY', 'S-1-5-32-569', 'fixed'],
  ['DA', 512, 'domain'],
  ['DC', 515, 'domain'],
  ['DD', 516, 'domain'],
  ['DG', 514, 'domain'],
  ['DU', 513, 'domain'],
  ['EA', 519, 'domain'],
  ['ED', 'S-1-5-9', 'fixed'],
  ['EK', 527, 'domain'],
  ['ER', 'S-1-5-32-573', 'fixed'],
  ['ES', 'S-1-5-32-576', 'fixed'],
  ['HA', 'S-1-5-32-578', 'fixed'],
  ['HI', 'S-1-16-12288', 'fixed'],
  ['IS', 'S-1-5-32-568', 'fixed'],
  ['IU', 'S-1-5-4', 'fixed'],
  ['KA', 526, 'domain'],
  ['LA', 500, 'machine'],
  ['LG', 501, 'machine'],
  ['LS', 'S-1-5-19', 'fixed'],
  ['LU', 'S-1-5-32-559', 'fixed'],
  ['LW', 'S-1-16-4096', 'fixed'],
  ['ME', 'S-1-16-8192', 'fixed'],
  ['MP', 'S-1-16-8448', 'fixed'],
  ['MS', 'S-1-5-32-577', 'fixed'],
  ['MU', 'S-1-5-32-558', 'fixed'],
  ['NO', 'S-1-5-32-556', 'fixed'],
  ['NS', 'S-1-5-20', 'fixed'],
  ['NU', 'S-1-5-2', 'fixed'],
  ['OW', 'S-1-3-4', 'fixed'],
  ['PA', 520, 'domain'],
  ['PO', 'S-1-5-32-550', 'fixed'],
  ['PS', 'S-1-5-10', 'fixed'],
  ['PU', 'S-1-5-32-547', 'fixed'],
  ['RA', 'S-1-5-32-575', 'fixed'],
  ['RC', 'S-1-5-12', 'fixed'],
  ['RD', 'S-1-5-32-555', 'fixed'],
  ['RE', 'S-1-5-32-552', 'fixed'],
  ['RM', 'S-1-5-32-580', 'fixed'],
  ['RO', 498, 'domain'],
  ['RS', 'S-1-5-32-553', 'fixed'],
  ['RU', 'S-1-5-32-554', 'fixed'],
  ['SA', 518, 'domain'],
  ['SI', 'S-1-16-16384', 'fixed'],
  ['SO', 'S-1-5-32-549', 'fixed'],
  ['SS', 'S-1-18-2', 'fixed'],
  ['SU', 'S-1-5-6', 'fixed'],
  ['SY', 'S-1-5-18', 'fixed'],
  ['UD', 'S-1-5-84-0-0-0-0-0', 'fixed'],
  ['WD', 'S-1-1-0', 'fixed'],
  ['WR', 'S-1-5-33', 'fixed'],
]

t.test('every SID string of the table, each with its SID or RID and kind; no other alias', async (t) => {
  let checked = 0
  for (const [alias, value, kind] of TABLE) {
    const owner = parseSddl(`O:${alias}`).owner
    if (kind === 'fixed') t.same([aliasSid(alias), owner?.sid], [value, value], alias)
    if (kind === 'domain') t.same([aliasDomainRid(alias), owner?.domainRid, owner?.sid], [value, value, null], alias)
    if (kind === 'machine') t.same([aliasMachineRid(alias), owner?.machineRid, owner?.domainRid], [value, value, null], alias)
    checked++
  }
  t.equal(checked, 66)
  t.same(
    sddlAliases(),
    TABLE.map(([a]) => a),
    'exactly the table',
  )
})
