import t from 'tap'
import { ldapFilterProblem } from '../../src/model/ldap-filter-syntax.js'

t.test('well-formed filters', async (t) => {
  for (const filter of [
    '(cn=John)',
    '(cn=*)',
    '(cn=Jo*n*)',
    '(cn=*ohn)',
    '(cn=J*)',
    '(cn=)',
    '(cn=a\\2ab)',
    '(cn=\\28x\\29 \\5C \\00)',
    '(cn=\\2A)',
    '(!(cn=x))',
    '(&(objectClass=user)(|(department=Sales)(department=IT))(!(cn=admin*)))',
    '(|(a=1))',
    '(&(a=1))',
    '(userAccountControl:1.2.840.113556.1.4.803:=2)',
    '(cn:dn:=John)',
    '(cn:dn:2.4.8.10:=Dino)',
    '(:1.2.3:=x)',
    '(:dn:2.4.8.10:=Dino)',
    '(age>=18)',
    '(age<=65)',
    '(sn~=smith)',
    '(cn;lang-en=x)',
    '(2.5.4.3=x)',
    '(memberOf=CN=Lab Admins,OU=Groups,DC=example,DC=com)',
    'title=Manager',
    '  (cn=x)  ',
    '&(a=1)(b=2)',
  ]) {
    t.equal(ldapFilterProblem(filter), undefined, JSON.stringify(filter))
  }
})

t.test('malformed filters, with what is wrong', async (t) => {
  const cases: [string, string][] = [
    ['', 'the filter is empty'],
    ['   ', 'the filter is empty'],
    ['(cn=x', 'the filter ends inside a value'],
    ['(&(cn=x)', 'expected ")" at character 9'],
    ['(cn=x))', 'unexpected text after the filter at character 7'],
    ['(cn=x)(sn=y)', 'unexpected text after the filter at character 7'],
    ['(cn=x) junk', 'unexpected text after the filter at character 7'],
    ['((cn=x))', 'expected an attribute name at character 2'],
    ['(=x)', 'expected an attribute name at character 2'],
    ['()', 'expected an attribute name at character 2'],
    ['(cn=\\zz)', '"\\" must be followed by two hex digits at character 5'],
    ['(cn=a\\2)', '"\\" must be followed by two hex digits at character 6'],
    ['(cn=a(b)', '"(" must be escaped as \\28 in a value at character 6'],
    ['(age>=*)', '"*" must be escaped as \\2a in a value at character 7'],
    ['(x:1.2:=a*)', '"*" must be escaped as \\2a in a value at character 10'],
    ['(cn>x)', 'expected "=", "~=", ">=" or "<=" at character 4'],
    ['(!(a=1)(b=2))', 'expected ")" at character 8'],
    ['(|)', '"|" needs at least one filter at character 3'],
  ]
  for (const [filter, problem] of cases) t.equal(ldapFilterProblem(filter), problem, JSON.stringify(filter))
  t.match(ldapFilterProblem('This is the query'), /^expected "=", "~=", ">=" or "<=" at character \d+$/, "the store sample's query text")
})

t.test('an extensible match needs an attribute or a matching rule', async (t) => {
  // RFC 4515: extensible = ( attr [dnattrs] [matchingrule] COLON EQUALS assertionvalue )
  //                      / ( [dnattrs] matchingrule COLON EQUALS assertionvalue )
  t.not(ldapFilterProblem('(:=x)'), undefined, '(:=x)')
  t.not(ldapFilterProblem('(:dn:=x)'), undefined, '(:dn:=x)')
})

t.test('character positions refer to the filter as written', async (t) => {
  // A bare filter is wrapped in parentheses and the text is trimmed before parsing; a position
  // in the message must still count characters of the text the user wrote.
  t.equal(ldapFilterProblem('This is the query'), 'expected "=", "~=", ">=" or "<=" at character 5')
  t.equal(ldapFilterProblem('title=Man(ager'), '"(" must be escaped as \\28 in a value at character 10')
  t.equal(ldapFilterProblem('  (cn=x))'), 'unexpected text after the filter at character 9')
})

t.test('a filter nested 100,000 deep is checked without overflowing the stack', async (t) => {
  // A store read from disk can hold any text: the check used to recurse once per level.
  const depth = 100_000
  let checked = 0
  for (const op of ['!', '&', '|']) {
    t.equal(ldapFilterProblem(`${`(${op}`.repeat(depth)}(cn=x)${')'.repeat(depth)}`), undefined, `${op} nested ${depth} deep is well-formed`)
    t.equal(ldapFilterProblem(`${`(${op}`.repeat(depth)}(cn=x)${')'.repeat(depth - 1)}`), `expected ")" at character ${3 * depth + 6}`, `${op}: one ")" short`)
    checked++
  }
  t.equal(ldapFilterProblem(`${'(&(a=1)'.repeat(depth)}${')'.repeat(depth)}`), undefined, 'a list at every level')
  t.equal(ldapFilterProblem(`(&${'(!'.repeat(depth)}(a=1)${')'.repeat(depth)}(|))`), `"|" needs at least one filter at character ${3 + 2 * depth + 5 + depth + 2}`)
  t.equal(checked, 3)
})
