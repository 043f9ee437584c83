/** Which SIDs a Cedar policy treats alike: the canonical text under a swap (src/migrate/cedar/cedar-policy-shape.ts). */
import t from 'tap'
import * as cedar from '@cedar-policy/cedar-wasm/nodejs'
import { CedarPolicyShape } from '../../src/migrate/cedar/cedar-policy-shape.js'

function shape(text: string): CedarPolicyShape {
  const json = cedar.policyToJson(text)
  if (json.type === 'failure') throw new Error(json.errors.map((e) => e.message).join('; '))
  return new CedarPolicyShape(json.json)
}

const A = 'S-1-5-21-1-2-3-1001'
const B = 'S-1-5-21-1-2-3-1002'
const C = 'S-1-5-21-1-2-3-1003'

t.test('the SIDs and actions a policy names, wherever it names them', async (t) => {
  const p = shape(`permit (principal in Sid::"${A}", action in [Action::"role:R"], resource) when { principal in [Sid::"${B}"] && !(principal == Sid::"${C}") };`)
  t.same([...p.sids].sort(), [A, B, C])
  t.same([...p.actions], ['role:R'])
})

const cases: [string, string, string, boolean][] = [
  ['members of one set', `permit (principal, action, resource) when { principal in [Sid::"${A}", Sid::"${B}"] };`, 'A B', true],
  ['members of the same two sets', `permit (principal, action, resource) when { principal in [Sid::"${A}", Sid::"${B}"] && !(principal in [Sid::"${C}", Sid::"${B}", Sid::"${A}"]) };`, 'A B', true],
  ['each alone (a finer class: asked apart, never merged wrongly)', `permit (principal, action, resource) when { principal in Sid::"${A}" || principal in Sid::"${B}" };`, 'A B', false],
  ['a member and a non-member', `permit (principal, action, resource) when { principal in Sid::"${A}" && !(principal in Sid::"${B}") };`, 'A B', false],
  ['in different sets', `permit (principal, action, resource) when { principal in [Sid::"${A}", Sid::"${C}"] && principal in [Sid::"${B}", Sid::"${C}"] };`, 'A B', false],
  ['one in a set and also the principal itself', `permit (principal, action, resource) when { principal in [Sid::"${A}", Sid::"${B}"] || principal == Sid::"${A}" };`, 'A B', false],
  ['one also in the scope', `permit (principal in Sid::"${A}", action, resource) when { principal in [Sid::"${A}", Sid::"${B}"] };`, 'A B', false],
  ['a set inside any expression is still a constant', `permit (principal, action, resource) when { if context.x then principal in [Sid::"${A}", Sid::"${B}"] else false };`, 'A B', true],
  ['one named, one not', `permit (principal, action, resource) when { principal in [Sid::"${A}", Sid::"${C}"] };`, 'A B', false],
]

t.test('SIDs are alike in a policy only when named by the same constant sets and nowhere else', async (t) => {
  let checked = 0
  for (const [name, text, pair, alike] of cases) {
    const [a, b] = pair.split(' ').map((x) => ({ A, B, C })[x as 'A' | 'B' | 'C'] ?? '')
    const classes = shape(text).sidClasses()
    t.equal(classes.get(a ?? '') !== undefined && classes.get(a ?? '') === classes.get(b ?? ''), alike, name)
    checked++
  }
  t.equal(checked, cases.length)
  t.equal(checked, 9)
})
