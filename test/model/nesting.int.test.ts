/**
 * Nesting depth: the iterative graph walks (any depth costs heap, not stack),
 * the AZ_NESTING_TOO_DEEP integrity rule at azman's limit (64), and the
 * write-path walk of certain grants (the administrators guard) on chains of
 * any depth, width and shape. Before the fix, the guard recursed once per
 * nested group, so any write to a store holding a chain of a few thousand
 * groups overflowed the stack.
 */
import t from 'tap'
import { applicationLevelOperations, certainOperations } from '../../src/model/certain-grants.js'
import { chainFrom, longestChains, stronglyConnected } from '../../src/model/graph.js'
import { validateStore } from '../../src/model/integrity/validate.js'
import { NESTING_LIMIT } from '../../src/model/limits.js'
import { chainText } from '../../src/model/nesting.js'
import { allContainers } from '../../src/model/paths.js'
import { guidKey, type ApplicationGroup, type PolicyStore, type Task } from '../../src/model/policy.js'
import { LinkResolver } from '../../src/model/resolve.js'
import { application, g, group, operation, roleAssignment, roleDefinition, scope, store, task } from './factories.js'

const USER = 'S-1-5-21-7-7-7-1001'
const ADMINS = 'S-1-5-32-544'

/** n groups, each a member (or non-member) of the next; the first lists USER and Administrators. */
function groupChain(n: number, list: 'appMemberLinks' | 'appNonMemberLinks' = 'appMemberLinks'): ApplicationGroup[] {
  const out: ApplicationGroup[] = []
  for (let i = 0; i < n; i++) {
    const below = out[i - 1]
    const sids = i === 0 || list === 'appNonMemberLinks' ? [USER, ADMINS] : []
    out.push(group(`G${i}`, { guid: g(100_000 + i), members: sids, [list]: below === undefined ? [] : [below.guid] }))
  }
  return out
}

/** n tasks (or role definitions), each nesting the one before it; the first links `op`. */
function taskChain(n: number, op: string, roleDefinitions = false): Task[] {
  const out: Task[] = []
  for (let i = 0; i < n; i++) {
    const below = out[i - 1]
    const make = roleDefinitions ? roleDefinition : task
    out.push(make(`T${i}`, { guid: g(300_000 + i), operationLinks: below === undefined ? [op] : [], taskLinks: below === undefined ? [] : [below.guid] }))
  }
  return out
}

/** A store with one application holding `groups` and `tasks`, and a role assignment held by the top group granting the top task. */
function deep(groups: readonly ApplicationGroup[], tasks: readonly Task[] = []): PolicyStore {
  const read = operation('Read', '1', { guid: g(1) })
  const top = groups[groups.length - 1]
  const reader = roleDefinition('Reader', { guid: g(2), operationLinks: [read.guid] })
  const ra = roleAssignment('Readers', {
    guid: g(3),
    taskLinks: [reader.guid, ...(tasks.length > 0 ? [(tasks[tasks.length - 1] as Task).guid] : [])],
    appMemberLinks: top === undefined ? [] : [top.guid],
    members: top === undefined ? [USER, ADMINS] : [],
  })
  return store({ applications: [application('Deep', { guid: g(4), operations: [read], groups: [...groups], tasks: [...tasks, reader], roleAssignments: [ra] })] })
}

function deepFindings(s: PolicyStore): { location: string; message: string }[] {
  return validateStore(s)
    .filter((f) => f.code === 'AZ_NESTING_TOO_DEEP')
    .map((f) => ({ location: f.path.map((p) => `${p.kind}:${p.name}`).join('/'), message: f.message }))
}

t.test('the graph walks are iterative: a chain of 200,000 nodes', async (t) => {
  const n = 200_000
  const next = (i: number): number[] => (i + 1 < n ? [i + 1] : [])
  const nodes = Array.from({ length: n }, (_, i) => i)
  const components = stronglyConnected(nodes, next)
  t.equal(new Set(components.values()).size, n, 'no loop: every node alone')
  const { chains } = longestChains(nodes, next)
  t.equal(chains.get(0)?.depth, n, 'the first node heads the whole chain')
  t.equal(chains.get(n - 1)?.depth, 1, 'the last links nothing')
  t.equal(chainFrom(chains, 0).length, n)
})

