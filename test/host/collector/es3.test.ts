/**
 * The collector runs under JScript 5.x, which is ECMAScript 3: it must parse as ES3 (acorn,
 * `ecmaVersion: 3`, as a script), and use none of the later built-ins JScript lacks.
 */
import { parse } from 'acorn'
import t from 'tap'
import { COLLECTOR_SOURCE } from './collector-source.js'
import { ES3, laterBuiltIns } from './es3-rules.js'

t.test('the collector parses as ECMAScript 3 and uses nothing JScript 5.x lacks', async (t) => {
  const { later, members, statements } = laterBuiltIns(COLLECTOR_SOURCE)
  t.ok(statements > 20, 'it parsed, with its functions and the call of main()')
  t.ok(members > 200, `walked ${members} member expressions`)
  t.same(later, [], 'no ES5+ built-in is used')
})

t.test('what ES3 refuses is refused by this parse (so the test can fail)', async (t) => {
  const refused = ['let a = 1', 'const a = 1', 'var f = (a) => a', 'var o = { a: 1, }', 'var s = `x`', 'function f(a = 1) {}', 'var o = { get a() { return 1 } }', 'class A {}', 'function f(byte) {}', 'var o = { class: 1 }', 'o.int = 1']
  for (const source of refused) t.throws(() => parse(source, ES3), source)
  // `byte` is an ES3 future reserved word: an earlier collector named a parameter so, and this parse refused it.
  t.equal(refused.length, 11)
})

t.test('the collector is ASCII with no tab and no carriage return, so any code page and any editor keep it as it is', async (t) => {
  t.notMatch(COLLECTOR_SOURCE, /[^\n\x20-\x7e]/, 'only printable ASCII and LF')
  t.equal((COLLECTOR_SOURCE.match(/@AZMAN_VERSION@/g) ?? []).length, 1, 'one version marker, for azman host collector to stamp')
})
