import { InvalidChangeError } from '../../errors/change-errors.js'
import type { Finding } from '../integrity/finding.js'
import { validateSteps } from '../integrity/validate.js'
import { NESTING_LIMIT } from '../limits.js'
import { chainFrom } from '../graph.js'
import { chainText, depthsByGuid, nestingKey, storeNesting, type Nesting } from '../nesting.js'
import { formatPath, kindLabel, taskKind } from '../paths.js'
import type { ApplicationGroup, PolicyStore, Task } from '../policy.js'
import { LinkResolver } from '../resolve.js'
import { walkStore } from '../walk.js'
import type { PolicyEdit } from './policy-edit.js'
import { quote } from '../quote.js'
import { finish, finishCooperatively, type Steps } from '../steps.js'

const CANONICAL_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

function key(f: Finding): string {
  return `${f.code}\u0000${f.guid ?? ''}\u0000${formatPath(f.path)}\u0000${f.message}`
}

/**
 * The findings of stores edits start from, by store: a store read once (the
 * REST service keeps its snapshot) is checked once, however many plans are
 * made on it. The model is immutable, so a store's findings never change.
 */
const findingsOf = new WeakMap<PolicyStore, ReadonlySet<string>>()

function* existingFindings(before: PolicyStore): Steps<ReadonlySet<string>> {
  let keys = findingsOf.get(before)
  if (keys === undefined) {
    keys = new Set((yield* validateSteps(before, { nesting: false })).map(key))
    findingsOf.set(before, keys)
  }
  return keys
}

/** {@link assertSafeEdit} in steps (see `model/steps.ts`). */
export function* safeEditSteps(before: PolicyStore, after: PolicyStore, edits: readonly PolicyEdit[]): Steps<void> {
  for (const edit of edits) {
    if (edit.type === 'create' && !CANONICAL_GUID.test(edit.object.guid)) {
      throw new InvalidChangeError('AZMAN_ERR_CHANGE_INVALID_GUID', `the new ${edit.kind} ${quote(edit.object.name)} has the GUID "${edit.object.guid}"; new GUIDs are lowercase, without braces`)
    }
  }
  if (mayDeepen(edits)) {
    assertNestingLimit(before, after)
    yield
  }
  // Nesting has its own rule: a shorter chain that is still too deep is no new problem.
  const existing = yield* existingFindings(before)
  const introduced = (yield* validateSteps(after, { nesting: false })).filter((f) => f.severity === 'error' && !existing.has(key(f)))
  const first = introduced[0]
  if (first) {
    const more = introduced.length > 1 ? ` (and ${introduced.length - 1} more)` : ''
    throw new InvalidChangeError('AZMAN_ERR_CHANGE_BREAKS_INTEGRITY', `the change would break the store: ${first.code} ${formatPath(first.path)}: ${first.message}${more}`)
  }
}

/**
 * Refuses a write that would make the store worse: an edit may not introduce
 * an integrity error the store did not already have (a dangling link, a
 * duplicate or badly formed name, a malformed SID, a cycle, a v2-only group
 * in a v1 store...), and new objects get canonical GUIDs (lowercase, no
 * braces). Problems the store already had are left alone: they are reported
 * by `validate`, not blocking unrelated edits. Nesting has its own rule
 * ({@link assertNestingLimit}).
 */
export function assertSafeEdit(before: PolicyStore, after: PolicyStore, edits: readonly PolicyEdit[]): void {
  finish(safeEditSteps(before, after, edits))
}

/** {@link assertSafeEdit}, letting the event loop run other work every few milliseconds (for long-running processes). */
export async function assertSafeEditCooperatively(before: PolicyStore, after: PolicyStore, edits: readonly PolicyEdit[]): Promise<void> {
  await finishCooperatively(safeEditSteps(before, after, edits))
}

const LINK_LISTS: ReadonlySet<string> = new Set(['taskLinks', 'appMemberLinks', 'appNonMemberLinks'])

/**
 * Whether edits can make a chain of nested groups, or of tasks and role
 * definitions, longer: only a link added, or a group or task created (with
 * links of its own, or as the target of a link that did not resolve), or an
 * application or scope created with groups or tasks in it. Deletes, removals
 * and field changes cannot; a change set of scopes skips the depth check.
 */
export function mayDeepen(edits: readonly PolicyEdit[]): boolean {
  return edits.some((edit) => {
    if (edit.type === 'add') return LINK_LISTS.has(edit.list)
    if (edit.type !== 'create') return false
    if (edit.kind === 'group' || edit.kind === 'task' || edit.kind === 'application') return true
    return edit.kind === 'scope' && (edit.object.groups.length > 0 || edit.object.tasks.length > 0)
  })
}

/**
 * Refuses a write that makes a chain of nested application groups, or of
 * tasks and role definitions, deeper than {@link NESTING_LIMIT}, or a chain
 * already deeper than that (read from disk) deeper still. Shortening such a
 * chain, or an edit elsewhere, is allowed. Objects compare by GUID; the
 * refusal names the top of the deepest chain the change deepens.
 * @throws InvalidChangeError `AZMAN_ERR_CHANGE_TOO_DEEP`
 */
export function assertNestingLimit(before: PolicyStore, after: PolicyStore): void {
  const was = depthsByGuid(before)
  const now = storeNesting([...walkStore(after)], new LinkResolver(after))
  const groups = deepened(now.groups, was)
  const tasks = deepened(now.tasks, was)
  const worst = groups !== undefined && (tasks === undefined || groups.depth >= tasks.depth) ? groups : tasks
  if (worst === undefined) return
  const { object, depth, names } = worst
  const isGroup = 'groupType' in object
  throw new InvalidChangeError(
    'AZMAN_ERR_CHANGE_TOO_DEEP',
    `the change would make ${kindLabel(isGroup ? 'group' : taskKind(object))} ${quote(object.name)} head a chain of ${depth} ${isGroup ? 'nested application groups' : 'nested tasks and role definitions'} (${chainText(names)}), deeper than the ${NESTING_LIMIT} azman supports; nest less deeply`,
  )
}

/** The deepest chain over the limit that is deeper than it was (or new), with its names; the top of a chain is its deepest object. */
function deepened<T extends ApplicationGroup | Task>(nesting: Nesting<T>, was: ReadonlyMap<string, number>): { object: T; depth: number; names: string[] } | undefined {
  let worst: { object: T; depth: number } | undefined
  for (const [object, chain] of nesting.chains) {
    if (chain.depth <= NESTING_LIMIT || chain.depth <= (was.get(nestingKey(object)) ?? 0) || chain.depth <= (worst?.depth ?? 0)) continue
    worst = { object, depth: chain.depth }
  }
  return worst === undefined ? undefined : { ...worst, names: chainFrom(nesting.chains, worst.object).map((o) => o.name) }
}
