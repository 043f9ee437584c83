/**
 * A group still linked by 200,000 role assignments (a store read from disk):
 * deleting it is refused, naming some of them. The list of linkers was spread
 * into one call (`push(...list)`) and overflowed the stack; it loops now.
 */
import t from 'tap'
import { applyChange } from '../../src/change-set/apply-change.js'
import { InvalidChangeError } from '../../src/errors/change-errors.js'
import { application, g, group, roleAssignment, store } from '../model/factories.js'

const N = 200_000
const USER = 'S-1-5-21-7-7-7-1001'

t.test('delete-group: 200,000 role assignments still link it', async (t) => {
  const held = group('Held', { guid: g(20), members: [USER] })
  const roleAssignments = Array.from({ length: N }, (_, i) => roleAssignment(`R${i}`, { guid: g(100 + i), appMemberLinks: [held.guid] }))
  const s = store({ applications: [application('Wide', { guid: g(3), groups: [held], roleAssignments })] })
  t.throws(() => applyChange(s, { type: 'delete-group', app: 'Wide', name: 'Held' }, { newGuid: () => g(99) }), { code: 'AZMAN_ERR_CHANGE_STILL_LINKED' })
  try {
    applyChange(s, { type: 'delete-group', app: 'Wide', name: 'Held' }, { newGuid: () => g(99) })
  } catch (error) {
    t.ok(error instanceof InvalidChangeError, 'a refusal, not a crash')
    t.match((error as Error).message, /role assignment "R0"/)
  }
})
