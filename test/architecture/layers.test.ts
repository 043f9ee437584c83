import { appendFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { checkLayers, importsOf, parseLayerTable, type AllowedEdge, type LayerReport } from './layers.js'
import { repoRoot } from './layers.js'

const root = repoRoot(import.meta.url)
const rows = parseLayerTable(readFileSync(join(root, 'docs/architecture.md'), 'utf8'))

/**
 * Imports the table forbids but that are let through for now. Keep this list
 * short and say why; the test fails when an entry no longer matches an import.
 */
// Imports the table does not allow but the test lets through: none. An entry needs a reason (`why`)
// and must still match an import, or the first test fails.
const ALLOW: readonly AllowedEdge[] = []

/** The violations, one line each, for a readable failure. */
function lines(report: LayerReport): string[] {
  return report.violations.map((v) => `${v.file}: import '${v.specifier}': ${v.rule}`)
}

t.test('every import of src/ follows the layer table of docs/architecture.md', async (t) => {
  const report = checkLayers(root, rows, ALLOW)
  t.ok(report.files > 200, `read ${report.files} files of src/`)
  t.ok(report.imports > 1000, `checked ${report.imports} imports`)
  t.same(lines(report), [], 'no forbidden import')
  t.same(
    ALLOW.filter((a) => !report.allowedUsed.includes(a)),
    [],
    'every allow-list entry still matches an import (remove the ones that do not)',
  )
})

t.test('the table is read as written', async (t) => {
  const byName = new Map(rows.map((r) => [r.name, r]))
  t.same([...(byName.get('model')?.mayImport ?? [])], ['errors'])
  t.equal(byName.get('model')?.io, false)
  const services = byName.get('services')
  t.ok(services?.earlierInRow)
  t.notOk(services?.mayImport.has('adapters'), 'services do not import adapters')
  t.notOk(services?.mayImport.has('journal'))
  t.ok(services?.mayImport.has('open-store'))
  t.notOk(byName.get('faces')?.earlierInRow, 'cli/ and server/ do not import each other')
  t.notOk(byName.get('adapters')?.earlierInRow, 'the adapters do not import each other')
})

t.test('a copy of src/ with forbidden imports added: the checker names exactly those', async (t) => {
  const dir = t.testdir()
  cpSync(join(root, 'src'), join(dir, 'src'), { recursive: true })
  appendFileSync(join(dir, 'src/model/policy.ts'), "\nexport type { StorePort } from '../store/port.js'\n")
  appendFileSync(join(dir, 'src/xml/escape.ts'), "\nexport const later = () => import('../fs/file-system.js')\n")
  appendFileSync(join(dir, 'src/json/stringify-steps.ts'), "\nimport { readFileSync as _r } from 'node:fs'\nexport const _read = _r\n")
  appendFileSync(join(dir, 'src/cli/commands/serve.ts'), "\nexport type { startServer as _s } from '../../server/start-server.js'\n")
  appendFileSync(join(dir, 'src/cli/commands/copy.ts'), "\nexport type { XmlStore as _X } from '../../store/xml/xml-store.js'\n")
  appendFileSync(join(dir, 'src/store/xml/xml-store.ts'), "\nimport type { LdapStore as _L } from '../ldap/ldap-store.js'\nexport type _Ldap = _L\n")
  appendFileSync(join(dir, 'src/access/tri.ts'), "\nexport type _Plan = typeof import('../change-set/plan.js')\n")
  mkdirSync(join(dir, 'src/newfolder'))
  writeFileSync(join(dir, 'src/newfolder/thing.ts'), 'export const thing = 1\n')

  const report = checkLayers(dir, rows, [])
  const real = checkLayers(root, rows, ALLOW)
  t.equal(report.files, real.files + 1, 'one more file than src/')
  t.same(
    report.violations.map((v) => [v.file, v.specifier]),
    [
      ['src/access/tri.ts', '../change-set/plan.js'],
      ['src/cli/commands/copy.ts', '../../store/xml/xml-store.js'],
      ['src/cli/commands/serve.ts', '../../server/start-server.js'],
      ['src/json/stringify-steps.ts', 'node:fs'],
      ['src/model/policy.ts', '../store/port.js'],
      ['src/newfolder/thing.ts', ''],
      ['src/store/xml/xml-store.ts', '../ldap/ldap-store.js'],
      ['src/xml/escape.ts', '../fs/file-system.js'],
    ],
    lines(report).join('\n'),
  )
  const rule = (file: string) => report.violations.find((v) => v.file === file)?.rule
  t.equal(rule('src/model/policy.ts'), 'model/ (model) may not import store/port.ts (port); model may import errors')
  t.equal(rule('src/cli/commands/serve.ts'), 'cli/ may not import server/ (faces row: its units do not import each other)')
  t.equal(rule('src/access/tri.ts'), 'access/ may not import change-set/ (services row: only units listed before it)')
  t.equal(rule('src/store/xml/xml-store.ts'), 'store/xml/ may not import store/ldap/ (adapters row: its units do not import each other)')
  t.equal(rule('src/json/stringify-steps.ts'), 'json does no I/O: it may not import node:fs')
  t.match(rule('src/cli/commands/copy.ts'), /^cli\/ \(faces\) may not import store\/xml\/ \(adapters\)/)
  t.equal(rule('src/newfolder/thing.ts'), 'newfolder/ is in no row of the layer table')
})

t.test('importsOf finds every kind of import', async (t) => {
  const text = [
    "import a from './a.js'",
    "import type { B } from './b.js'",
    "import './c.js'",
    "export * from './d.js'",
    "export type { E } from './e.js'",
    "const f = await import('./f.js')",
    "type G = typeof import('./g.js')",
    "import H = require('./h.js')",
    'const i = await import(name)',
    "// import './not-code.js'",
    'const s = \'import "./not-an-import.js"\'',
  ].join('\n')
  t.same(importsOf('x.ts', text), ['./a.js', './b.js', './c.js', './d.js', './e.js', './f.js', './g.js', './h.js', '<computed>'])
})

t.test('the table parser refuses what it cannot read', async (t) => {
  const table = (body: string) => `## Which way imports point\n\n| Layer | Paths | May import | I/O |\n| --- | --- | --- | --- |\n${body}\n`
  t.throws(() => parseLayerTable('# nothing'), /no "## Which way imports point" section/)
  t.throws(() => parseLayerTable(table('| a | `a/` | b | none |')), /row a: "b" names no row below it/)
  t.throws(() => parseLayerTable(table('| a | `a/` | — | none |\n| b | `b/` | all below except c | yes |')), /"except c" names no row below/)
  t.throws(() => parseLayerTable(table('| a | `a/` | — | maybe |')), /the I\/O cell/)
  const parsed = parseLayerTable(table('| a | `a/` | — | none |\n| b | `b/`, `c.ts` | all below; earlier in row | yes |'))
  t.same(
    parsed.map((r) => [r.name, r.paths, [...r.mayImport], r.earlierInRow, r.io]),
    [
      ['a', ['a/'], [], false, false],
      ['b', ['b/', 'c.ts'], ['a'], true, true],
    ],
  )
})
