import t from 'tap'
import { evaluateDacl, missingRights } from '../../../src/host/sddl/evaluate-dacl.js'
import { parseSddl, parseSddlCached, SDDL_LIMITS } from '../../../src/host/sddl/parse-sddl.js'
import { sddlAliases } from '../../../src/host/sddl/sddl-aliases.js'
import { SddlError } from '../../../src/host/sddl/sddl-error.js'

const USER = 'S-1-5-21-1004336348-1177238915-682003330-1105'

t.test('owner, group, DACL flags and ACEs with aliases, letter rights and hex masks', async (t) => {
  const sd = parseSddl(`O:BAG:SYD:PAI(A;CI;CCDCLCSWRPWPRCWD;;;BA)(D;OICIIO;0x20;;;AU)(A;ID;0x21;;;${USER})S:(AU;SA;GA;;;WD)`)
  t.same(sd.owner, { text: 'BA', sid: 'S-1-5-32-544', domainRid: null, machineRid: null })
  t.equal(sd.group?.sid, 'S-1-5-18')
  t.same(sd.dacl?.flags, ['P', 'AI'])
  t.equal(sd.dacl?.aces.length, 3)
  const [admins, deny, user] = sd.dacl?.aces ?? []
  t.equal(admins?.mask, 0x1 | 0x2 | 0x4 | 0x8 | 0x10 | 0x20 | 0x20000 | 0x40000)
  t.same(deny?.flags, ['OI', 'CI', 'IO'])
  t.equal(deny?.type, 'D')
  t.equal(user?.mask, 0x21)
  t.equal(user?.trustee.sid, USER)
  t.equal(sd.sacl?.aces[0]?.mask, 0x10000000)
})

t.test('every alias of the SID strings table resolves; domain-relative ones keep their RID', async (t) => {
  const aliases = sddlAliases()
  let checked = 0
  for (const alias of aliases) {
    const ace = parseSddl(`D:(A;;CC;;;${alias})`).dacl?.aces[0]
    t.ok(ace?.trustee.sid !== null || ace.trustee.domainRid !== null || ace.trustee.machineRid !== null, alias)
    checked++
  }
  t.ok(checked >= 60, `checked ${checked} aliases`)
  const pairs: [string, string][] = [
    ['BA', 'S-1-5-32-544'],
    ['BU', 'S-1-5-32-545'],
    ['AU', 'S-1-5-11'],
    ['WD', 'S-1-1-0'],
    ['IU', 'S-1-5-4'],
    ['NS', 'S-1-5-20'],
    ['LS', 'S-1-5-19'],
    ['SY', 'S-1-5-18'],
    ['AN', 'S-1-5-7'],
    ['NU', 'S-1-5-2'],
    ['RD', 'S-1-5-32-555'],
    ['HA', 'S-1-5-32-578'],
  ]
  for (const [alias, sid] of pairs) t.equal(parseSddl(`O:${alias}`).owner?.sid, sid, alias)
  t.equal(parseSddl('O:DU').owner?.domainRid, 513)
  t.equal(parseSddl('O:DAG:DU').group?.domainRid, 513)
})

t.test('a SID owner runs up to the next part; SIDs are canonicalised', async (t) => {
  const sd = parseSddl('O:S-1-5-21-1-2-3-0512G:S-1-5-32-544D:')
  t.equal(sd.owner?.sid, 'S-1-5-21-1-2-3-512')
  t.equal(sd.group?.sid, 'S-1-5-32-544')
  t.same(sd.dacl, { flags: [], aces: [] })
})

t.test('null DACLs: no D: part, or NO_ACCESS_CONTROL', async (t) => {
  t.equal(parseSddl('O:BA').dacl, null)
  t.equal(parseSddl('D:NO_ACCESS_CONTROL').dacl, null)
})

t.test('a callback ACE keeps its condition, parentheses and quotes inside included', async (t) => {
  const ace = parseSddl('D:(XA;;FX;;;WD;(@User.Title == "a)(b"))').dacl?.aces[0]
  t.equal(ace?.condition, '(@User.Title == "a)(b")')
})

