/**
 * An accessibility scan of a page with axe-core, run in the page through the
 * browser's debugging protocol (not a script tag, which the console's CSP refuses).
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** A violation as the tests report it: the rule, its impact and the first few elements it names. */
export interface Violation {
  readonly id: string
  readonly impact: string | null
  readonly targets: readonly string[]
}

/** The serious and critical violations axe-core finds on the page as it is now. */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(`${AXE_SOURCE};undefined`)
  const found = await page.evaluate<{ id: string; impact: string | null; nodes: { target: string[] }[] }[]>(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, nodes: v.nodes.map((n) => ({ target: n.target.map(String) })) })))`,
  )
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 5).flatMap((n) => n.target) }))
}
