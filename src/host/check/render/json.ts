import type { HostReport } from '../host-report.js'

/**
 * The host report as JSON, indented by 2 with a final line break, exactly as
 * `JSON.stringify(report, null, 2)` writes it, but a finding at a time: a
 * fleet's report can hold hundreds of thousands of findings, and its text is
 * never held whole.
 */
export function* hostReportJson(report: HostReport): Generator<string> {
  let first = true
  for (const [key, value] of Object.entries(report) as [string, unknown][]) {
    if (value === undefined) continue
    yield `${first ? '{' : ','}\n  ${JSON.stringify(key)}: `
    first = false
    if (key === 'findings' && Array.isArray(value) && value.length > 0) yield* arrayItems(value)
    else yield indented(JSON.stringify(value, null, 2), '  ')
  }
  yield first ? '{}\n' : '\n}\n'
}

function* arrayItems(items: readonly unknown[]): Generator<string> {
  for (let i = 0; i < items.length; i++) yield `${i === 0 ? '[' : ','}\n    ${indented(JSON.stringify(items[i], null, 2), '    ')}`
  yield '\n  ]'
}

/** JSON text nested `pad` deeper (JSON strings hold no raw line breaks, so every `\n` starts a line). */
function indented(json: string, pad: string): string {
  return json.replace(/\n/g, `\n${pad}`)
}
