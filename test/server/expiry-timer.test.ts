import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { openStore } from '../../src/store/open-store.js'
import { runCli } from '../cli/run-cli.js'
import { APP, testServer } from './support.js'

const USER = 'S-1-5-21-1004336348-1177238915-682003330-1105'
const RA = 'Hyper-V VM operator (Web VMs)'

async function holds(path: string): Promise<boolean> {
  const { policy } = await openStore(path).load()
  const ra = policy.applications
    .find((a) => a.name === APP)
    ?.scopes.find((s) => s.name === 'Web VMs')
    ?.roleAssignments.find((r) => r.name === RA)
  return ra?.members.includes(USER) === true
}

/** Waits until `done` holds, looking every 10 ms, for at most `ms`. */
async function eventually(done: () => Promise<boolean>, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(10)) if (await done()) return true
  return done()
}

t.test("done when: an expiring delegation made with delegate --until is removed by the service's timer", async (t) => {
  let now = new Date('2099-01-31T17:00:00Z')
  const server = await testServer(t, { stores: { delegated: 'hyperv-2008r2-delegated.xml' }, config: { expireEveryMs: 10 }, clock: () => now })
  const path = server.paths.delegated ?? ''
  const made = await runCli(['delegate', path, '--app', APP, '--scope', 'Web VMs', '--template', 'hyperv-vm-operator', '--sid', USER, '--until', '2099-01-31T18:00:00Z'])
  t.equal(made.code, 0, made.stderr)
  // Ticks before the time leave the member alone.
  await sleep(50)
  t.ok(await holds(path), 'still a member before its time')
  now = new Date('2099-01-31T18:00:01Z')
  t.ok(await eventually(async () => !(await holds(path)), 5000), 'the timer removed the member')
  const last = (await openStore(path).history()).at(-1)
  t.equal(last?.actor, 'expiry')
  // The run logs once it has updated the sidecar too, a moment after the store write.
  t.ok(await eventually(async () => /expiry: members removed/.test(server.logs()), 5000), 'the run is logged')
})

t.test('the timer stops when the server closes; 0 turns it off', async (t) => {
  const off = await testServer(t, { stores: { delegated: 'hyperv-2008r2-delegated.xml' }, config: { expireEveryMs: 0 }, clock: () => new Date('2099-02-01T00:00:00Z') })
  const path = off.paths.delegated ?? ''
  t.equal((await runCli(['delegate', path, '--app', APP, '--scope', 'Web VMs', '--template', 'hyperv-vm-operator', '--sid', USER, '--until', '2099-01-31T18:00:00Z'])).code, 0)
  await sleep(50)
  t.ok(await holds(path), 'no timer: the member stays')
  await off.app.close()
  t.notMatch(off.logs(), /expiry:/)
})
