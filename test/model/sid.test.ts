import t from 'tap'
import { canonicalSid, describeSid, isValidSid, parseSid, wellKnownSidName } from '../../src/model/sid.js'

t.test('isValidSid accepts canonical SIDs', async (t) => {
  for (const sid of [
    'S-1-5-32-544',
    'S-1-1-0',
    'S-1-0-0',
    'S-1-5-18',
    'S-1-5',
    'S-1-5-21-3623811015-3361044348-30300820-1013',
    'S-1-5-21-1-2-3-4294967295',
    'S-1-5-83-0',
    `S-1-5${'-1'.repeat(15)}`,
    'S-1-281474976710655-1',
  ]) {
    t.ok(isValidSid(sid), sid)
  }
})

t.test('isValidSid rejects everything else', async (t) => {
  for (const sid of [
    '',
    's-1-5-32-544',
    'S-1-5-32-544 ',
    ' S-1-5-32-544',
    'S-1-5- 32-544',
    'S-1 -5-32-544',
    'S-2-5-32-544',
    'S-0-5',
    'S-1',
    'S-1-',
    'S-1-5-',
    'S-1-5--32',
    'S-1-5-32-544-',
    'S-1-5-21-1-2-3-4294967296',
    'S-1-5-99999999999',
    `S-1-5${'-1'.repeat(16)}`,
    'S-1-281474976710656-1',
    'S-1-5-32-5a4',
    'S-1-5-32-+544',
    'S-1-5-32-544\n',
    'Everyone',
    'BUILTIN\\Administrators',
  ]) {
    t.notOk(isValidSid(sid), JSON.stringify(sid))
  }
})

t.test('wellKnownSidName', async (t) => {
  t.equal(wellKnownSidName('S-1-1-0'), 'Everyone')
  t.equal(wellKnownSidName('S-1-5-32-544'), 'BUILTIN\\Administrators')
  t.equal(wellKnownSidName('S-1-5-32-578'), 'BUILTIN\\Hyper-V Administrators')
  t.equal(wellKnownSidName('S-1-5-18'), 'NT AUTHORITY\\SYSTEM')
  t.equal(wellKnownSidName('S-1-5-11'), 'NT AUTHORITY\\Authenticated Users')
  t.equal(wellKnownSidName('S-1-5-21-3623811015-3361044348-30300820-512'), '<domain>\\Domain Admins')
  t.equal(wellKnownSidName('S-1-5-21-1-2-3-513'), '<domain>\\Domain Users')
  t.equal(wellKnownSidName('S-1-5-21-1-2-3-500'), '<domain>\\Administrator')
  t.equal(wellKnownSidName('S-1-5-21-1-2-3-519'), '<domain>\\Enterprise Admins')
  t.equal(wellKnownSidName('S-1-5-21-1-2-3-1013'), undefined, 'an ordinary domain account')
  t.equal(wellKnownSidName('S-1-5-21-1-2-512'), undefined, 'a domain SID needs three sub-authorities before the RID')
  t.equal(wellKnownSidName('S-1-5-32-512'), undefined, 'domain RIDs only under S-1-5-21')
  t.equal(wellKnownSidName('S-1-5-21-1-2-3-512-1'), undefined)
  t.equal(wellKnownSidName('s-1-1-0'), undefined, 'matching is on the canonical text')
  t.equal(wellKnownSidName('S-1-5-32-999'), undefined)
})

t.test('describeSid', async (t) => {
  t.equal(describeSid('S-1-5-32-544'), 'S-1-5-32-544 (BUILTIN\\Administrators)')
  t.equal(describeSid('S-1-5-21-1-2-3-513'), 'S-1-5-21-1-2-3-513 (<domain>\\Domain Users)')
  t.equal(describeSid('S-1-5-21-1-2-3-1013'), 'S-1-5-21-1-2-3-1013')
  t.equal(describeSid('not a sid'), 'not a sid')
})

t.test('parseSid reads a SID as ConvertStringSidToSid does: numbers, not text', async (t) => {
  const same: [string, string][] = [
    ['S-1-5-32-544', 'S-1-5-32-544'],
    ['s-1-5-32-544', 'S-1-5-32-544'],
    ['S-1-5-32-0544', 'S-1-5-32-544'],
    ['S-1-5-21-1-2-3-01001', 'S-1-5-21-1-2-3-1001'],
    ['S-01-005-032-000544', 'S-1-5-32-544'],
    ['S-1-5-21-1-2-3-0', 'S-1-5-21-1-2-3-0'],
    ['S-1-5-21-1-2-3-0000', 'S-1-5-21-1-2-3-0'],
    ['S-1-5-00000000004294967295', 'S-1-5-4294967295'],
    ['S-1-0x5-32-544', 'S-1-5-32-544'],
    ['S-1-0X00000000000F-1', 'S-1-15-1'],
    ['S-1-0xFFFFFFFFFFFF-1', 'S-1-281474976710655-1'],
    ['S-1-5', 'S-1-5'],
    [`S-1-5${'-01'.repeat(15)}`, `S-1-5${'-1'.repeat(15)}`],
  ]
  for (const [text, sid] of same) t.equal(parseSid(text), sid, text)
  for (const bad of [
    '',
    ' S-1-5-32-544',
    'S-1-5-32-544 ',
    'S-2-5-32-544',
    'S-0-5',
    'S-1',
    'S-1-5-32-4294967296',
    'S-1-5-32-0004294967296',
    'S-1-5-99999999999',
    'S-1-281474976710656-1',
    'S-1-0x1000000000000-1',
    'S-1-0x-1',
    `S-1-5${'-1'.repeat(16)}`,
    'S-1-5--32',
    'S-1-5-32-+544',
    'S-1-5-32-5a4',
    'Everyone',
  ]) {
    t.equal(parseSid(bad), undefined, JSON.stringify(bad))
  }
})

t.test('canonicalSid: one text per SID; other text trimmed, a leading s- upper-cased', async (t) => {
  t.equal(canonicalSid(' s-1-5-21-1-2-3-01001 '), 'S-1-5-21-1-2-3-1001')
  t.equal(canonicalSid('S-1-5-21-1-2-3-1001'), 'S-1-5-21-1-2-3-1001')
  t.equal(canonicalSid('s-1-5-32-99999999999'), 'S-1-5-32-99999999999', 'not a SID (overflows): kept as written, prefix upper-cased')
  t.equal(canonicalSid(' not a sid '), 'not a sid')
  t.equal(canonicalSid('s'), 's')
  t.equal(canonicalSid('S-1-5-32-0544'), canonicalSid('S-1-5-32-544'))
})

t.test('isValidSid: leading zeros and a hexadecimal authority are SIDs; an overflow with leading zeros is not', async (t) => {
  t.ok(isValidSid('S-1-5-21-1-2-3-01001'))
  t.ok(isValidSid('S-1-5-0000000000032-544'), 'more than ten digits, all but two zeros')
  t.ok(isValidSid('S-1-0x5-32-544'))
  t.notOk(isValidSid('S-1-5-00004294967296'))
  t.notOk(isValidSid('s-1-5-21-1-2-3-01001'), 'AzMan writes an upper-case S')
})
