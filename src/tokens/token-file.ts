import { StoreIoError } from '../errors/input-errors.js'
import { UsageError } from '../errors/usage-error.js'
import { readJsonInput, writeAtomic } from '../fs/file-system.js'
import { describeIoError } from '../fs/io-error.js'
import { isRole, ROLES, type Role } from './roles.js'

export const TOKENS_FORMAT = 'azman-tokens/1'

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

/** Token names: what the journal shows as the actor. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$/
const HASH = /^[0-9a-f]{64}$/

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

export function parseTokenFile(text: string, file: string): TokenRecord[] {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw damaged(file, 'it is not JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw damaged(file, 'it is not a JSON object')
  const { format, tokens } = value as Record<string, unknown>
  if (format !== TOKENS_FORMAT) throw damaged(file, `"format" is not "${TOKENS_FORMAT}"`)
  if (!Array.isArray(tokens)) throw damaged(file, '"tokens" is not an array')
  const names = new Set<string>()
  return tokens.map((t: unknown, i): TokenRecord => {
    if (typeof t !== 'object' || t === null) throw damaged(file, `tokens[${i}] is not an object`)
    const { name, role, sha256, created } = t as Record<string, unknown>
    if (typeof name !== 'string' || !NAME.test(name)) throw damaged(file, `tokens[${i}].name is not a token name`)
    if (names.has(name)) throw damaged(file, `the name ${JSON.stringify(name)} is used twice`)
    names.add(name)
    if (!isRole(role)) throw damaged(file, `tokens[${i}].role is not one of ${ROLES.join(', ')}`)
    if (typeof sha256 !== 'string' || !HASH.test(sha256)) throw damaged(file, `tokens[${i}].sha256 is not 64 hex digits`)
    if (typeof created !== 'string') throw damaged(file, `tokens[${i}].created is not a time`)
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
