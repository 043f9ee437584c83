import { ConflictError } from '../errors/change-errors.js'
import { NotFoundError } from '../errors/lookup-error.js'
import { withStoreLock } from '../fs/store-lock.js'
import type { Role } from './roles.js'
import { checkedTokenName, readTokenFile, writeTokenFile, type TokenRecord } from './token-file.js'
import { hashToken, newToken } from './token-secret.js'

/**
 * `azman token add|list|revoke`: changes to a tokens file, each under the
 * file's lock (`<file>.lock`, as for stores) and written atomically, so a
 * running server reading it sees the old or the new file.
 */

/** Adds a token and returns it: the only time it is ever shown. */
export async function addToken(file: string, name: string, role: Role, now: Date = new Date()): Promise<{ readonly token: string; readonly record: TokenRecord }> {
  checkedTokenName(name)
  return withStoreLock(file, { displayName: file }, async () => {
    const records = await readTokenFile(file, { missingOk: true })
    if (records.some((r) => r.name === name)) throw new ConflictError('AZMAN_ERR_CONFLICT_EXISTS', `${file} already has a token named ${JSON.stringify(name)}; revoke it first or choose another name`)
    const token = newToken()
    const record: TokenRecord = { name, role, sha256: hashToken(token).toString('hex'), created: now.toISOString() }
    await writeTokenFile(file, [...records, record])
    return { token, record }
  })
}

/** The tokens a file holds: names, roles and times, never secrets. */
export async function listTokens(file: string): Promise<readonly TokenRecord[]> {
  return readTokenFile(file, { missingOk: true })
}

/** Removes a token by name; requests with it are refused from then on. */
export async function revokeToken(file: string, name: string): Promise<TokenRecord> {
  return withStoreLock(file, { displayName: file }, async () => {
    const records = await readTokenFile(file)
    const found = records.find((r) => r.name === name)
    if (found === undefined) throw new NotFoundError(`${file} has no token named ${JSON.stringify(name)}; azman token list shows the names`)
    await writeTokenFile(
      file,
      records.filter((r) => r !== found),
    )
    return found
  })
}
