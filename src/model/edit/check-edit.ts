import { InvalidChangeError } from '../../errors/change-errors.js'
import type { Finding } from '../integrity/finding.js'
import { validateSteps } from '../integrity/validate.js'
import { NESTING_LIMIT } from '../limits.js'
import { chainFrom } from '../graph.js'
import { chainText, depthsByGuid, nestingKey, storeNesting, type Nesting } from '../nesting.js'
import { formatPath, kindLabel, taskKind, type ObjectPath } from '../paths.js'
import { guidKey, type ApplicationGroup, type PolicyStore, type Task } from '../policy.js'
import { LinkResolver } from '../resolve.js'
import { walkStore } from '../walk.js'
import type { PolicyEdit } from './policy-edit.js'
import { quote } from '../quote.js'
import { finishCooperatively, type Steps } from '../steps.js'

const CANONICAL_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

function key(f: Finding): string {
  return `${f.code}\u0000${f.guid ?? ''}\u0000${formatPath(f.path)}\u0000${f.message}`
}

/** What a store that edits start from already has: its findings' keys, and its integrity errors. */
interface Existing {
  readonly keys: ReadonlySet<string>
  readonly errors: readonly Finding[]
}

/**
 * The findings of stores edits start from, by store: a store read once (the
 * REST service keeps its snapshot) is checked once, however many plans are
 * made on it. The model is immutable, so a store's findings never change.
 */
const findingsOf = new WeakMap<PolicyStore, Existing>()

function* existingFindings(before: PolicyStore): Steps<Existing> {
  let existing = findingsOf.get(before)
  if (existing === undefined) {
    const findings = yield* validateSteps(before, { nesting: false })
    existing = { keys: new Set(findings.map(key)), errors: findings.filter((f) => f.severity === 'error') }
    findingsOf.set(before, existing)
  }
  return existing
}

/** The GUIDs (by key) that more than one object of a store has, with the paths of those objects; by store, as {@link findingsOf}. */
const sharedGuidsOf = new WeakMap<PolicyStore, ReadonlyMap<string, readonly ObjectPath[]>>()

function sharedGuids(store: PolicyStore): ReadonlyMap<string, readonly ObjectPath[]> {
  const known = sharedGuidsOf.get(store)
  if (known !== undefined) return known
  const paths = new Map<string, ObjectPath[]>()
  for (const { object, path } of walkStore(store)) {
    if (object.guid === '') continue
    const list = paths.get(guidKey(object.guid))
    if (list) list.push(path)
    else paths.set(guidKey(object.guid), [path])
  }
  const shared = new Map([...paths].filter(([, list]) => list.length > 1))
  sharedGuidsOf.set(store, shared)
  return shared
}

/** The GUIDs an edit addresses (the object, its parents) and links to, with how it uses each. */
function guidsOf(edit: PolicyEdit): [string, string][] {
  if (edit.type === 'set-store') return []
  const out: [string, string][] = []
  if (edit.parent.application !== undefined) out.push([edit.parent.application, 'edits inside the object with'])
  if (edit.parent.scope !== undefined) out.push([edit.parent.scope, 'edits inside the object with'])
  if (edit.type === 'create') {
    const o = edit.object as Partial<Record<'operationLinks' | 'taskLinks' | 'appMemberLinks' | 'appNonMemberLinks', readonly string[]>>
    for (const list of [o.operationLinks, o.taskLinks, o.appMemberLinks, o.appNonMemberLinks]) for (const link of list ?? []) out.push([link, 'links to'])
  } else {
    out.push([edit.guid, 'edits the object with'])
    if (edit.type === 'add' && edit.list !== 'members' && edit.list !== 'nonMembers') out.push([edit.value, 'links to'])
  }
  return out
}

/**
 * Refuses edits that address, or add a link to, a GUID two objects of the
 * store share (AZ_DUPLICATE_GUID): nobody can tell which one is meant.
 * Removing such a link is allowed; it only lessens the ambiguity.
 * @throws InvalidChangeError `AZMAN_ERR_CHANGE_AMBIGUOUS_GUID`
 */
function assertUnambiguous(before: PolicyStore, edits: readonly PolicyEdit[]): void {
  const shared = sharedGuids(before)
  if (shared.size === 0) return
  for (const edit of edits) {
    for (const [guid, use] of guidsOf(edit)) {
      const paths = shared.get(guidKey(guid))
      if (paths === undefined) continue
      throw new InvalidChangeError(
        'AZMAN_ERR_CHANGE_AMBIGUOUS_GUID',
        `the change ${use} the GUID ${guid}, which ${paths.map(formatPath).join(' and ')} share (AZ_DUPLICATE_GUID; azman validate reports it): nobody can tell which one is meant; give one of them a new GUID first`,
      )
    }
  }
}

/**
 * Refuses a write that would make the store worse: an edit may not introduce
 * an integrity error the store did not already have (a dangling link, a
 * duplicate or badly formed name, a malformed SID, a cycle, a v2-only group
 * in a v1 store...), may not touch or link to an object whose GUID another
 * object shares, and new objects get canonical GUIDs (lowercase, no braces).
 * Problems the store already had are left alone: they are reported by
 * `validate`, not blocking unrelated edits. Nesting has its own rule
 * ({@link assertNestingLimit}). In steps (see `model/steps.ts`).
 *
 * @returns the integrity errors the store had before, which the edits leave as they are (for a warning).
 * @throws InvalidChangeError `AZMAN_ERR_CHANGE_INVALID_GUID`, `AZMAN_ERR_CHANGE_AMBIGUOUS_GUID`, `AZMAN_ERR_CHANGE_TOO_DEEP` or `AZMAN_ERR_CHANGE_BREAKS_INTEGRITY`.
 */
export function* safeEditSteps(before: PolicyStore, after: PolicyStore, edits: readonly PolicyEdit[]): Steps<Finding[]> {
  for (const edit of edits) {
    if (edit.type === 'create' && !CANONICAL_GUID.test(edit.object.guid)) {
      throw new InvalidChangeError('AZMAN_ERR_CHANGE_INVALID_GUID', `the new ${edit.kind} ${quote(edit.object.name)} has the GUID "${edit.object.guid}"; new GUIDs are lowercase, without braces`)
    }
  }
  assertUnambiguous(before, edits)
  yield
  if (mayDeepen(edits)) {
    assertNestingLimit(before, after)
    yield
  }
  // Nesting has its own rule: a shorter chain that is still too deep is no new problem.
  const existing = yield* existingFindings(before)
  const introduced = (yield* validateSteps(after, { nesting: false })).filter((f) => f.severity === 'error' && !existing.keys.has(key(f)))
  const first = introduced[0]
  if (first) {
    const more = introduced.length > 1 ? ` (and ${introduced.length - 1} more)` : ''
    throw new InvalidChangeError('AZMAN_ERR_CHANGE_BREAKS_INTEGRITY', `the change would break the store: ${first.code} ${formatPath(first.path)}: ${first.message}${more}`)
  }
  return [...existing.errors]
}

/** {@link safeEditSteps} run through, letting the event loop run other work every few milliseconds (for long-running processes). */
export async function assertSafeEditCooperatively(before: PolicyStore, after: PolicyStore, edits: readonly PolicyEdit[]): Promise<Finding[]> {
  return finishCooperatively(safeEditSteps(before, after, edits))
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
