/**
 * The collector runs under JScript 5.x, which is ECMAScript 3: it must parse as ES3 (acorn,
 * `ecmaVersion: 3`, as a script), and use none of the later built-ins JScript lacks.
 */
import { parse, type Node } from 'acorn'
import t from 'tap'
import { COLLECTOR_SOURCE } from './collector-source.js'

/** Later built-ins (ES5 and on) that JScript 5.x does not have, used as members or globals. */
const LATER_MEMBERS = new Set(['forEach', 'map', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'indexOf', 'lastIndexOf', 'trim', 'toISOString', 'keys', 'bind', 'isArray', 'create', 'defineProperty', 'freeze', 'includes', 'startsWith', 'endsWith', 'padStart', 'repeat', 'find', 'assign', 'now'])
const LATER_GLOBALS = new Set(['JSON', 'Map', 'Set', 'Promise', 'Symbol', 'Uint8Array', 'ArrayBuffer', 'console', 'require', 'process'])

/** ES3 as JScript reads it: reserved words (`byte`, `int`, `class` ...) are refused as names and as property names. */
const ES3 = { ecmaVersion: 3, sourceType: 'script', allowReserved: 'never' } as const

function walk(node: unknown, visit: (n: Node & Record<string, unknown>) => void): void {
  if (node === null || typeof node !== 'object') return
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit)
    return
  }
  const n = node as Node & Record<string, unknown>
  if (typeof n.type === 'string') visit(n)
  for (const [key, value] of Object.entries(n)) if (key !== 'loc') walk(value, visit)
}

t.test('the collector parses as ECMAScript 3 and uses nothing JScript 5.x lacks', async (t) => {
  const ast = parse(COLLECTOR_SOURCE, ES3)
  t.ok(ast.body.length > 20, 'it parsed, with its functions and the call of main()')
  const later: string[] = []
  let members = 0
  walk(ast, (n) => {
    if (n.type === 'MemberExpression') {
      members++
      const property = n.property as { type: string; name?: string }
      if (n.computed !== true && property.type === 'Identifier' && property.name !== undefined && LATER_MEMBERS.has(property.name)) later.push(`.${property.name}`)
    }
    if (n.type === 'Identifier' && LATER_GLOBALS.has(String(n.name))) later.push(String(n.name))
  })
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
