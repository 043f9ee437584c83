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

t.test('parseSid: its character-code fast path agrees with the full reading on generated spellings', async (t) => {
  // The reference: every spelling read the slow way, part by part (what parseSid does for a non-canonical SID).
  const reference = (text: string): string | undefined => {
    const m = /^S-1-([0-9]+)((?:-[0-9]+)*)$/.exec(text)
    if (m === null) return undefined
    const parts = [m[1] ?? '', ...(m[2] === '' ? [] : (m[2] ?? '').slice(1).split('-'))].map((p) => BigInt(p))
    if (parts.length > 16 || (parts[0] ?? 0n) >= 2n ** 48n || parts.slice(1).some((p) => p > 0xffffffffn)) return undefined
    return ['S', '1', ...parts.map(String)].join('-')
  }
  const pieces = ['0', '00', '1', '07', '544', '999999999', '1000000000', '4294967295', '4294967296', '9999999999', '04294967295', '10000000000', '281474976710655', '281474976710656']
  let seed = 1
  const next = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n
  let checked = 0
  for (let i = 0; i < 5000; i++) {
    const count = next(18)
    const parts = Array.from({ length: count }, () => pieces[next(pieces.length)] ?? '0')
    const text = `S-1${parts.map((p) => `-${p}`).join('')}${next(20) === 0 ? '-' : ''}`
    const expected = reference(text)
    if (parseSid(text) !== expected) t.fail(`${text}: ${parseSid(text)} instead of ${expected}`)
    if (isValidSid(text) !== (expected !== undefined)) t.fail(`isValidSid(${text})`)
    checked++
  }
  t.equal(checked, 5000)
})
