import t from 'tap'
import { Dn, dn, dnKey, escapeDnValue, formatDn, parentDn, parseDn, parseExtendedDn } from '../../../src/ldap/dn.js'

t.test('escapeDnValue escapes what RFC 4514 requires, and nothing a reader would change', async (t) => {
  t.equal(escapeDnValue('plain name'), 'plain name')
  t.equal(escapeDnValue('a,b+c"d\\e<f>g;h=i'), 'a\\,b\\+c\\"d\\\\e\\<f\\>g\\;h\\=i')
  t.equal(escapeDnValue('#lead'), '\\#lead', 'a leading #')
  t.equal(escapeDnValue(' both '), '\\ both\\ ', 'leading and trailing spaces')
  t.equal(escapeDnValue('mid#dle'), 'mid#dle', '# inside is literal')
  t.equal(escapeDnValue('nul\u0000tab\tend'), 'nul\\00tab\\09end', 'control characters as hex')
  t.equal(escapeDnValue('Grüße'), 'Grüße', 'non-ASCII kept as UTF-8 text')
})

t.test('the dn template escapes every interpolated value; a Dn is inserted as it is', async (t) => {
  const parent = new Dn('CN=Program Data,DC=azlab,DC=test')
  t.equal(dn`CN=${'Read'},${parent}`.text, 'CN=Read,CN=Program Data,DC=azlab,DC=test')
  // DN injection: a name that tries to climb out of its container stays one RDN value.
  const evil = 'x,CN=Users,DC=azlab,DC=test'
  const built = dn`CN=${evil},${parent}`.text
  t.equal(built, 'CN=x\\,CN\\=Users\\,DC\\=azlab\\,DC\\=test,CN=Program Data,DC=azlab,DC=test')
  const rdns = parseDn(built)
  t.equal(rdns.length, 4, 'still four RDNs')
  t.same(rdns[0], { type: 'CN', value: evil }, 'the first RDN is exactly the name')
})

t.test('parseDn reads escapes, hex pairs, spaces after commas, and round-trips through formatDn', async (t) => {
  t.same(parseDn('CN=a\\,b,CN=Program Data, DC=azlab,DC=test'), [
    { type: 'CN', value: 'a,b' },
    { type: 'CN', value: 'Program Data' },
    { type: 'DC', value: 'azlab' },
    { type: 'DC', value: 'test' },
  ])
  t.same(parseDn('CN=Gr\\c3\\bc\\c3\\9fe,DC=x')[0], { type: 'CN', value: 'Grüße' }, 'UTF-8 hex pairs')
  t.same(parseDn('CN=trailing\\ ,DC=x')[0]?.value, 'trailing ', 'an escaped trailing space is kept')
  t.same(parseDn('CN=unescaped  ,DC=x')[0]?.value, 'unescaped', 'unescaped trailing spaces are not')
  t.same(parseDn(''), [])
  for (const value of ['a,b', ' lead', 'trail ', '#x', 'semi;colon', 'q"uote', 'back\\slash', 'Grüße', 'plus+sign', 'x,CN=Users']) {
    const text = formatDn([
      { type: 'CN', value },
      { type: 'DC', value: 'test' },
    ])
    t.equal(parseDn(text)[0]?.value, value, `round trip of ${JSON.stringify(value)}`)
  }
  t.throws(() => parseDn('no equals sign'), /malformed DN/)
  t.throws(() => parseDn('CN=x\\'), /backslash/)
  t.throws(() => parseDn('C N=x'), /bad attribute type/)
})

t.test('dnKey equates spellings of one DN; parentDn goes one level up', async (t) => {
  t.equal(dnKey('CN=Store, CN=Program Data,DC=AZLAB,DC=test'), dnKey('cn=store,cn=program data,dc=azlab,dc=TEST'))
  t.equal(dnKey('CN=a\\2cb,DC=x'), dnKey('CN=a\\,b,DC=x'), 'hex and backslash escapes')
  t.not(dnKey('CN=a\\,b,DC=x'), dnKey('CN=a,CN=b,DC=x'))
  t.equal(parentDn('CN=a\\,b,CN=c,DC=x'), 'CN=c,DC=x')
  t.equal(parentDn('DC=x'), undefined)
})

t.test('parseExtendedDn reads the extended-DN control forms', async (t) => {
  t.same(parseExtendedDn('<GUID=F611142F-fd51-44fb-9591-9599279f4690>;<SID=S-1-5-21-1-2-3-1001>;CN=S-1-5-21-1-2-3-1001,CN=ForeignSecurityPrincipals,DC=azlab,DC=test'), {
    guid: 'f611142f-fd51-44fb-9591-9599279f4690',
    sid: 'S-1-5-21-1-2-3-1001',
    dn: 'CN=S-1-5-21-1-2-3-1001,CN=ForeignSecurityPrincipals,DC=azlab,DC=test',
  })
  t.same(parseExtendedDn('<GUID=567be49a-46f3-439b-b2c0-fcd5843b8954>;CN=Manager,DC=x'), { guid: '567be49a-46f3-439b-b2c0-fcd5843b8954', dn: 'CN=Manager,DC=x' }, 'no SID for non-principals')
  t.same(
    parseExtendedDn('<GUID=9ae47b56f3469b43b2c0fcd5843b8954>;<SID=010100000000000501000000>;CN=x'),
    { guid: '567be49a-46f3-439b-b2c0-fcd5843b8954', sid: 'S-1-5-1', dn: 'CN=x' },
    'the hex form (flag 0)',
  )
  t.same(parseExtendedDn('CN=plain,DC=x'), { dn: 'CN=plain,DC=x' })
})
