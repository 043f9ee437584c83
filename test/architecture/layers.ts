import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, posix, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

/**
 * The layer rules of `src/`, read from the table of docs/architecture.md
 * ("Which way imports point"): the one place they are written down.
 */
export interface LayerRow {
  /** The row's name, as other rows' "May import" cells name it. */
  readonly name: string
  /**
   * The row's units, in table order: folders (`access/`) or single files
   * (`store/port.ts`), relative to `src/`.
   */
  readonly paths: readonly string[]
  /** Names of the rows this row's files may import. */
  readonly mayImport: ReadonlySet<string>
  /** Whether a unit may import the units listed before it in the same row. */
  readonly earlierInRow: boolean
  /** Whether the row's files may import Node's I/O modules (`node:fs`, `node:net`, ...). */
  readonly io: boolean
}

/** One import that breaks the rules. */
export interface Violation {
  /** The importing file, relative to the checked root (`src/model/x.ts`). */
  readonly file: string
  /** The import specifier as written (`../store/port.js`). */
  readonly specifier: string
  /** The rule it breaks, in words. */
  readonly rule: string
}

/** Imports allowed although the table forbids them, with the reason; the test requires each entry to be used. */
export interface AllowedEdge {
  /** The importing file, relative to the checked root (`src/cli/commands/serve.ts`). */
  readonly file: string
  /** What it may import: a folder (`server/`) or file relative to `src/`. */
  readonly to: string
  readonly why: string
}

/** What {@link checkLayers} found. */
export interface LayerReport {
  /** How many `.ts` files it read. */
  readonly files: number
  /** How many imports it checked (relative and Node's). */
  readonly imports: number
  readonly violations: readonly Violation[]
  /** The allow-list entries that matched an import (the others are stale). */
  readonly allowedUsed: readonly AllowedEdge[]
}

const HEADING = '## Which way imports point'

/** Node modules that do I/O; rows whose I/O cell says `none` may not import them. */
const IO_MODULES = new Set(['fs', 'fs/promises', 'net', 'tls', 'http', 'https', 'http2', 'dgram', 'dns', 'child_process', 'worker_threads', 'readline', 'cluster'])

/**
 * Reads the layer table: the first table after the "Which way imports point"
 * heading, with the columns Layer | Paths | May import | I/O. Rows run from the
 * bottom layer up. A "May import" cell lists row names separated by commas;
 * `all below` stands for every row before this one, `all below except a, b`
 * for all of them but those; `earlier in row` (after a `;`) lets a unit import
 * the units listed before it in its own row; `—` means nothing.
 *
 * @throws Error when the table is missing or names an unknown row.
 */
export function parseLayerTable(markdown: string): LayerRow[] {
  const start = markdown.indexOf(HEADING)
  if (start === -1) throw new Error(`no "${HEADING}" section`)
  const lines = markdown.slice(start).split('\n')
  const first = lines.findIndex((l) => /^\|\s*Layer\s*\|/.test(l))
  if (first === -1) throw new Error('no layer table in the section')
  const rows: LayerRow[] = []
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim())
    if (cells.length !== 4) throw new Error(`a layer table row needs 4 cells: ${line}`)
    const [name = '', paths = '', may = '', io = ''] = cells
    rows.push(parseRow(name, paths, may, io, rows))
  }
  if (rows.length === 0) throw new Error('the layer table has no rows')
  return rows
}

function parseRow(nameCell: string, pathsCell: string, mayCell: string, ioCell: string, below: readonly LayerRow[]): LayerRow {
  const name = unquote(nameCell)
  const paths = list(pathsCell)
  const [importsPart = '', ...extras] = mayCell.split(';').map((p) => p.trim())
  const earlierInRow = extras.includes('earlier in row')
  if (extras.some((e) => e !== 'earlier in row')) throw new Error(`row ${name}: unknown "${extras.join('; ')}"`)
  const mayImport = new Set<string>()
  const known = new Set(below.map((r) => r.name))
  const allBelow = /^all below(?: except (.+))?$/.exec(importsPart)
  if (allBelow) {
    const except = new Set(list(allBelow[1] ?? ''))
    for (const e of except) if (!known.has(e)) throw new Error(`row ${name}: "except ${e}" names no row below`)
    for (const r of below) if (!except.has(r.name)) mayImport.add(r.name)
  } else if (importsPart !== '—') {
    for (const n of list(importsPart)) {
      if (!known.has(n)) throw new Error(`row ${name}: "${n}" names no row below it`)
      mayImport.add(n)
    }
  }
  if (ioCell !== 'yes' && ioCell !== 'none') throw new Error(`row ${name}: the I/O cell is "yes" or "none", not "${ioCell}"`)
  return { name, paths, mayImport, earlierInRow, io: ioCell === 'yes' }
}

function list(cell: string): string[] {
  return cell
    .split(',')
    .map(unquote)
    .filter((s) => s !== '')
}

function unquote(s: string): string {
  return s.trim().replace(/^`|`$/g, '')
}

