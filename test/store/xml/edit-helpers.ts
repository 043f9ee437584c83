import { readFileSync } from 'node:fs'
import { diffPolicies } from '../../../src/model/edit/diff-policies.js'
import type { Application, PolicyStore } from '../../../src/model/policy.js'
import { parseXmlStore, type ParsedXmlStore } from '../../../src/xml/policy/parse-xml-store.js'
import { writeEdits } from '../../../src/store/xml/write-edits.js'

export const root = new URL('../../../', import.meta.url).pathname
export const SAMPLES = {
  delegated: `${root}store-samples/hyperv-2008r2-delegated.xml`,
  r2: `${root}store-samples/hyperv-2008r2.xml`,
  /** Pretty-printed with two spaces, LF. */
  indented: `${root}test/fixtures/real-stores/ms-azmp-example-v2.xml`,
  /** AzMan-compact, LF (the source repository normalised CRLF). */
  compactLf: `${root}test/fixtures/real-stores/windows-sdk-asp-AzStore.xml`,
} as const

export interface Edited {
  readonly before: string
  readonly after: string
  readonly parsed: ParsedXmlStore
  readonly next: PolicyStore
  /** The policy the written text reads back as. */
  readonly reread: PolicyStore
}

/** Applies a change to a sample through the diff and the splicing writer. */
export function edit(file: string, change: (p: PolicyStore) => PolicyStore): Edited {
  const bytes = readFileSync(file)
  const parsed = parseXmlStore(bytes, file)
  const next = change(parsed.policy)
  const after = writeEdits(parsed.doc, parsed.index, parsed.layout, diffPolicies(parsed.policy, next))
  return { before: bytes.toString('utf8'), after, parsed, next, reread: parseXmlStore(Buffer.from(after, 'utf8')).policy }
}

/** `text` with `inserted` put at `at`: the whole expected output of an edit that only inserts. */
export function insertAt(text: string, at: number, inserted: string): string {
  return text.slice(0, at) + inserted + text.slice(at)
}

/** `text` with `[start, end)` replaced. */
export function replaceAt(text: string, start: number, end: number, replacement: string): string {
  return text.slice(0, start) + replacement + text.slice(end)
}

/** Offset of `needle` inside the element of the object with this GUID. */
export function offsetIn(parsed: ParsedXmlStore, guid: string, needle: string): number {
  const { start, end } = spanOf(parsed, guid)
  const at = parsed.doc.text.indexOf(needle, start)
  if (at === -1 || at >= end) throw new Error(`${needle} not inside ${guid}`)
  return at
}

/** The one region where two texts differ: `[start, beforeEnd)` in `before` became `[start, afterEnd)` in `after`. */
export function changedRegion(before: string, after: string): { start: number; beforeEnd: number; afterEnd: number; inserted: string; removed: string } {
  let start = 0
  while (start < before.length && start < after.length && before[start] === after[start]) start++
  let tail = 0
  while (tail < before.length - start && tail < after.length - start && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++
  return {
    start,
    beforeEnd: before.length - tail,
    afterEnd: after.length - tail,
    inserted: after.slice(start, after.length - tail),
    removed: before.slice(start, before.length - tail),
  }
}

/** The span of the element holding the object with this name, in the original text. */
export function spanOf(parsed: ParsedXmlStore, guid: string): { start: number; end: number } {
  const el = parsed.index.get(guid.toLowerCase())?.[0]
  if (!el) throw new Error(`no element for ${guid}`)
  return { start: el.start, end: el.end }
}

export function only<T>(items: readonly T[], what: (t: T) => boolean): T {
  const found = items.filter(what)
  if (found.length !== 1 || found[0] === undefined) throw new Error(`expected exactly one match, found ${found.length}`)
  return found[0]
}

export function app(p: PolicyStore, name?: string): Application {
  return only(p.applications, (a) => name === undefined || a.name === name)
}

/** Replaces the application with the given name. */
export function withApp(p: PolicyStore, change: (a: Application) => Application, name?: string): PolicyStore {
  const target = app(p, name)
  return { ...p, applications: p.applications.map((a) => (a === target ? change(a) : a)) }
}

export const NO_EXTRAS = { attributes: [], elements: [] } as const
