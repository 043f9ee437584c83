import { escapeControls } from '../../model/quote.js'
import type { TestRun } from '../outcome.js'

/** The total of several runs: how many tests, passed, failed. */
export function totals(runs: readonly TestRun[]): { tests: number; passed: number; failed: number } {
  const passed = runs.reduce((n, r) => n + r.passed, 0)
  const failed = runs.reduce((n, r) => n + r.failed, 0)
  return { tests: passed + failed, passed, failed }
}

/**
 * The text form of `azman test`: per file, a line per test (`ok` or
 * `FAIL`), each failure's message and proof indented below it, and a last
 * line with the counts. Names and messages are shown with control
 * characters escaped, so a test file cannot forge output lines.
 */
export function renderTestsText(runs: readonly TestRun[]): string {
  const out: string[] = []
  for (const run of runs) {
    out.push(`${escapeControls(run.file)} against ${escapeControls(run.store)} (${run.version})`)
    for (const t of run.tests) {
      out.push(`  ${t.passed ? 'ok  ' : 'FAIL'} ${escapeControls(t.name)}`)
      if (t.passed) continue
      out.push(`       ${t.at}: ${escapeControls(t.message ?? '')}`)
      for (const line of t.details) out.push(`         ${escapeControls(line)}`)
    }
    out.push('')
  }
  const { tests, passed, failed } = totals(runs)
  out.push(`${tests} test${tests === 1 ? '' : 's'}: ${passed} passed, ${failed} failed`)
  return `${out.join('\n')}\n`
}
