import { InvalidChangeError } from '../errors/change-errors.js'
import { codePointLabel, firstNonXmlChar } from '../xml/escape.js'
import type { Change } from './change.js'
import { OBJECTS_PER_STEP, type Steps } from '../model/steps.js'

/**
 * Refuses, before anything is planned, a change set holding a string that an
 * AzMan store cannot hold: a character XML 1.0 has no form for (C0 controls
 * but TAB, LF and CR; U+FFFE, U+FFFF; an unpaired surrogate). Every string of
 * every change is checked, wherever it sits, so a field added later is
 * covered too. The error names the field (`$.changes[3].description`) and the
 * character, never the value. Walks iteratively: a change set is data from
 * outside. In steps of {@link OBJECTS_PER_STEP} changes (see `model/steps.ts`).
 */
export function* representableTextSteps(changes: readonly Change[]): Steps<void> {
  for (const [index, change] of changes.entries()) {
    assertChangeText(change, `$.changes[${index}]`)
    if ((index + 1) % OBJECTS_PER_STEP === 0) yield
  }
}

function assertChangeText(change: Change, at: string): void {
  const stack: { readonly value: unknown; readonly path: string }[] = [{ value: change, path: at }]
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value, path } = next
    if (typeof value === 'string') refuseNonXml(value, path)
    else if (Array.isArray(value)) for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i] as unknown, path: `${path}[${i}]` })
    else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value).reverse()) stack.push({ value: child as unknown, path: `${path}.${key}` })
    }
  }
}

function refuseNonXml(value: string, path: string): void {
  const bad = firstNonXmlChar(value)
  if (bad === undefined) return
  const what = bad.codePoint >= 0xd800 && bad.codePoint <= 0xdfff ? 'an unpaired surrogate' : 'a character'
  throw new InvalidChangeError(
    'AZMAN_ERR_CHANGE_INVALID_TEXT',
    `${path}: holds ${what} an AzMan store cannot hold (${codePointLabel(bad.codePoint)} at offset ${bad.offset}); XML 1.0 has no form for it`,
  )
}
