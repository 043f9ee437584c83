import t from 'tap'
import { charLength, FORBIDDEN_NAME_CHARS, hasCharacterRules, NAME_LIMIT, NON_PRINTABLE, SCOPE_NAME_SOFT_LIMIT, TEXT_LIMIT } from '../../src/model/limits.js'

t.test('name limits follow azroles.h', async (t) => {
  t.same(NAME_LIMIT, {
    store: 65536,
    application: 512,
    operation: 64,
    task: 64,
    'role-definition': 64,
    'role-assignment': 64,
    group: 64,
    scope: 65536,
  })
  t.equal(SCOPE_NAME_SOFT_LIMIT, 512)
  t.same(TEXT_LIMIT, { description: 1024, applicationVersion: 512, ldapQuery: 4096, bizRule: 65536, bizRuleLanguage: 64, bizRuleImportedPath: 512 })
})

t.test('charLength counts code points', async (t) => {
  t.equal(charLength(''), 0)
  t.equal(charLength('abc'), 3)
  t.equal(charLength('é€'), 2)
  t.equal(charLength('😀'), 1, 'a surrogate pair is one character')
  t.equal(charLength('a😀b😀'), 4)
})

t.test('forbidden characters', async (t) => {
  for (const c of ['\\', '/', ':', '*', '?', '"', '<', '>', '|', '\t']) t.ok(FORBIDDEN_NAME_CHARS.test(`a${c}b`), JSON.stringify(c))
  for (const c of ['-', '_', '.', ' ', "'", '(', '&', '#', 'é', '\n']) t.notOk(FORBIDDEN_NAME_CHARS.test(`a${c}b`), JSON.stringify(c))
  t.ok(hasCharacterRules('task'))
  t.ok(hasCharacterRules('application'))
  t.ok(hasCharacterRules('group'))
  t.notOk(hasCharacterRules('scope'))
  t.notOk(hasCharacterRules('store'))
  for (const c of ['\u0000', '\t', '\n', '\r', '\u001f', '\u007f']) t.ok(NON_PRINTABLE.test(`a${c}`), JSON.stringify(c))
  for (const c of [' ', '~', 'é', '\u00a0']) t.notOk(NON_PRINTABLE.test(`a${c}`), JSON.stringify(c))
})
