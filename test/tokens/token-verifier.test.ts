import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { addToken, revokeToken } from '../../src/tokens/manage-tokens.js'
import { roleAllows } from '../../src/tokens/roles.js'
import { RELOAD_INTERVAL_MS, TokenVerifier } from '../../src/tokens/token-verifier.js'
import { manualClock } from '../support/manual-clock.js'

t.test('verifies tokens by their hash, follows the file, refuses everything when it is damaged', async (t) => {
  const clock = manualClock(t)
  const file = join(t.testdir({}), 'tokens.json')
  const a = await addToken(file, 'a', 'reader')
  const b = await addToken(file, 'b', 'operator')
  t.not(a.token, b.token, 'tokens are random')
  const v = await TokenVerifier.open(file)
  t.equal(v.size, 2)
  t.same(v.verify(a.token), { name: 'a', role: 'reader' })
  t.same(v.verify(b.token), { name: 'b', role: 'operator' })
  t.equal(v.verify(`${a.token}x`), undefined, 'one character more')
  t.equal(v.verify(a.token.slice(0, -1)), undefined, 'one character less')
  t.equal(v.verify(''), undefined)
  await revokeToken(file, 'a')
  t.same(v.verify(a.token), { name: 'a', role: 'reader' }, 'not reloaded yet')
  t.notOk(v.due, 'not due before the interval has passed')
  clock.advance(RELOAD_INTERVAL_MS)
  t.ok(v.due)
  t.equal(await v.reload(), undefined)
  t.equal(v.verify(a.token), undefined, 'revoked')
  t.same(v.verify(b.token), { name: 'b', role: 'operator' })
  writeFileSync(file, 'not json')
  clock.advance(RELOAD_INTERVAL_MS)
  const problem = await v.reload()
  t.match(String(problem), /not a tokens file: it is not JSON/, 'the problem is returned for the log')
  t.equal(v.verify(b.token), undefined, 'a damaged file refuses every token')
  await t.rejects(TokenVerifier.open(join(file, '..', 'missing.json')), { code: 'AZMAN_ERR_STORE_IO' }, 'a missing file at start is an error')
})

t.test('roles include the ones below them', async (t) => {
  t.ok(roleAllows('operator', 'auditor') && roleAllows('operator', 'reader') && roleAllows('auditor', 'reader'))
  t.notOk(roleAllows('reader', 'auditor') || roleAllows('auditor', 'operator') || roleAllows('reader', 'operator'))
})
