/**
 * Shared helpers of the change-set tests: the samples, lookups in a policy by
 * name, link resolution back to names (so a test checks that a link points at
 * the intended object, not just that some GUID was written), and store copies
 * in a test folder with the checks every write or refusal needs.
 */
import { changedRegion } from '../store/xml/edit-helpers.js'
import { readdirSync, readFileSync, statSync, utimesSync } from 'node:fs'
import { join } from 'node:path'
import type { Test } from 'tap'
import { applyChangeSet, type Applied } from '../../src/change-set/apply-changes.js'
import { applyChange, type Applied as AppliedOne } from '../../src/change-set/apply-change.js'
import type { Change } from '../../src/change-set/change.js'
import { planChanges, type Plan } from '../../src/change-set/plan.js'
import { AzmanError } from '../../src/errors/azman-error.js'
import { diffPolicies } from '../../src/model/edit/diff-policies.js'
import { validateStore } from '../../src/model/integrity/validate.js'
import { guidKey, type Application, type ApplicationGroup, type Operation, type PolicyStore, type RoleAssignment, type Scope, type Task } from '../../src/model/policy.js'
import type { StoreSnapshot } from '../../src/store/port.js'
import { parseXmlStore, type ParsedXmlStore } from '../../src/xml/policy/parse-xml-store.js'
import { XmlStore } from '../../src/store/xml/xml-store.js'

export const root = new URL('../../', import.meta.url).pathname
export const SAMPLE = {
  delegated: `${root}store-samples/hyperv-2008r2-delegated.xml`,
  r2: `${root}store-samples/hyperv-2008r2.xml`,
  v2008: `${root}store-samples/hyperv-2008.xml`,
} as const

export const APP = 'Hyper-V services'
/** BUILTIN\Administrators. */
export const ADMINS = 'S-1-5-32-544'
/** A SID of the samples' fictitious domain, by relative ID. */
export const user = (rid: number): string => `S-1-5-21-1004336348-1177238915-682003330-${rid}`

/** Fixed GUIDs for new objects: `aaaaaaaa-0000-4000-8000-0000000000NN`. */
export function fixedGuids(count = 16): string[] {
  return Array.from({ length: count }, (_, i) => `aaaaaaaa-0000-4000-8000-${(i + 1).toString(16).padStart(12, '0')}`)
}
export const GUID = fixedGuids()
export const guidAt = (i: number): string => GUID[i] ?? ''

export function parsedSample(file: string = SAMPLE.delegated): ParsedXmlStore {
  return parseXmlStore(readFileSync(file), file)
}

export function snapshotOf(file: string = SAMPLE.delegated): StoreSnapshot {
  const { policy, version } = parsedSample(file)
  return { policy, version }
}

/**
 * Plans a change set on a sample, new objects getting the fixed GUIDs in order. Broad principals are allowed
 * (these tests are about what each change does; the guard against them has its own tests, broad-guard.test.ts).
 */
export function planOn(changes: readonly Change[], options: { file?: string; force?: boolean; guids?: readonly string[] } = {}): { plan: Plan; policy: PolicyStore } {
  return planChanges(snapshotOf(options.file), { changes }, { store: 'sample.xml', guids: options.guids ?? GUID, force: options.force === true, allowBroad: true })
}

/** Applies one change to a policy, new objects getting the fixed GUIDs in order. */
export function applyOne(policy: PolicyStore, change: Change, guids: readonly string[] = GUID): AppliedOne {
  const given = [...guids]
  return applyChange(policy, change, { newGuid: () => given.shift() ?? 'out-of-guids' })
}

