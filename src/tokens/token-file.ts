import { StoreIoError } from '../errors/input-errors.js'
import { UsageError } from '../errors/usage-error.js'
import { readJsonInput, writeAtomic } from '../fs/file-system.js'
import { describeIoError } from '../fs/io-error.js'
import { problemBefore, schemaProblem } from '../json/schema-check.js'
import type { JsonProblem } from '../json/schema-messages.js'
import type { Role } from './roles.js'
import { TOKEN_NAME, TokenFileShellSchema, TokenRecordSchema, TOKENS_FORMAT } from './token-file-schema.js'

export { TOKENS_FORMAT }

/** One API token as the tokens file keeps it: never the token, only its hash. */
export interface TokenRecord {
  /** Who uses the token; the journal's actor for the writes made with it. */
  readonly name: string
  readonly role: Role
  /** SHA-256 of the token, 64 hex digits. */
  readonly sha256: string
  /** ISO 8601 time the token was made. */
  readonly created: string
}

const NAME = new RegExp(TOKEN_NAME, 'u')

/** A token name as given, checked. */
export function checkedTokenName(name: string): string {
  if (!NAME.test(name)) throw new UsageError(`token name ${JSON.stringify(name)} is not allowed: use 1 to 64 letters, digits and . _ @ + - (starting with a letter or digit)`)
  return name
}

function damaged(file: string, what: string): StoreIoError {
  return new StoreIoError(`${file} is not a tokens file: ${what}; azman token add creates one`, { source: file })
}

/**
 * Reads a tokens file (JSON: `{"format": "azman-tokens/1", "tokens": [...]}`),
 * refusing anything else. A missing file has no tokens when `missingOk`.
 */
export async function readTokenFile(path: string, options: { readonly missingOk?: boolean } = {}): Promise<TokenRecord[]> {
  let text: string
  try {
    text = await readJsonInput(path)
  } catch (e) {
    if (options.missingOk === true && (e as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw describeIoError(e, 'read', path)
  }
  return parseTokenFile(text, path)
}

/** A problem in the tokens file's words: a field of the file quoted (`"format"`), an entry's field by its path (`tokens[0].name`). */
function said(problem: JsonProblem): string {
  if (problem.path === '') return problem.message
  const field = /^\.([^.[]+)$/.exec(problem.path)
  return `${field === null ? problem.path : JSON.stringify(field[1])} ${problem.message}`
}

/** The schema's problem with a tokens file or entry, ignored fields aside (they never were). */
function problemIn(schema: typeof TokenFileShellSchema | typeof TokenRecordSchema, value: unknown, base: string): JsonProblem | undefined {
  return schemaProblem(schema, value, base, 'is ignored')
}

/**
 * Parses a tokens file's text ({@link TokenFileShellSchema}, entries
 * {@link TokenRecordSchema}); the first problem, as a reader meets it, names
 * the file. Fields the file does not define are ignored.
 */
export function parseTokenFile(text: string, file: string): TokenRecord[] {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw damaged(file, 'it is not JSON')
  }
  const problem = problemIn(TokenFileShellSchema, value, '')
  if (problem !== undefined) throw damaged(file, said(problem))
  const names = new Set<string>()
  return (value as { readonly tokens: readonly unknown[] }).tokens.map((item, i): TokenRecord => {
    const at = `tokens[${i}]`
    // An array entry has always been read as an entry without fields.
    const entry = Array.isArray(item) ? {} : item
    const wrong = problemIn(TokenRecordSchema, entry, at)
    if (wrong !== undefined && problemBefore(wrong, at, ['name'])) throw damaged(file, said(wrong))
    const { name, role, sha256, created } = entry as TokenRecord
    if (names.has(name)) throw damaged(file, `the name ${JSON.stringify(name)} is used twice`)
    names.add(name)
    if (wrong !== undefined) throw damaged(file, said(wrong))
    return { name, role, sha256, created }
  })
}

/** Replaces the tokens file atomically, readable by its owner only. */
export async function writeTokenFile(path: string, records: readonly TokenRecord[]): Promise<void> {
  const text = `${JSON.stringify({ format: TOKENS_FORMAT, tokens: records }, null, 2)}\n`
  try {
    await writeAtomic(path, Buffer.from(text, 'utf8'), { mode: 0o600 })
  } catch (e) {
    throw describeIoError(e, 'write', path)
  }
}