const BAD: [string, RegExp][] = [
  ['', /SDDL: empty/],
  ['X:BA', /expected O:, G:, D: or S: at character 1/],
  ['O:BAO:BA', /a second O: part at character 5/],
  ['O:', /an empty owner or group at character 3/],
  ['O:QQ', /unknown SID alias "QQ"/],
  ['O:S-1-x', /"S-1-x" is neither a SID nor a SID alias/],
  ['O:S-1-5-99999999999', /is neither a SID nor a SID alias/],
  ['D:(A;;ZZ;;;BA)', /unknown access right "ZZ" at character 7/],
  ['D:(A;;CCD;;;BA)', /access rights "CCD" is not made of two-letter codes/],
  ['D:(A;;0x1FFFFFFFF;;;BA)', /access mask "0x1FFFFFFFF" is not a hexadecimal number of at most 8 digits/],
  ['D:(A;;0xZZ;;;BA)', /is not a hexadecimal number/],
  ['D:(Q;;CC;;;BA)', /unknown ACE type "Q"/],
  ['D:(A;XX;CC;;;BA)', /unknown ACE flag "XX"/],
  ['D:(A;;CC;;BA)', /an ACE with 5 fields/],
  ['D:(A;;CC;;;BA', /an ACE without its closing "\)"/],
  ['D:(A;;CC;not-a-guid;;BA)', /"not-a-guid" is not a GUID/],
  ['D:(A;;CC;;;BA;x)', /an ACE with more than six fields/],
  ['D:(XA;;FX;;;WD;(@User.X == 1)', /an ACE that does not end after its condition|unterminated/],
  ['D:((A;;CC;;;BA))', /a "\(" inside an ACE/],
  ['D:NO_ACCESS_CONTROL(A;;CC;;;BA)', /NO_ACCESS_CONTROL with ACEs/],
  ['D:PP', /the ACL flag P twice/],
  ['D:(A;;CC;;;BA) ', /expected O:, G:, D: or S:/],
]

t.test('bad SDDL: each its own message, as an SddlError with where it is', async (t) => {
  let checked = 0
  for (const [text, message] of BAD) {
    t.throws(() => parseSddl(text), message, JSON.stringify(text))
    try {
      parseSddl(text)
    } catch (e) {
      t.ok(e instanceof SddlError, 'typed')
    }
    checked++
  }
  t.equal(checked, BAD.length)
  t.equal(checked, 22)
})

t.test('size limits: too long, too many ACEs; 100 KB inputs finish fast', async (t) => {
  t.throws(() => parseSddl(`D:${'(A;;CC;;;BA)'.repeat(30_000)}`), /360002 characters, more than the 262144 allowed/)
  const many = `D:${'(A;;CC;;;BA)'.repeat(SDDL_LIMITS.maxAces + 1)}`
  t.throws(() => parseSddl(many), /more than 4096 ACEs in one ACL/)
  const cases = [
    `D:${`(A;;CCDCLCSWRPWPRCWD;;;${USER})`.repeat(1400)}`, // ~100 KB, valid
    `D:${'('.repeat(100_000)}`,
    `D:(XA;;FX;;;WD;${'('.repeat(100_000)}`,
    `O:${'S-1-5-'.repeat(17_000)}`,
    `D:(A;;${'CC'.repeat(50_000)};;;BA)`,
    `D:${'P'.repeat(100_000)}`,
  ]
  let checked = 0
  for (const text of cases) {
    t.ok(text.length >= 96_000, 'about 100 KB')
    const start = performance.now()
    try {
      parseSddl(text)
    } catch (e) {
      t.ok(e instanceof SddlError)
    }
    t.ok(performance.now() - start < 500, `finished in ${Math.round(performance.now() - start)} ms`)
    checked++
  }
  t.equal(checked, 6)
  t.equal(parseSddl(cases[0] ?? '').dacl?.aces.length, 1400)
})

