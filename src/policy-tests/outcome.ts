import type { TestKind } from './schema/test-file.js'

/** The answer of one test. */
export interface TestOutcome {
  /** The test's name, as the file gives it. */
  readonly name: string
  /** Where the test is in its file: `$.tests[3]`. */
  readonly at: string
  readonly kind: TestKind
  readonly passed: boolean
  /** What failed, in one line; null when the test passed. */
  readonly message: string | null
  /** azman's proof or counterexample, as text lines (at most a few dozen); empty when the test passed. */
  readonly details: readonly string[]
}

/** The answers of one test file against one store. */
export interface TestRun {
  /** The test file, as it was named. */
  readonly file: string
  /** The store, as it was named (credentials redacted). */
  readonly store: string
  /** The store's version the tests ran against. */
  readonly version: string
  readonly passed: number
  readonly failed: number
  readonly tests: readonly TestOutcome[]
}

/** How many proofs or counterexamples one failure shows in full; the rest are counted. */
export const SHOWN = 10

/** A passed outcome. */
export function pass(name: string, at: string, kind: TestKind): TestOutcome {
  return { name, at, kind, passed: true, message: null, details: [] }
}

/** A failed outcome with its message and details. */
export function fail(name: string, at: string, kind: TestKind, message: string, details: readonly string[]): TestOutcome {
  return { name, at, kind, passed: false, message, details }
}

/** The first {@link SHOWN} items mapped to lines, and a line counting the rest. */
export function shownLines<T>(items: readonly T[], lines: (item: T) => readonly string[]): string[] {
  const out = items.slice(0, SHOWN).flatMap(lines)
  if (items.length > SHOWN) out.push(`... and ${items.length - SHOWN} more`)
  return out
}
