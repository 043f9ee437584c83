import { NESTING_LIMIT } from '../limits.js'
import { storeNesting, tooDeep, type TooDeep } from '../nesting.js'
import type { LinkResolver } from '../resolve.js'
import type { Visited } from '../walk.js'
import { FindingCode } from './finding.js'
import type { FindingSink } from './sink.js'

/** What a too-deep chain means, by kind. */
function consequence(t: TooDeep): string {
  return t.kind === 'group'
    ? 'check, who-can, what-can, matrix, audit and diff refuse to evaluate its application, and writes may not make it deeper; take groups out of the chain'
    : 'writes may not make it deeper; flatten the chain'
}

/**
 * Application groups, and tasks and role definitions, nest at most
 * {@link NESTING_LIMIT} deep (azman's limit: AzMan documents none). One
 * finding per too-deep chain, on the object at its top.
 */
export function checkNesting(objects: readonly Visited[], resolver: LinkResolver, sink: FindingSink): void {
  const { groups, tasks } = storeNesting(objects, resolver)
  for (const t of [...tooDeep(groups), ...tooDeep(tasks)]) {
    const what = t.kind === 'group' ? 'nested application groups' : 'nested tasks and role definitions'
    sink.error(FindingCode.NestingTooDeep, t.path, t.object.guid, `heads a chain of ${t.depth} ${what} (${t.chain}), deeper than the ${NESTING_LIMIT} azman supports: ${consequence(t)}`)
  }
}