t.test('evaluation: deny before allow, inherit-only ignored, null and empty DACLs', async (t) => {
  const token = new Set([USER, 'S-1-1-0', 'S-1-5-11'])
  t.equal(evaluateDacl(parseSddl('D:(A;;0x21;;;AU)'), token).granted, 0x21)
  t.equal(evaluateDacl(parseSddl('D:(D;;0x20;;;WD)(A;;0x21;;;AU)'), token).granted, 0x1, 'deny first')
  t.equal(evaluateDacl(parseSddl('D:(D;IO;0x20;;;WD)(A;;0x21;;;AU)'), token).granted, 0x21, 'inherit-only deny ignored')
  t.equal(evaluateDacl(parseSddl('D:(A;CIIO;0x21;;;AU)'), token).granted, 0, 'inherit-only allow ignored')
  t.equal(evaluateDacl(parseSddl('O:BA'), token).granted, 0xffffffff, 'null DACL grants everything')
  t.equal(evaluateDacl(parseSddl('D:'), token).granted, 0, 'empty DACL grants nothing')
  t.equal(evaluateDacl(parseSddl('D:(A;;0x21;;;BA)'), token).granted, 0, 'not in the token')
  t.equal(evaluateDacl(parseSddl('D:(A;;GA;;;WD)'), token).granted, 0xffffffff, 'GENERIC_ALL is every right')
  t.equal(evaluateDacl(parseSddl('D:(A;;GR;;;WD)'), token).granted, 0, 'GENERIC_READ maps to nothing known')
  t.equal(missingRights(parseSddl('D:(A;;CC;;;WD)'), token, 0x21), 0x20)
})

t.test('evaluation: written order for a non-canonical DACL, flagged', async (t) => {
  const token = new Set(['S-1-1-0'])
  const canonical = evaluateDacl(parseSddl('D:(D;;0x20;;;WD)(A;;0x21;;;WD)'), token)
  t.equal(canonical.canonical, true)
  const reversed = evaluateDacl(parseSddl('D:(A;;0x21;;;WD)(D;;0x20;;;WD)'), token)
  t.equal(reversed.canonical, false)
  t.equal(reversed.granted, 0x21, 'an allow before the deny wins, as AccessCheck walks it')
  t.equal(evaluateDacl(parseSddl('D:(A;ID;0x1;;;WD)(A;;0x20;;;WD)'), token).canonical, false, 'explicit after inherited')
})

t.test('evaluation: domain-relative aliases, object and callback ACEs', async (t) => {
  const token = new Set(['S-1-5-21-1-2-3-513'])
  t.equal(evaluateDacl(parseSddl('D:(A;;0x21;;;DU)'), token).granted, 0x21)
  t.equal(evaluateDacl(parseSddl('D:(A;;0x21;;;DA)'), token).granted, 0)
  const world = new Set(['S-1-1-0'])
  t.equal(evaluateDacl(parseSddl('D:(OA;;0x21;;;WD)'), world).granted, 0x21, 'object ACE without a type is plain')
  t.equal(evaluateDacl(parseSddl('D:(OA;;0x21;bf967aba-0de6-11d0-a285-00aa003049e2;;WD)'), world).granted, 0, 'object ACE for a type does not apply')
  const cb = evaluateDacl(parseSddl('D:(XA;;0x21;;;WD;(Member_of {SID(BA)}))'), world)
  t.equal(cb.granted, 0, 'a conditional allow is not counted')
  t.same(cb.skipped, ['XA'])
})

t.test('parseSddlCached: the same descriptor for the same text, errors every time, bounded', async (t) => {
  const text = 'D:(A;;CC;;;BA)'
  t.equal(parseSddlCached(text), parseSddlCached(text))
  t.same(parseSddlCached(text), parseSddl(text))
  t.throws(() => parseSddlCached('D:(A;;ZZ;;;BA)'), SddlError)
  t.throws(() => parseSddlCached('D:(A;;ZZ;;;BA)'), SddlError)
  for (let i = 0; i < 100; i++) parseSddlCached(`D:(A;;${i.toString(16)};;;BA)`.replace(';;' + i.toString(16), ';;0x' + i.toString(16)))
  t.not(parseSddlCached(text), undefined, 'still reads after older entries left')
})
