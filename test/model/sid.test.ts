import t from 'tap'
import { describeSid, isValidSid, wellKnownSidName } from '../../src/model/sid.js'

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
