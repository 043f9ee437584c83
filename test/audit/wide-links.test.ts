/**
 * A very long link list, read from disk: a group that names another 200,000
 * times. The audit's walk of the groups a role assignment reaches spread the
 * list into one call (`push(...list)`) and overflowed the stack; it loops now.
 */
import t from 'tap'
import { AccessIndex } from '../../src/access/index.js'
import { assignmentFacts } from '../../src/access/assignment-facts.js'
import { application, g, group, operation, roleAssignment, store } from '../model/factories.js'

const N = 200_000
const USER = 'S-1-5-21-7-7-7-1001'

t.test('audit facts: a group whose member list names one group 200,000 times', async (t) => {
  const inner = group('Inner', { guid: g(10), members: [USER] })
  const wide = group('Wide', { guid: g(11), appMemberLinks: Array.from({ length: N }, () => inner.guid) })
  const read = operation('Read', '1', { guid: g(1) })
  const ra = roleAssignment('Readers', { guid: g(2), operationLinks: [read.guid], appMemberLinks: [wide.guid] })
  const s = store({ applications: [application('Wide', { guid: g(3), operations: [read], groups: [inner, wide], roleAssignments: [ra] })] })
  const facts = assignmentFacts(AccessIndex.build(s, 'Wide'), ra)
  t.same(
    facts.holders.map((h) => [h.sid, h.via, h.certainty]),
    [[USER, ['Wide', 'Inner'], 'certain']],
  )
})