/** Freezes a value and everything in it, so a mutation throws (ES modules are strict). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}

// --- Lookups by name (exact), failing loudly -------------------------------------------------

function one<T>(items: readonly T[], what: string, match: (t: T) => boolean): T {
  const found = items.filter(match)
  if (found.length !== 1 || found[0] === undefined) throw new Error(`expected exactly one ${what}, found ${found.length}`)
  return found[0]
}

export function hyperV(p: PolicyStore): Application {
  return one(p.applications, `application ${APP}`, (a) => a.name === APP)
}

export function scopeNamed(p: PolicyStore, name: string): Scope {
  return one(hyperV(p).scopes, `scope ${name}`, (s) => s.name === name)
}

export function hasScope(p: PolicyStore, name: string): boolean {
  return hyperV(p).scopes.some((s) => s.name === name)
}

/** Tasks, role assignments and groups of the application level, or of a scope. */
function place(p: PolicyStore, scope?: string): { tasks: readonly Task[]; roleAssignments: readonly RoleAssignment[]; groups: readonly ApplicationGroup[] } {
  return scope === undefined ? hyperV(p) : scopeNamed(p, scope)
}

export function taskNamed(p: PolicyStore, name: string, scope?: string): Task {
  return one(place(p, scope).tasks, `task ${name}`, (x) => x.name === name)
}

export function hasTask(p: PolicyStore, name: string, scope?: string): boolean {
  return place(p, scope).tasks.some((x) => x.name.toLowerCase() === name.toLowerCase())
}

export function raNamed(p: PolicyStore, name: string, scope?: string): RoleAssignment {
  return one(place(p, scope).roleAssignments, `role assignment ${name}`, (r) => r.name === name)
}

export function hasRa(p: PolicyStore, name: string, scope?: string): boolean {
  return place(p, scope).roleAssignments.some((r) => r.name.toLowerCase() === name.toLowerCase())
}

/** A group of the application (default), of a scope, or of the store (`'store'`). */
export function groupNamed(p: PolicyStore, name: string, where?: { scope: string } | 'store'): ApplicationGroup {
  const groups = where === 'store' ? p.groups : where === undefined ? hyperV(p).groups : scopeNamed(p, where.scope).groups
  return one(groups, `group ${name}`, (g) => g.name === name)
}

export function hasGroup(p: PolicyStore, name: string, where?: { scope: string } | 'store'): boolean {
  const groups = where === 'store' ? p.groups : where === undefined ? hyperV(p).groups : scopeNamed(p, where.scope).groups
  return groups.some((g) => g.name.toLowerCase() === name.toLowerCase())
}

export function opById(p: PolicyStore, id: number): Operation {
  return one(hyperV(p).operations, `operation ${id}`, (o) => o.operationId.trim() === String(id))
}

export function opNamed(p: PolicyStore, name: string): Operation {
  return one(hyperV(p).operations, `operation ${name}`, (o) => o.name === name)
}

// --- Links back to what they point at --------------------------------------------------------

/** The OperationIDs of operation links, ascending; a link to no operation of the application throws. */
export function opIds(p: PolicyStore, links: readonly string[]): number[] {
  return links
    .map((l) => {
      const op = hyperV(p).operations.find((o) => guidKey(o.guid) === guidKey(l))
      if (!op) throw new Error(`operation link ${l} points at no operation`)
      return Number(op.operationId)
    })
    .sort((a, b) => a - b)
}

/** Names of the tasks and role definitions task links point at, visible from a place, sorted. */
export function taskNames(p: PolicyStore, links: readonly string[], scope?: string): string[] {
  const visible = [...(scope === undefined ? [] : scopeNamed(p, scope).tasks), ...hyperV(p).tasks]
  return links
    .map((l) => {
      const target = visible.find((x) => guidKey(x.guid) === guidKey(l))
      if (!target) throw new Error(`task link ${l} points at no visible task`)
      return target.name
    })
    .sort()
}

/** Names of the groups app-member links point at, visible from a place (or from the store), sorted. */
export function groupNames(p: PolicyStore, links: readonly string[], where?: { scope: string } | 'store'): string[] {
  const visible = [...(where === undefined || where === 'store' ? [] : scopeNamed(p, where.scope).groups), ...(where === 'store' ? [] : hyperV(p).groups), ...p.groups]
  return links
    .map((l) => {
      const target = visible.find((g) => guidKey(g.guid) === guidKey(l))
      if (!target) throw new Error(`group link ${l} points at no visible group`)
      return target.name
    })
    .sort()
}

