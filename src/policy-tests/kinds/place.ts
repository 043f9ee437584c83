import { quote } from '../../model/quote.js'
import { operationText } from '../../access/explain/proof-text.js'
import type { AccessIndex } from '../../access/index/access-index.js'

/** `the application level` or `scope "Lab VMs"`. */
export function placeText(scope: string | null | undefined): string {
  return scope === null || scope === undefined || scope === '' ? 'the application level' : `scope ${quote(scope)}`
}

/** `at the application level` or `in scope "Lab VMs"`: where a test looks, in a sentence. */
export function atPlace(scope: string | null | undefined): string {
  return scope === null || scope === undefined || scope === '' ? 'at the application level' : `in ${placeText(scope)}`
}

/** An operation of an index as text: `315 "Start Virtual Machine"`. */
export function opText(index: AccessIndex, op: number): string {
  return operationText(index.context.operations.ref(op))
}

/** A list of items, `a, b and 3 more` past a few. */
export function listText(items: readonly string[], most = 5): string {
  return items.length <= most ? items.join(', ') : `${items.slice(0, most).join(', ')} and ${items.length - most} more`
}