t.test('longest chains: diamonds, several roots, loops cut', async (t) => {
  // a -> b -> d, a -> c -> d -> e; x -> y -> x (a loop), y -> a
  const edges: Record<string, string[]> = { a: ['b', 'c'], b: ['d'], c: ['d'], d: ['e'], e: [], x: ['y'], y: ['x', 'a'] }
  const { chains, links } = longestChains(Object.keys(edges), (n) => edges[n] ?? [])
  const depth = (n: string): number | undefined => chains.get(n)?.depth
  t.same(['a', 'b', 'c', 'd', 'e'].map(depth), [4, 3, 3, 2, 1])
  t.equal(depth('y'), 5, 'y -> a -> b -> d -> e: the loop link y -> x is not followed')
  t.equal(depth('x'), 1, 'x links only y, inside its loop')
  t.same(links('y'), ['a'], 'followed links leave the loop out')
  t.same(chainFrom(chains, 'a'), ['a', 'b', 'd', 'e'])
})

t.test('chain text shows the first three names and the last', async (t) => {
  t.equal(chainText(['A']), '"A"')
  t.equal(chainText(['A', 'B', 'C', 'D', 'E']), '"A" -> "B" -> "C" -> "D" -> "E"')
  t.equal(chainText(['A', 'B', 'C', 'D', 'E', 'F']), '"A" -> "B" -> "C" -> ... -> "F"')
})

t.test('AZ_NESTING_TOO_DEEP: 64 nested groups pass, 65 are one finding at the top', async (t) => {
  t.equal(NESTING_LIMIT, 64)
  t.same(deepFindings(deep(groupChain(NESTING_LIMIT))), [], 'a chain of 64 groups is within the limit')
  for (const list of ['appMemberLinks', 'appNonMemberLinks'] as const) {
    const findings = deepFindings(deep(groupChain(NESTING_LIMIT + 1, list)))
    t.equal(findings.length, 1, list)
    t.equal(findings[0]?.location, 'application:Deep/group:G64')
    t.equal(
      findings[0]?.message.startsWith('heads a chain of 65 nested application groups ("G64" -> "G63" -> "G62" -> ... -> "G0"), deeper than the 64 azman supports'),
      true,
      findings[0]?.message ?? 'no finding',
    )
  }
  const [finding] = validateStore(deep(groupChain(NESTING_LIMIT + 1))).filter((f) => f.code === 'AZ_NESTING_TOO_DEEP')
  t.equal(finding?.severity, 'error')
  t.equal(finding?.guid, g(100_000 + NESTING_LIMIT))
})

t.test('AZ_NESTING_TOO_DEEP: tasks and role definitions, 64 pass, 65 do not', async (t) => {
  const read = g(1)
  t.same(deepFindings(deep([], taskChain(NESTING_LIMIT, read))), [])
  const tasks = deepFindings(deep([], taskChain(NESTING_LIMIT + 1, read)))
  t.same(
    tasks.map((f) => f.location),
    ['application:Deep/task:T64'],
  )
  t.match(tasks[0]?.message, /^heads a chain of 65 nested tasks and role definitions \("T64" -> "T63" -> "T62" -> \.\.\. -> "T0"\), deeper than the 64 azman supports/)
  t.same(
    deepFindings(deep([], taskChain(NESTING_LIMIT + 1, read, true))).map((f) => f.location),
    ['application:Deep/role-definition:T64'],
  )
})