/** Every operation a task grants through its links and nested tasks (cycles cut), as sorted OperationIDs. */
export function expandedOpIds(p: PolicyStore, task: Task, scope?: string): number[] {
  const visible = [...(scope === undefined ? [] : scopeNamed(p, scope).tasks), ...hyperV(p).tasks]
  const out = new Set<number>()
  const seen = new Set<string>()
  const stack: Task[] = [task]
  while (stack.length > 0) {
    const next = stack.pop()
    if (!next || seen.has(guidKey(next.guid))) continue
    seen.add(guidKey(next.guid))
    for (const id of opIds(p, next.operationLinks)) out.add(id)
    for (const l of next.taskLinks) {
      const nested = visible.find((x) => guidKey(x.guid) === guidKey(l))
      if (nested) stack.push(nested)
    }
  }
  return [...out].sort((a, b) => a - b)
}

// --- Store copies on disk --------------------------------------------------------------------

/** A time long past, given to copies so that any rewrite shows in the modification time. */
const OLD = new Date('2001-02-03T04:05:06Z')

export interface StoreCopy {
  readonly dir: string
  readonly path: string
  readonly store: XmlStore
  readonly bytes: Buffer
  readonly mtimeMs: number
}

export function copyOf(t: Test, file: string = SAMPLE.delegated): StoreCopy {
  const bytes = readFileSync(file)
  const dir = t.testdir({ 'store.xml': bytes })
  const path = join(dir, 'store.xml')
  utimesSync(path, OLD, OLD)
  return { dir, path, store: new XmlStore(path), bytes, mtimeMs: statSync(path).mtimeMs }
}

/** Files in the copy's folder and below (journal, version archive), lock files aside (a writer may keep one). */
function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((n) => !/lock/i.test(n))
    .sort()
}

/** What a write would change: the bytes, the modification time, the files next to the store, the journal. */
export interface StoreState {
  readonly bytes: Buffer
  readonly mtimeMs: number
  readonly files: readonly string[]
  readonly journal: number
}

export async function stateOf(copy: StoreCopy): Promise<StoreState> {
  return { bytes: readFileSync(copy.path), mtimeMs: statSync(copy.path).mtimeMs, files: listing(copy.dir), journal: (await copy.store.history()).length }
}

/**
 * Nothing was written since `state` (by default: since the copy was made): same bytes, same
 * modification time, no new file next to the store (journal, temporary file), no journal entry.
 */
export async function assertUntouched(t: Test, copy: StoreCopy, what = 'the store', state?: StoreState): Promise<void> {
  const was = state ?? { bytes: copy.bytes, mtimeMs: copy.mtimeMs, files: ['store.xml'], journal: 0 }
  t.ok(readFileSync(copy.path).equals(was.bytes), `${what}: bytes unchanged`)
  t.equal(statSync(copy.path).mtimeMs, was.mtimeMs, `${what}: modification time unchanged (not rewritten)`)
  t.same(listing(copy.dir), was.files, `${what}: no new journal or temporary file next to it`)
  t.equal((await copy.store.history()).length, was.journal, `${what}: no new journal entry`)
}

export interface AppliedOnFile {
  readonly copy: StoreCopy
  readonly applied: Applied
  /** The original text and its parse (spans of every object). */
  readonly before: string
  readonly parsed: ParsedXmlStore
  readonly after: string
  /** The policy the written file reads as. */
  readonly reread: PolicyStore
}

/**
 * Applies a change set through XmlStore and applyChangeSet on a copy of a
 * sample, and checks what every write must satisfy: the file validates, it
 * reads back as exactly the planned policy, and the written edits are the
 * planned ones. Broad principals are allowed, as in {@link planOn}.
 */
