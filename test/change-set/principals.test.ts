import t from 'tap'
import { accountSid, checkedSid } from '../../src/change-set/principals.js'
import { wellKnownAccountSid } from '../../src/model/account-name.js'
import { InvalidChangeError } from '../../src/errors/change-errors.js'
import { wellKnownSids } from '../../src/model/sid.js'

t.test('well-known accounts by full name, without regard to case, trimmed', async (t) => {
  t.equal(wellKnownAccountSid('BUILTIN\\Administrators'), 'S-1-5-32-544')
  t.equal(wellKnownAccountSid('builtin\\administrators'), 'S-1-5-32-544')
  t.equal(wellKnownAccountSid('  Everyone '), 'S-1-1-0')
  t.equal(wellKnownAccountSid('NT AUTHORITY\\Authenticated Users'), 'S-1-5-11')
  t.equal(wellKnownAccountSid('NT AUTHORITY\\SYSTEM'), 'S-1-5-18')
  t.equal(wellKnownAccountSid('BUILTIN\\Hyper-V Administrators'), 'S-1-5-32-578')
  t.equal(wellKnownAccountSid('NT VIRTUAL MACHINE\\Virtual Machines'), 'S-1-5-83-0')
})

t.test('the part after the backslash alone, when it names one account', async (t) => {
  t.equal(wellKnownAccountSid('Administrators'), 'S-1-5-32-544')
  t.equal(wellKnownAccountSid('authenticated users'), 'S-1-5-11')
  t.equal(wellKnownAccountSid('Hyper-V Administrators'), 'S-1-5-32-578')
  t.equal(wellKnownAccountSid('Users'), 'S-1-5-32-545')
})

t.test('every short name that two well-known accounts share is refused, never guessed', async (t) => {
  const byShort = new Map<string, string[]>()
  for (const [sid, name] of wellKnownSids()) {
    const short = name.slice(name.indexOf('\\') + 1).toLowerCase()
    byShort.set(short, [...(byShort.get(short) ?? []), sid])
  }
  t.ok(byShort.size >= 10, `${byShort.size} short names checked`)
  for (const [short, sids] of byShort) {
    const exact = [...wellKnownSids()].find(([, n]) => n.toLowerCase() === short)
    if (exact) t.equal(wellKnownAccountSid(short), exact[0], `${short}: the account with exactly that name`)
    else if (sids.length === 1) t.equal(wellKnownAccountSid(short), sids[0], `${short}: the one account`)
    else t.equal(wellKnownAccountSid(short), undefined, `${short}: ambiguous (${sids.join(', ')})`)
  }
})

t.test('domain and other accounts are not well known, even when the name after the backslash is', async (t) => {
  for (const account of [
    'LAB\\alice',
    'alice',
    'CONTOSO\\Administrators',
    'CONTOSO\\Domain Admins',
    'Domain Admins',
    'NT AUTHORITY\\Everyone',
    'BUILTIN\\Everyone',
    'Administrator',
    '',
    '\\',
    'BUILTIN\\',
  ]) {
    t.equal(wellKnownAccountSid(account), undefined, JSON.stringify(account))
  }
})

t.test('accountSid refuses what it cannot resolve, and says to give a SID', async (t) => {
  t.equal(accountSid('Everyone'), 'S-1-1-0')
  let error: unknown
  try {
    accountSid('LAB\\alice')
  } catch (e) {
    error = e
  }
  t.type(error, InvalidChangeError)
  t.match(error, { code: 'AZMAN_ERR_CHANGE_UNKNOWN_ACCOUNT', exitCode: 4 })
  t.equal(
    (error as Error).message,
    '"LAB\\alice" is not a well-known account; resolving domain accounts needs a directory: pass --directory ldaps://dc.example.com (or set AZMAN_LDAP_URL), or give its SID (--sid) instead',
  )
})

t.test('checkedSid: canonical form (S- upper case), otherwise INVALID_SID naming the text', async (t) => {
  t.equal(checkedSid('S-1-5-32-544'), 'S-1-5-32-544')
  t.equal(checkedSid('s-1-5-32-544'), 'S-1-5-32-544')
  t.equal(checkedSid('S-1-5-21-1004336348-1177238915-682003330-1105'), 'S-1-5-21-1004336348-1177238915-682003330-1105')
  t.equal(checkedSid('S-1-0'), 'S-1-0', 'no sub-authority is still a SID')
  t.equal(checkedSid(`S-1-5${'-1'.repeat(15)}`), `S-1-5${'-1'.repeat(15)}`, '15 sub-authorities, the most a SID has')
  for (const bad of [
    '',
    'S-1',
    'S-2-5-32-544',
    'S-1-5-32-544 ',
    ' S-1-5-32-544',
    'S-1-5-32-4294967296',
    'S-1-281474976710656-1',
    'S-1-5--544',
    'BUILTIN\\Administrators',
    'S-1-5-21-x',
    `S-1-5${'-1'.repeat(16)}`,
  ]) {
    let error: unknown
    try {
      checkedSid(bad)
    } catch (e) {
      error = e
    }
    t.match(error, { code: 'AZMAN_ERR_CHANGE_INVALID_SID', exitCode: 4 }, JSON.stringify(bad))
    t.ok((error as Error | undefined)?.message.startsWith(`"${bad}" is not a SID; a SID looks like S-1-5-21-`), 'names the text and shows a SID')
  }
})

t.test('checkedSid: leading zeros are read as Windows reads them; numbers that overflow a SID are refused', async (t) => {
  t.equal(checkedSid('S-1-5-21-1-2-3-01001'), 'S-1-5-21-1-2-3-1001')
  t.equal(checkedSid('s-1-5-32-0544'), 'S-1-5-32-544')
  for (const bad of ['S-1-5-21-1-2-3-04294967296', 'S-1-0281474976710656-1', 'S-1-0x1000000000000-1']) {
    t.throws(() => checkedSid(bad), { code: 'AZMAN_ERR_CHANGE_INVALID_SID' }, bad)
  }
})
