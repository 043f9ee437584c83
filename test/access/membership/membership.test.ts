import t from 'tap'
import { AccessIndex, makeToken } from '../../../src/access/index.js'
import { AccessLimitError } from '../../../src/access/access-errors.js'
import { ApplicationContext } from '../../../src/access/index/application-context.js'
import { MembershipCompiler } from '../../../src/access/membership/compile-membership.js'
import { GroupGraph } from '../../../src/access/membership/group-links.js'
import { MAYBE, NO, YES } from '../../../src/access/tri.js'
import type { ApplicationGroup } from '../../../src/model/policy.js'
import { application, g, group, store } from '../../model/factories.js'

function compile(groups: ApplicationGroup[], limit = 1000) {
  const app = application('App', { groups })
  const context = new ApplicationContext(store({ applications: [app] }), app)
  return new MembershipCompiler(context, new GroupGraph(context), limit)
}

t.test('basic groups: members minus non-members, nested, three-valued', async (t) => {
  const inner = group('Inner', { guid: g(1), members: ['S-1-5-21-1-1-1-1', 'S-1-5-21-1-1-1-2'], nonMembers: ['S-1-5-21-1-1-1-2'] })
  const ldap = group('Ldap', { guid: g(2), groupType: 'LdapQuery', ldapQuery: '(x=y)' })
  const outer = group('Outer', { guid: g(3), appMemberLinks: [g(1), g(2)], appNonMemberLinks: [g(4)], members: ['s-1-5-21-1-1-1-5'] })
  const banned = group('Banned', { guid: g(4), appMemberLinks: [g(5)] })
  const runTimeBan = group('Run-time ban', { guid: g(5), groupType: 'Bizrule', language: 'JScript', script: 'x' })
  const compiler = compile([inner, ldap, outer, banned, runTimeBan])
  const m = compiler.group(outer)
  const has = (...sids: string[]) => m.evaluate(makeToken(sids))
  t.equal(compiler.group(inner).evaluate(makeToken(['S-1-5-21-1-1-1-1'])), YES)
  t.equal(compiler.group(inner).evaluate(makeToken(['S-1-5-21-1-1-1-2'])), NO, 'non-member')
  t.equal(compiler.group(inner).evaluate(makeToken(['S-1-5-21-1-1-1-1', 'S-1-5-21-1-1-1-2'])), NO, 'non-membership beats membership')
  t.equal(has('S-1-5-21-1-1-1-1'), MAYBE, 'a non-member group decided at run time makes it conditional')
  t.equal(has('S-1-5-21-1-1-1-5'), MAYBE, 'lower-case member SID read in canonical form')
  t.equal(has(), MAYBE, 'the nested LDAP group: anyone, conditionally')
  t.equal(compiler.group(ldap).evaluate(makeToken([])), MAYBE)
  t.ok([...m.terms()].length >= 3)
})

t.test('diamonds do not multiply terms; adversarial nesting hits the limit', async (t) => {
  // Ten levels, each holding the level below twice (through two groups) and one non-member: 2^10 paths.
  const groups: ApplicationGroup[] = [group('L0', { guid: g(1000), members: ['S-1-5-21-1-1-1-1'] })]
  for (let level = 1; level <= 10; level++) {
    const below = g(1000 + (level - 1) * 3)
    groups.push(group(`L${level}a`, { guid: g(1000 + level * 3 - 2), appMemberLinks: [below], nonMembers: [`S-1-5-21-2-2-2-${level}`] }))
    groups.push(group(`L${level}b`, { guid: g(1000 + level * 3 - 1), appMemberLinks: [below], nonMembers: [`S-1-5-21-3-3-3-${level}`] }))
    groups.push(group(`L${level}`, { guid: g(1000 + level * 3), appMemberLinks: [g(1000 + level * 3 - 2), g(1000 + level * 3 - 1)] }))
  }
  const top = groups[groups.length - 1]
  if (!top) throw new Error('no group')
  t.throws(() => compile(groups, 500).group(top), AccessLimitError)
  t.throws(() => compile(groups, 500).group(top), { code: 'AZMAN_ERR_ACCESS_TOO_COMPLEX', exitCode: 2 })
  const m = compile(groups, 5000).group(top)
  t.equal(m.termCount, 1024, 'each path keeps its own exclusions')
  t.equal(m.evaluate(makeToken(['S-1-5-21-1-1-1-1'])), YES)

  const plain = [group('P0', { guid: g(2000), members: ['S-1-5-21-1-1-1-1'] })]
  for (let level = 1; level <= 20; level++) {
    plain.push(group(`P${level}a`, { guid: g(2000 + level * 3 - 2), appMemberLinks: [g(2000 + (level - 1) * 3)] }))
    plain.push(group(`P${level}b`, { guid: g(2000 + level * 3 - 1), appMemberLinks: [g(2000 + (level - 1) * 3)] }))
    plain.push(group(`P${level}`, { guid: g(2000 + level * 3), appMemberLinks: [g(2000 + level * 3 - 2), g(2000 + level * 3 - 1)] }))
  }
  const last = plain[plain.length - 1]
  if (!last) throw new Error('no group')
  t.equal(compile(plain, 10).group(last).termCount, 1, 'without exclusions, 2^20 paths are one term')
})

t.test('AccessIndex.build reports the limit as an AzmanError', async (t) => {
  const groups = [group('A', { guid: g(1), members: ['S-1-5-21-1-1-1-1', 'S-1-5-21-1-1-1-2', 'S-1-5-21-1-1-1-3'] })]
  const app = application('App', {
    groups,
    roleAssignments: [{ guid: g(9), name: 'R', taskLinks: [], operationLinks: [], appMemberLinks: [g(1)], members: [], extras: { attributes: [], elements: [] } }],
  })
  t.throws(() => AccessIndex.build(store({ applications: [app] }), 'App', { termLimit: 2 }), { code: 'AZMAN_ERR_ACCESS_TOO_COMPLEX' })
})
