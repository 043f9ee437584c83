import t from 'tap'
import { FilterParser } from 'ldapts'
import { anyOf, escapeFilterValue, Filter, filter } from '../../../src/ldap/filter.js'

t.test('escapeFilterValue escapes the five RFC 4515 specials', async (t) => {
  t.equal(escapeFilterValue('alice'), 'alice')
  t.equal(escapeFilterValue('*)(objectClass=*'), '\\2a\\29\\28objectClass=\\2a')
  t.equal(escapeFilterValue('back\\slash'), 'back\\5cslash')
  t.equal(escapeFilterValue('nul\u0000'), 'nul\\00')
  t.equal(escapeFilterValue('Grüße'), 'Grüße')
})

t.test('filter injection: an interpolated value never adds a filter component', async (t) => {
  const attempts = ['*', 'alice)(|(sAMAccountName=*', '*)(objectClass=*))(|(cn=*', 'x\\29(cn=*', 'a)(&']
  for (const value of attempts) {
    const built = filter`(&(objectClass=user)(sAMAccountName=${value}))`
    // The filter parses to exactly one AND of two equality tests, the second one on the whole value.
    const parsed = FilterParser.parseString(built.text) as unknown as { filters: { attribute: string; value: string; type: number }[] }
    t.equal(parsed.filters.length, 2, `${JSON.stringify(value)}: two components`)
    t.equal(parsed.filters[1]?.attribute, 'sAMAccountName')
    t.equal(parsed.filters[1]?.value, value, `${JSON.stringify(value)} is matched literally, as one value`)
  }
})

t.test('a Filter is inserted as it is; anyOf makes an OR', async (t) => {
  const inner = filter`(cn=${'a*'})`
  t.equal(filter`(&(objectClass=group)${inner})`.text, '(&(objectClass=group)(cn=a\\2a))')
  t.equal(anyOf([new Filter('(a=1)'), new Filter('(b=2)')]).text, '(|(a=1)(b=2))')
  t.equal(anyOf([new Filter('(a=1)')]).text, '(a=1)')
})
