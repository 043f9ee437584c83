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
  ['either of two tests', `permit (principal, action, resource) when { principal in Sid::"${A}" || principal in Sid::"${B}" };`, 'A B', true],
  ['a member and a non-member', `permit (principal, action, resource) when { principal in Sid::"${A}" && !(principal in Sid::"${B}") };`, 'A B', false],
  ['one is the principal itself', `permit (principal, action, resource) when { principal == Sid::"${A}" || principal in Sid::"${B}" };`, 'A B', false],
  ['one named in the scope', `permit (principal in Sid::"${A}", action, resource) when { principal in Sid::"${B}" };`, 'A B', false],
  ['both in the scope of two policies is not this one', `permit (principal in Sid::"${A}", action, resource);`, 'A B', false],
  ['neither named', `permit (principal, action, resource) when { principal in Sid::"${C}" };`, 'A B', true],
  ['one named, one not', `permit (principal, action, resource) when { principal in Sid::"${A}" };`, 'A B', false],
  [
    'nested chains, in another order',
    `permit (principal, action, resource) when { (principal in Sid::"${A}" && principal in Sid::"${C}") || (principal in Sid::"${C}" && principal in Sid::"${B}") };`,
    'A B',
    true,
  ],
  ['an operand that can fail keeps its order', `permit (principal, action, resource) when { principal in Sid::"${A}" || context.x == 1 || principal in Sid::"${B}" };`, 'A B', false],
  ['a string that looks like a SID is not one', `permit (principal, action, resource) when { principal in Sid::"${A}" || "${B}" == "x" };`, 'A B', false],
]

t.test('swapping two SIDs leaves a policy deciding alike only where it is symmetric in them', async (t) => {
  let checked = 0
  for (const [name, text, pair, alike] of cases) {
    const [a, b] = pair.split(' ').map((x) => ({ A, B, C })[x as 'A' | 'B' | 'C'] ?? '')
    t.equal(shape(text).swapsAlike(a ?? '', b ?? ''), alike, name)
    checked++
  }
  t.equal(checked, cases.length)
  t.equal(checked, 11)
})
