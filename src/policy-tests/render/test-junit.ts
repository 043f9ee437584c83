import { escapeControls } from '../../model/quote.js'
import { escapeAttribute, escapeText } from '../../xml/escape.js'
import type { TestRun } from '../outcome.js'
import { totals } from './test-text.js'

/** Text XML 1.0 can hold: control characters shown as escapes, noncharacters and lone surrogates replaced. */
function xmlSafe(text: string): string {
  return escapeControls(text).replace(/[\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
}

const attr = (text: string): string => escapeAttribute(xmlSafe(text))

/**
 * `azman test --format junit`: JUnit XML as CI servers read it
 * (`testsuites` > `testsuite` per test file > `testcase` per test, a
 * `failure` with the message and the proof). Every value is escaped.
 */
export function renderTestsJunit(runs: readonly TestRun[]): string {
  const { tests, failed } = totals(runs)
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="azman test" tests="${tests}" failures="${failed}" errors="0">`]
  for (const run of runs) {
    out.push(`  <testsuite name="${attr(run.file)}" tests="${run.tests.length}" failures="${run.failed}" errors="0" skipped="0">`)
    out.push(`    <properties><property name="store" value="${attr(run.store)}"/><property name="version" value="${attr(run.version)}"/></properties>`)
    for (const t of run.tests) {
      const open = `    <testcase name="${attr(t.name)}" classname="${attr(`${run.file} ${t.kind}`)}"`
      if (t.passed) {
        out.push(`${open}/>`)
        continue
      }
      const body = [`${t.at}: ${t.message ?? ''}`, ...t.details].map((l) => escapeText(xmlSafe(l))).join('\n')
      out.push(`${open}>`, `      <failure message="${attr(t.message ?? '')}" type="${attr(t.kind)}">${body}</failure>`, '    </testcase>')
    }
    out.push('  </testsuite>')
  }
  out.push('</testsuites>')
  return `${out.join('\n')}\n`
}