t.test('AZ_NESTING_TOO_DEEP: one finding per chain top, across levels, loops left to AZ_GROUP_CYCLE', async (t) => {
  const chain = groupChain(NESTING_LIMIT + 10)
  // Two groups link the chain's middle: each heads a too-deep chain of its own.
  const side1 = group('Side 1', { guid: g(1_000), appMemberLinks: [(chain[NESTING_LIMIT + 2] as ApplicationGroup).guid] })
  const side2 = group('Side 2', { guid: g(1_001), appMemberLinks: [(chain[NESTING_LIMIT + 2] as ApplicationGroup).guid] })
  // A loop at the bottom: the loop's own link is not counted, the chain is.
  const loopA = group('Loop A', { guid: g(1_002), appMemberLinks: [g(1_003)] })
  const loopB = group('Loop B', { guid: g(1_003), appMemberLinks: [g(1_002)] })
  const bottom = { ...(chain[0] as ApplicationGroup), appMemberLinks: [loopA.guid] }
  const s = deep([bottom, ...chain.slice(1), side1, side2, loopA, loopB])
  t.same(
    deepFindings(s).map((f) => f.location),
    ['application:Deep/group:G73', 'application:Deep/group:Side 1', 'application:Deep/group:Side 2'],
    'the chain top and the two groups that also head too-deep chains; not the groups inside',
  )
  t.match(deepFindings(s)[0]?.message, /^heads a chain of 75 nested/, '74 chained groups, then Loop A (its link into the loop is not followed)')
  t.ok(
    validateStore(s).some((f) => f.code === 'AZ_GROUP_CYCLE'),
    'the loop is its own finding',
  )
  // A scope group nests an application group chain: the scope group is the top.
  const scoped = group('Scoped', { guid: g(1_004), appMemberLinks: [(chain[NESTING_LIMIT] as ApplicationGroup).guid] })
  const base = deep(chain.slice(0, NESTING_LIMIT + 1))
  const app = base.applications[0]
  if (app === undefined) throw new Error('no application')
  const withScope = store({ applications: [{ ...app, scopes: [scope('Lab', { guid: g(1_005), groups: [scoped] })] }] })
  t.same(
    deepFindings(withScope).map((f) => f.location),
    ['application:Deep/scope:Lab/group:Scoped'],
  )
})

t.test('certain grants (the administrators guard) walk any depth: 20,000 groups, member and non-member chains', async (t) => {
  const n = 20_000
  for (const list of ['appMemberLinks', 'appNonMemberLinks'] as const) {
    const s = deep(groupChain(n, list))
    const app = s.applications[0]
    if (app === undefined) throw new Error('no application')
    const held = applicationLevelOperations(new LinkResolver(s), s, app, ADMINS)
    // Member chain: Administrators is in G0, so in every group. Non-member chain: in G(i) exactly when i is even.
    t.same([...held], list === 'appMemberLinks' || (n - 1) % 2 === 0 ? [guidKey(g(1))] : [], list)
  }
})

t.test('certain grants: a task with 200,000 links, and groups in 30 diamonds', async (t) => {
  const read = operation('Read', '1', { guid: g(1) })
  const leaf = task('Leaf', { guid: g(5), operationLinks: [read.guid] })
  const wide = roleDefinition('Wide', { guid: g(6), taskLinks: Array.from({ length: 200_000 }, () => leaf.guid) })
  // Each level: two groups, both members of each of the next level's two groups: 2^30 paths, 60 groups.
  const groups: ApplicationGroup[] = []
  for (let level = 0; level < 30; level++) {
    const below = groups.slice(-2).map((x) => x.guid)
    for (const side of [0, 1]) groups.push(group(`L${level}-${side}`, { guid: g(2_000 + 2 * level + side), members: level === 0 ? [ADMINS] : [], appMemberLinks: below }))
  }
  const top = groups[groups.length - 1] as ApplicationGroup
  const ra = roleAssignment('Wide Holders', { guid: g(7), taskLinks: [wide.guid], appMemberLinks: [top.guid] })
  const s = store({ applications: [application('Deep', { guid: g(4), operations: [read], groups, tasks: [leaf, wide], roleAssignments: [ra] })] })
  const app = s.applications[0]
  if (app === undefined) throw new Error('no application')
  const [appLevel] = allContainers(s)
  if (appLevel === undefined) throw new Error('no container')
  t.same([...certainOperations(new LinkResolver(s), appLevel, ra)], [guidKey(read.guid)], '200,000 links to one task')
  t.same([...applicationLevelOperations(new LinkResolver(s), s, app, ADMINS)], [guidKey(read.guid)], 'each group evaluated once, not each of 2^30 paths')
})
