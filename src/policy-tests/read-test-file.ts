import { isCollection, LineCounter, parseDocument, type Document } from 'yaml'
import { readJsonInput } from '../fs/file-system.js'
import { ioReason } from '../fs/io-error.js'
import { TestFileError } from '../errors/input-errors.js'
import { parseTestFile, type Locate } from './parse-test-file.js'
import type { NamesTable } from '../directory/names-file.js'
import type { TestFile } from './schema/test-file.js'

/** The most YAML aliases a test file may use: enough for sharing a list, too few to blow one up. */
const MAX_ALIASES = 100

/** `$.tests[3].operations[0]` as path segments (`["tests", 3, "operations", 0]`). */
function segmentsOf(path: string): (string | number)[] {
  return [...path.matchAll(/\.([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] === undefined ? (m[1] ?? '') : Number(m[2])))
}

/** Where a JSON path is in a YAML (or JSON) document: the line of the value, else of the nearest value above it that is there. */
function locator(doc: Document, lines: LineCounter): Locate {
  return (path) => {
    const segments = segmentsOf(path)
    for (let n = segments.length; n >= 0; n--) {
      const node: unknown = n === 0 ? doc.contents : doc.getIn(segments.slice(0, n), true)
      const range = (node as { range?: readonly number[] } | null | undefined)?.range
      if (range?.[0] !== undefined && (n > 0 || isCollection(node))) return `line ${lines.linePos(range[0]).line}`
    }
    return undefined
  }
}

/**
 * A test file's text as a value: JSON when `json` (strict JSON.parse), YAML
 * 1.2 otherwise (duplicate keys refused, at most {@link MAX_ALIASES}
 * aliases). The locator names the line of a JSON path in either.
 *
 * @throws TestFileError `AZMAN_ERR_TEST_FILE` when the text is not JSON / YAML (line and column named)
 */
export function readTestText(text: string, source: string, json: boolean): { value: unknown; locate: Locate } {
  const lines = new LineCounter()
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter: lines, uniqueKeys: true, prettyErrors: false })
  const locate = locator(doc, lines)
  if (json) {
    try {
      return { value: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown, locate }
    } catch (e) {
      throw new TestFileError(`test file ${source} is not valid JSON (${e instanceof Error ? e.message : 'parse error'})`)
    }
  }
  const [error] = doc.errors
  if (error !== undefined) {
    const at = lines.linePos(error.pos[0])
    throw new TestFileError(`test file ${source} is not valid YAML (line ${at.line}, column ${at.col}): ${error.message.split('\n')[0] ?? ''}`)
  }
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIASES }) as unknown, locate }
  } catch (e) {
    throw new TestFileError(`test file ${source} is not usable YAML: ${e instanceof Error ? e.message : 'alias error'}`)
  }
}

/**
 * Reads and parses a test file: JSON when its name ends in `.json`, YAML
 * otherwise (at most 16 MiB, a regular file). The locator names a JSON
 * path's line, for the errors found when the tests meet the store. `names`:
 * accounts the tests may name (`--names`).
 *
 * @throws TestFileError `AZMAN_ERR_TEST_FILE` (exit 4) for a file that cannot be read, parsed, or is not of the format
 */
export async function readTestFile(path: string, names?: NamesTable): Promise<{ readonly tests: TestFile; readonly locate: Locate }> {
  let text: string
  try {
    text = await readJsonInput(path)
  } catch (e) {
    throw new TestFileError(`cannot read test file ${path}: ${ioReason(e)}`, { cause: e })
  }
  const { value, locate } = readTestText(text, path, path.toLowerCase().endsWith('.json'))
  return { tests: parseTestFile(value, path, locate, names), locate }
}
