import { stringify } from 'yaml'
import { escapeControls } from '../../model/quote.js'
import type { TestRun } from '../outcome.js'
import { totals } from './test-text.js'

/** A test point's description: one line, `#` and `\` escaped (TAP 14 reads an unescaped `#` as a directive). */
function description(name: string): string {
  return escapeControls(name).replace(/\\/g, '\\\\').replace(/#/g, '\\#')
}

/** A YAML diagnostic block, indented two spaces, between `---` and `...`. */
function diagnostic(fields: Readonly<Record<string, unknown>>): string[] {
  const yaml = stringify(fields, { lineWidth: 0 }).trimEnd()
  return ['  ---', ...yaml.split('\n').map((l) => `  ${l}`), '  ...']
}

/**
 * `azman test --format tap`: TAP version 14 (https://testanything.org/tap-version-14-specification.html),
 * one test point per test across all files (a comment line names each file),
 * a failure's message, JSON path, kind and proof in its YAML diagnostic block.
 */
export function renderTestsTap(runs: readonly TestRun[]): string {
  const out = ['TAP version 14', `1..${totals(runs).tests}`]
  let n = 0
  for (const run of runs) {
    out.push(`# ${escapeControls(run.file)} against ${escapeControls(run.store)} (${run.version})`)
    for (const t of run.tests) {
      n++
      out.push(`${t.passed ? 'ok' : 'not ok'} ${n} - ${description(t.name)}`)
      if (!t.passed) out.push(...diagnostic({ message: t.message ?? '', at: t.at, kind: t.kind, file: run.file, details: t.details.join('\n') }))
    }
  }
  return `${out.join('\n')}\n`
}