export async function applyOnFile(t: Test, changes: readonly Change[], options: { file?: string; force?: boolean } = {}): Promise<AppliedOnFile> {
  const copy = copyOf(t, options.file)
  const parsed = parseXmlStore(copy.bytes)
  const applied = await applyChangeSet(copy.store, { changes }, { actor: 'test', reason: 'change-set tests', force: options.force === true, allowBroad: true })
  const afterBytes = readFileSync(copy.path)
  const reread = parseXmlStore(afterBytes).policy
  const errors = validateStore(reread).filter((f) => f.severity === 'error')
  t.same(
    errors.map((f) => `${f.code} ${f.message}`),
    [],
    'the written store validates',
  )
  const replay = planChanges({ policy: parsed.policy, version: parsed.version }, { changes }, { store: 'replay', guids: applied.plan.guids, force: options.force === true, allowBroad: true })
  t.same(diffPolicies(reread, replay.policy), [], 'the file reads back as exactly the planned policy')
  t.same(applied.result.edits, applied.plan.edits, 'the edits written are the planned edits')
  return { copy, applied, before: copy.bytes.toString('utf8'), parsed, after: afterBytes.toString('utf8'), reread }
}

/** The start of the element of the object with this GUID, and its end, in the original text. */
export function spanOf(parsed: ParsedXmlStore, guid: string): { start: number; end: number } {
  const el = parsed.index.get(guid.toLowerCase())?.[0]
  if (!el) throw new Error(`no element for ${guid}`)
  return { start: el.start, end: el.end }
}

/** Where the closing tag of the element with this GUID starts (new children are appended there). */
export function closeTagOf(parsed: ParsedXmlStore, guid: string, tag: string): number {
  const { end } = spanOf(parsed, guid)
  const close = `</${tag}>`
  const at = parsed.doc.text.lastIndexOf(close, end)
  if (at === -1 || at + close.length !== end) throw new Error(`${guid} does not end with ${close}`)
  return at
}

/** Every changed byte lies inside the element of the object with this GUID (in the original text). */
export function assertChangedOnlyInside(t: Test, e: { before: string; after: string; parsed: ParsedXmlStore }, guid: string, what: string): void {
  const region = changedRegion(e.before, e.after)
  const span = spanOf(e.parsed, guid)
  t.ok(region.start >= span.start && region.beforeEnd <= span.end, `only the bytes of ${what} changed (changed [${region.start}, ${region.beforeEnd}), element [${span.start}, ${span.end}))`)
}

export function insertAt(text: string, at: number, inserted: string): string {
  return text.slice(0, at) + inserted + text.slice(at)
}

export function replaceAt(text: string, start: number, end: number, replacement: string): string {
  return text.slice(0, start) + replacement + text.slice(end)
}

// --- Refusals --------------------------------------------------------------------------------

export interface Refusal {
  readonly code: string
  /** 4 for AZMAN_ERR_CHANGE_*, 5 for AZMAN_ERR_CONFLICT_*. */
  readonly exitCode: number
  /** The error class. */
  readonly type: abstract new (...args: never[]) => AzmanError
  /** What the message must say: the offending name or value, and where. */
  readonly message: readonly (RegExp | string)[]
}

/** Awaits a promise that must fail with an azman error of this class, code and exit code, and returns the error. */
export async function refused(t: Test, promise: Promise<unknown>, expected: Refusal): Promise<AzmanError | undefined> {
  let error: unknown
  try {
    await promise
  } catch (e) {
    error = e
  }
  if (!(error instanceof AzmanError)) {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- whatever was thrown, as String() shows it
    t.fail(`expected ${expected.code}, got ${error === undefined ? 'success' : String(error)}`)
    return undefined
  }
  t.type(error, expected.type, `an ${expected.type.name}`)
  t.equal(error.code, expected.code, 'code')
  t.equal(error.exitCode, expected.exitCode, 'exit code')
  for (const m of expected.message) {
    if (typeof m === 'string') t.ok(error.message.includes(m), `the message names ${m}: ${error.message}`)
    else t.match(error.message, m, `the message says ${String(m)}`)
  }
  t.notMatch(error.message, /\n/, 'the message is one line')
  return error
}

/** Applies a change set to a copy of a sample through applyChangeSet; it must be refused and leave the file as it was. */
export async function refusedOnFile(t: Test, changes: readonly Change[], expected: Refusal, options: { file?: string; force?: boolean } = {}): Promise<AzmanError | undefined> {
  const copy = copyOf(t, options.file)
  const error = await refused(t, applyChangeSet(copy.store, { changes }, { actor: 'test', force: options.force === true }), expected)
  await assertUntouched(t, copy)
  return error
}
