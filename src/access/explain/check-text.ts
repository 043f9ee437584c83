import type { AccessResult } from './explain-access.js'
import { becauseLines, operationText } from './proof-text.js'
import { whyNotLines } from './why-not-text.js'

/** The text form of `azman check`. */
export function renderCheck(results: readonly AccessResult[], where: string): string {
  const out: string[] = []
  for (const r of results) {
    out.push(`${operationText(r.operation)} in ${where}: ${r.decision.toUpperCase()}`)
    if (r.decision === 'denied' && !r.because.some((b) => b.type === 'excluded')) out.push('  no role assignment at application level or in this scope grants it to these SIDs')
    for (const b of r.because) for (const line of becauseLines(b, '  ')) out.push(line)
    if (r.whyNot !== undefined) out.push(...whyNotLines(r.whyNot, '  '))
  }
  return `${out.join('\n')}\n`
}
