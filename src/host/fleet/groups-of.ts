import type { Directory } from '../../directory/directory.js'
import { resolveToken } from '../../directory/resolve-token.js'
import { UnknownAccountError } from '../../errors/directory-errors.js'

/**
 * A principal's groups as its Windows token holds them (its SID, its
 * transitive groups from `tokenGroups`, Everyone, Authenticated Users), as
 * `check --account` builds a token: asked of the directory once per SID.
 * Undefined without a directory, or for a SID the directory does not know.
 */
export function tokenGroupsOf(directory: Directory | undefined): ((sid: string) => Promise<readonly string[] | undefined>) | undefined {
  if (directory === undefined) return undefined
  const asked = new Map<string, Promise<readonly string[] | undefined>>()
  return (sid) => {
    let groups = asked.get(sid)
    if (groups === undefined) {
      groups = resolveToken(directory, sid).then(
        (token) => token.sids,
        (error: unknown) => {
          if (error instanceof UnknownAccountError) return undefined
          throw error
        },
      )
      asked.set(sid, groups)
    }
    return groups
  }
}
