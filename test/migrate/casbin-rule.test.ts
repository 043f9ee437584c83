/** A Casbin row's rule read back in the form azman writes it (src/migrate/casbin/casbin-rule.ts). */
import t from 'tap'
import { CasbinRule } from '../../src/migrate/casbin/casbin-rule.js'
import { casbinCondition } from '../../src/migrate/casbin/export-casbin.js'

const A = 'S-1-5-21-1-2-3-1001'
const B = 'S-1-5-21-1-2-3-1002'
const C = 'S-1-5-32-544'
const atom = (s: string) => `regexMatch(r.sub, '(^|,)${s}(,|$)')`

t.test('every form the exporter writes is read, with the SIDs it tests', async (t) => {
  const written = [
    casbinCondition({ kind: 'sid', sid: A }),
    casbinCondition({
      kind: 'or',
      items: [
        { kind: 'sid', sid: A },
        { kind: 'sid', sid: B },
        { kind: 'not', item: { kind: 'sid', sid: C } },
      ],
    }),
    casbinCondition({
      kind: 'and',
      items: [
        { kind: 'sid', sid: A },
        {
          kind: 'not',
          item: {
            kind: 'or',
            items: [
              { kind: 'sid', sid: B },
              { kind: 'sid', sid: C },
            ],
          },
        },
      ],
    }),
    casbinCondition({ kind: 'const', value: true }),
  ]
  const sids = written.map((w) => {
    const rule = CasbinRule.parse(w)
    t.ok(rule, w)
    return [...(rule?.sids ?? [])].sort()
  })
  t.same(sids, [[A], [A, B, C], [A, B, C], []])
})

t.test('a rule in any other form is not read (the comparison then asks every case of its place)', async (t) => {
  const edited = [
    `r.sub == '${A}'`,
    `regexMatch(r.sub, 'S-1-5-21-.*')`,
    `regexMatch(r.sub, '(^|,)${A}(,|$)') || keyMatch(r.sub, '*')`,
    `${atom(A)} &&`,
    `(${atom(A)}`,
    `${atom(A)} ${atom(B)}`,
    `regexMatch(r.dom, '(^|,)${A}(,|$)')`,
    '',
  ]
  for (const e of edited) t.equal(CasbinRule.parse(e), undefined, JSON.stringify(e))
  t.equal(edited.length, 8)
})

t.test('SIDs are alike in a rule only when the same atoms name them', async (t) => {
  const alike = (rule: string, a: string, b: string) => {
    const classes = CasbinRule.parse(rule)?.classes
    return classes?.get(a) !== undefined && classes.get(a) === classes.get(b)
  }
  t.equal(alike(`regexMatch(r.sub, '(^|,)(${A}|${B})(,|$)')`, A, B), true, 'one alternation')
  t.equal(alike(`regexMatch(r.sub, '(^|,)(${A}|${B})(,|$)') && !regexMatch(r.sub, '(^|,)(${B}|${C}|${A})(,|$)')`, A, B), true, 'the same two alternations')
  t.equal(alike(`${atom(A)} || ${atom(B)}`, A, B), false, 'each alone: asked apart')
  t.equal(alike(`${atom(A)} && !(${atom(B)})`, A, B), false, 'a member and a non-member')
  t.equal(alike(`regexMatch(r.sub, '(^|,)(${A}|${B})(,|$)') || ${atom(A)}`, A, B), false, 'one named once more')
  t.equal(alike(`${atom(C)}`, A, B), false, 'neither named: no class here (the place labels them)')
})
