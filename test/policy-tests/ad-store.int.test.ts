/**
 * Policy tests and time travel on an AD store (msldap://, the Samba AD DC the suite starts on
 * loopback): `azman test --init` pins today's access of the store in the directory, `azman test`
 * passes on it and fails once a member is added; `who-can --at` answers from the version archived
 * beside the store's journal before and after that change.
 */
import { join } from 'node:path'
import t from 'tap'
import { dcEnv, removeAtEnd, storeUrl, uniqueStoreDn } from '../support/ad-store.js'
import { ensureDc } from '../support/samba-dc.js'
import { runCli, sample, STACK_LINE } from '../cli/run-cli.js'

const APP = 'Hyper-V services'
const NEWCOMER = 'S-1-5-21-1004336348-1177238915-682003330-1199'

t.test('azman test and who-can --at on an AD store', async (t) => {
  const dc = await ensureDc()
  const dn = uniqueStoreDn(dc, 'policy-tests')
  removeAtEnd(t, dc, dn)
  const url = storeUrl(dc, dn)
  const env = dcEnv(dc)
  const dir = t.testdir()
  const journal = join(dir, 'store.journal.jsonl')
  const tests = join(dir, 'pinned.yaml')
  t.equal((await runCli(['copy', sample('hyperv-2008r2.xml'), url], env)).code, 0)

  const init = await runCli(['test', '--init', url, '--out', tests], env)
  t.equal(init.code, 0, init.stderr)
  const pass = await runCli(['test', url, tests, '--format', 'tap'], env)
  t.equal(pass.code, 0, pass.stdout.slice(-400) + pass.stderr)
  t.match(pass.stdout, /^TAP version 14\n/)
  t.notMatch(pass.stdout, /^not ok/m)

  const first = await runCli(['role-assignment', 'add-member', url, '--app', APP, '--name', 'Administrator', '--sid', NEWCOMER, '--journal', journal, '--reason', 'T-1'], env)
  t.equal(first.code, 0, first.stderr)
  const fail = await runCli(['test', url, tests, '--format', 'tap'], env)
  t.equal(fail.code, 1, 'the pinned access no longer holds')
  t.match(fail.stdout, new RegExp(`^not ok .*\\n(.*\\n)*.*${NEWCOMER}`, 'm'), 'the failure names the member added')
  t.notMatch(fail.stderr, STACK_LINE)

  const entries = JSON.parse((await runCli(['history', url, '--journal', journal, '--json'], env)).stdout) as { entries: { id: string; time: string }[] }
  t.equal(entries.entries.length, 1)
  const id = entries.entries[0]?.id ?? ''
  const whoCan = async (...at: string[]) => {
    const r = await runCli(['who-can', url, '--app', APP, '--operation', '315', '--journal', journal, '--json', ...at], env)
    t.equal(r.code, 0, r.stderr)
    return r.stdout
  }
  const now = await whoCan()
  t.match(now, NEWCOMER, 'today: the newcomer can')
  t.equal(await whoCan('--at', id), now, '--at the entry: what the store holds after it')
  const before = await runCli(['who-can', url, '--app', APP, '--operation', '315', '--journal', journal, '--at', '2000-01-01T00:00:00Z'], env)
  t.equal(before.code, 3, 'a point before the journal is refused, not guessed')
  t.notMatch(before.stderr, STACK_LINE)
})
