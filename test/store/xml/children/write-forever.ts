/**
 * Child of crash-safety.int.test.ts: once "go" arrives on stdin, writes the store
 * until it is killed: journaled update() calls that add a member, and remove
 * the oldest of its own when it has added more than 20.
 *
 *   node --import tsx write-forever.ts <store> <iteration>
 *
 * Prints "ready" when loaded, so the parent can time the kill from "go", and
 * "wrote" after each write, so the parent knows how long a write takes here.
 */
import { XmlStore } from '../../../../src/store/xml/xml-store.js'
import { ridOf, sidFor, withAdministratorMembers } from './members.js'

/** RIDs of members this kind of child adds; the parent's own members are below. */
export const CHILD_RID_BASE = 1_000_000

const [path, iteration] = process.argv.slice(2)
if (path === undefined || iteration === undefined) throw new Error('usage: write-forever.ts <store> <iteration>')
const store = new XmlStore(path)
let n = 0
const next = (): string => sidFor(CHILD_RID_BASE + Number(iteration) * 100_000 + n++)

async function writeForever(): Promise<never> {
  for (;;) {
    const sid = next()
    await store.update(
      (s) =>
        withAdministratorMembers(s.policy, (members) => {
          const mine = members.filter((m) => ridOf(m) >= CHILD_RID_BASE)
          const drop = mine.length >= 20 ? mine[0] : undefined
          return [...members.filter((m) => m !== drop), sid]
        }),
      { lockTimeoutMs: 60_000, record: { actor: `child-${iteration}`, changes: { add: sid } } },
    )
    process.stdout.write('wrote\n')
  }
}

process.stdin.setEncoding('utf8')
process.stdin.on('data', (chunk: string) => {
  if (chunk.includes('go')) void writeForever()
})
// The parent went away: do not linger.
process.stdin.on('end', () => process.exit(0))
process.stdout.write('ready\n')
