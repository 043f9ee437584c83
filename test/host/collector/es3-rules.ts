/**
 * What "runs under JScript 5.x" means for the tests of the scripts azman ships for hosts (the
 * collector, the host script): the source parses as ECMAScript 3 (acorn, `ecmaVersion: 3`, as a
 * script, reserved words refused as names) and uses none of the later built-ins JScript lacks.
 */
import { parse, type Node } from 'acorn'

/** Later built-ins (ES5 and on) that JScript 5.x does not have, used as members or globals. */
const LATER_MEMBERS = new Set(['forEach', 'map', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'indexOf', 'lastIndexOf', 'trim', 'toISOString', 'keys', 'bind', 'isArray', 'create', 'defineProperty', 'freeze', 'includes', 'startsWith', 'endsWith', 'padStart', 'repeat', 'find', 'assign', 'now'])
const LATER_GLOBALS = new Set(['JSON', 'Map', 'Set', 'Promise', 'Symbol', 'Uint8Array', 'ArrayBuffer', 'console', 'require', 'process'])

/** ES3 as JScript reads it: reserved words (`byte`, `int`, `class` ...) are refused as names and as property names. */
export const ES3 = { ecmaVersion: 3, sourceType: 'script', allowReserved: 'never' } as const

/** Calls `visit` on every node of an acorn tree. */
export function walk(node: unknown, visit: (n: Node & Record<string, unknown>) => void): void {
  if (node === null || typeof node !== 'object') return
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit)
    return
  }
  const n = node as Node & Record<string, unknown>
  if (typeof n.type === 'string') visit(n)
  for (const [key, value] of Object.entries(n)) if (key !== 'loc') walk(value, visit)
}

/** The ES5+ built-ins a source uses (none for JScript), and how many member expressions were looked at. */
export function laterBuiltIns(source: string): { later: string[]; members: number; statements: number } {
  const ast = parse(source, ES3)
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
  return { later, members, statements: ast.body.length }
}
