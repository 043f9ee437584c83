/**
 * Child of concurrent-writers.int.test.ts: adds `count` members to the Administrator
 * role assignment of a store, one journaled update() each.
 *
 *   node --import tsx add-members.ts <store> <first RID> <count> <actor>
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { XmlStore } from '../../../../src/store/xml/xml-store.js'
import { sidFor, withAdministratorMembers } from './members.js'

const [path, first, count, actor] = process.argv.slice(2)
if (path === undefined || first === undefined || count === undefined || actor === undefined) throw new Error('usage: add-members.ts <store> <first RID> <count> <actor>')
const store = new XmlStore(path)
for (let i = 0; i < Number(count); i++) {
  const sid = sidFor(Number(first) + i)
  await store.update((s) => withAdministratorMembers(s.policy, (m) => [...m, sid]), {
    lockTimeoutMs: 120_000,
    record: { actor, reason: `add ${sid}`, changes: { add: sid } },
  })
  // Separate CLI runs leave the lock free a while between writes: give the other writer its turns (real time on purpose:
  // the interleaving of two processes is what is tested).
  await sleep(Math.floor(Math.random() * 15))
}
