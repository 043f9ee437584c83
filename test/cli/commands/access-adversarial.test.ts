/**
 * Hostile command lines for check, who-can and what-can on the default
 * Hyper-V store (role assignment "Administrator": BUILTIN\Administrators,
 * every operation): malformed and oddly spelled SIDs, unknown names, and the
 * exit codes scripts rely on.
 */
import t from 'tap'
import { azman, sample } from '../run-cli.js'
import { refused, unchanged } from './access-cli.js'

const STORE = sample('hyperv-2008r2.xml')
const APP = ['--app', 'Hyper-V services']

t.test('malformed SIDs are refused with exit 3, one line, no stack trace', async (t) => {
  for (const bad of ['S-1-5-32-544x', 'S-1', 'S-2-5-32-544', 'X-1-5-32-544', '', 'S-1-5-32--544', 'S-1-5-32-99999999999']) {
    await unchanged(t, STORE, async () => {
      refused(t, await azman('check', STORE, ...APP, '--sid', bad, '--operation', '315'), 3, 'AZMAN_ERR_USAGE')
    })
  }
  refused(t, await azman('what-can', STORE, ...APP, '--sid', 'nobody-at-all'), 3, 'AZMAN_ERR_USAGE')
})

t.test('the token: BUILTIN counts, nothing is added, spellings of one SID agree', async (t) => {
  t.equal((await azman('check', STORE, ...APP, '--sid', 'S-1-5-32-544', '--operation', '315')).code, 0, 'BUILTIN\\Administrators given: granted')
  t.equal((await azman('check', STORE, ...APP, '--sid', 's-1-5-32-544', '--operation', '315')).code, 0, 'lower-case s')
  t.equal((await azman('check', STORE, ...APP, '--sid', 'S-1-1-0', '--operation', '315')).code, 1, 'Everyone alone: denied (Administrators is not added)')
  t.equal((await azman('check', STORE, ...APP, '--sid', 'S-1-5-21-1-2-3-1001', '--operation', '315')).code, 1, 'a user alone: denied (no BUILTIN group is added)')
  // "S-1-5-32-0544" is S-1-5-32-544 to ConvertStringSidToSid: either read it as that SID or refuse it.
  const zero = await azman('check', STORE, ...APP, '--sid', 'S-1-5-32-0544', '--operation', '315')
  t.ok(zero.code === 0 || zero.code === 3, `a leading zero is normalised or refused, not silently a different SID (exit ${zero.code})`)
})

t.test('unknown application, scope and operation: AZMAN_ERR_NOT_FOUND, exit 3, naming what exists', async (t) => {
  refused(t, await azman('check', STORE, '--app', 'Nope', '--sid', 'S-1-5-32-544', '--operation', '315'), 3, 'AZMAN_ERR_NOT_FOUND', /Hyper-V services/)
  refused(t, await azman('check', STORE, ...APP, '--scope', 'Nope', '--sid', 'S-1-5-32-544', '--operation', '315'), 3, 'AZMAN_ERR_NOT_FOUND')
  refused(t, await azman('check', STORE, ...APP, '--sid', 'S-1-5-32-544', '--operation', '316'), 3, 'AZMAN_ERR_NOT_FOUND', /316/)
  refused(t, await azman('check', STORE, ...APP, '--sid', 'S-1-5-32-544', '--operation', 'Start Virtual Machine!'), 3, 'AZMAN_ERR_NOT_FOUND')
  refused(t, await azman('who-can', STORE, ...APP, '--operation', '9999'), 3, 'AZMAN_ERR_NOT_FOUND')
  refused(t, await azman('who-can', STORE, ...APP, '--scope', 'Nope', '--operation', '315'), 3, 'AZMAN_ERR_NOT_FOUND')
})

t.test('operation by name without regard to case gives the same answer as by ID', async (t) => {
  const byId = JSON.parse((await azman('check', STORE, ...APP, '--sid', 'S-1-5-32-544', '--operation', '315', '--json')).stdout) as { results: { operation: unknown; decision: string }[] }
  const byName = JSON.parse((await azman('check', STORE, ...APP, '--sid', 'S-1-5-32-544', '--operation', 'start virtual machine', '--json')).stdout) as typeof byId
  t.same(byName.results, byId.results)
})

t.test('who-can on the default store lists BUILTIN\\Administrators and nobody else', async (t) => {
  const run = await azman('who-can', STORE, ...APP, '--operation', '315', '--json')
  t.equal(run.code, 0)
  const out = JSON.parse(run.stdout) as { principals: { sid: string; decision: string }[] }
  t.same(
    out.principals.map((p) => [p.sid, p.decision]),
    [['S-1-5-32-544', 'granted']],
  )
})
