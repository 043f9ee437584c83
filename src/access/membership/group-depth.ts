import { chainFrom, longestChains, type Chain } from '../../model/graph.js'
import { NESTING_LIMIT } from '../../model/limits.js'
import { chainText } from '../../model/nesting.js'
import type { ApplicationGroup } from '../../model/policy.js'
import { AccessTooDeepError } from '../access-errors.js'
import type { ApplicationContext } from '../index/application-context.js'
import type { GroupGraph } from './group-links.js'

/**
 * Refuses an application whose groups nest deeper than
 * {@link NESTING_LIMIT} (docs/access-evaluation.md#58-nesting-depth),
 * measured on the graph the evaluator walks (loop links cut), before anything
 * walks it: the evaluator's own recursion and its flattened memberships then
 * stay within the limit, whatever the store holds.
 * @throws AccessTooDeepError `AZMAN_ERR_ACCESS_TOO_DEEP`
 */
export function assertGroupNesting(context: ApplicationContext, graph: GroupGraph): void {
  const { chains } = longestChains(context.allGroups(), (g) => {
    const links = graph.of(g)
    return [...links.members, ...links.nonMembers]
  })
  let top: [ApplicationGroup, Chain<ApplicationGroup>] | undefined
  for (const entry of chains) if (entry[1].depth > (top?.[1].depth ?? NESTING_LIMIT)) top = entry
  if (top === undefined) return
  const [group, chain] = top
  throw new AccessTooDeepError(context.application.name, group.name, chain.depth, chainText(chainFrom(chains, group).map((g) => g.name)), NESTING_LIMIT)
}