/** The row and unit of a path relative to `src/` (longest path prefix wins); undefined when no row holds it. */
export function unitOf(rows: readonly LayerRow[], path: string): { row: LayerRow; unit: string; index: number } | undefined {
  let best: { row: LayerRow; unit: string; index: number } | undefined
  for (const row of rows) {
    row.paths.forEach((unit, index) => {
      const holds = unit.endsWith('/') ? path.startsWith(unit) : path === unit
      if (holds && (best === undefined || unit.length > best.unit.length)) best = { row, unit, index }
    })
  }
  return best
}

/** Every module specifier of a TypeScript file: static imports and re-exports (type-only too), `import()` calls and `import('...')` types. */
export function importsOf(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS)
  const found: string[] = []
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text)
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0]
      found.push(arg && ts.isStringLiteralLike(arg) ? arg.text : '<computed>')
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text)
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      found.push(node.moduleReference.expression.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

/** The `.ts` files under `dir`, as paths relative to `root` with forward slashes, sorted. */
export function listTsFiles(root: string, dir: string): string[] {
  const out: string[] = []
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (/\.tsx?$/.test(e.name)) out.push(relative(root, p).split(sep).join('/'))
    }
  }
  walk(join(root, dir))
  return out.sort()
}

/**
 * Checks every `.ts` file under `root/src` against the rows: each file must
 * belong to a row, each relative import must stay inside `src/` and point to
 * its own unit, an earlier unit of its row when the row allows it, or a row
 * its row may import; rows without I/O may not import Node's I/O modules.
 * `allow` lists single imports let through anyway.
 */
export function checkLayers(root: string, rows: readonly LayerRow[], allow: readonly AllowedEdge[] = []): LayerReport {
  const files = listTsFiles(root, 'src')
  const violations: Violation[] = []
  const allowedUsed = new Set<AllowedEdge>()
  let imports = 0
  for (const file of files) {
    const inSrc = file.slice('src/'.length)
    const from = unitOf(rows, inSrc)
    if (from === undefined) {
      violations.push({ file, specifier: '', rule: `${posix.dirname(inSrc) === '.' ? inSrc : inSrc.split('/')[0] + '/'} is in no row of the layer table` })
      continue
    }
    for (const specifier of importsOf(file, readFileSync(join(root, file), 'utf8'))) {
      imports++
      const rule = judge(rows, from, inSrc, specifier)
      if (rule === undefined) continue
      const target = specifier.startsWith('.') ? targetOf(inSrc, specifier) : specifier
      const allowed = allow.find((a) => a.file === file && (a.to.endsWith('/') ? target.startsWith(a.to) : target === a.to))
      if (allowed) allowedUsed.add(allowed)
      else violations.push({ file, specifier, rule })
    }
  }
  return { files: files.length, imports, violations, allowedUsed: [...allowedUsed] }
}

/** Why `specifier`, imported by `inSrc` of unit `from`, breaks the rules; undefined when it does not. */
function judge(rows: readonly LayerRow[], from: NonNullable<ReturnType<typeof unitOf>>, inSrc: string, specifier: string): string | undefined {
  if (specifier === '<computed>') return 'an import() of a computed specifier cannot be checked'
  if (!specifier.startsWith('.')) {
    const bare = specifier.replace(/^node:/, '')
    return !from.row.io && IO_MODULES.has(bare) ? `${from.row.name} does no I/O: it may not import ${specifier}` : undefined
  }
  const target = targetOf(inSrc, specifier)
  if (target.startsWith('../')) return `imports leave src/ (${target})`
  const to = unitOf(rows, target)
  if (to === undefined) return `${target} is in no row of the layer table`
  if (to.unit === from.unit || from.row.mayImport.has(to.row.name)) return undefined
  if (to.row === from.row) {
    if (from.row.earlierInRow && to.index < from.index) return undefined
    return `${from.unit} may not import ${to.unit} (${from.row.name} row${from.row.earlierInRow ? ': only units listed before it' : ': its units do not import each other'})`
  }
  const may = [...from.row.mayImport]
  return `${from.unit} (${from.row.name}) may not import ${to.unit} (${to.row.name}); ${from.row.name} may import ${may.length === 0 ? 'nothing of azman' : may.join(', ')}`
}

/** The file a relative specifier of `inSrc` names, relative to `src/` (`.js` read as `.ts`, as tsc resolves it). */
function targetOf(inSrc: string, specifier: string): string {
  const target = posix.normalize(posix.join(posix.dirname(inSrc), specifier))
  // The console's imports are extensionless (its bundler resolves them); the rest name `.js` for `.ts`.
  return /\.[a-z]+$/.test(target) ? target.replace(/\.js$/, '.ts') : `${target}.ts`
}

/** The repository root, from a file in `test/architecture/`. */
export function repoRoot(fileUrl: string): string {
  return join(dirname(fileURLToPath(fileUrl)), '..', '..')
}
