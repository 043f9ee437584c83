/** REST verify routes (auditor): the script the CLI writes, and the report of a results body. */
import { join } from 'node:path'
import { readFileSync } from 'node:fs'
import t from 'tap'
import { decisionOf } from '../../src/access/decision.js'
import { makeToken } from '../../src/access/token.js'
import { decisionTable, tableIndex } from '../../src/verify/decision-table.js'
import { parseXmlStore } from '../../src/xml/policy/parse-xml-store.js'
import { runCli } from '../cli/run-cli.js'
import { assertProblem, json, testServer } from './support.js'

t.test('verify-scripts: the CLI’s script but for the store’s name; verify-reports: 0 mismatches on azman’s own answers, 1 doctored', async (t) => {
  const s = await testServer(t)
  const r = await s.request({ method: 'POST', url: '/stores/delegated/verify-scripts', as: 'auditor' })
  t.equal(r.statusCode, 200, r.body.slice(0, 300))
  const made = json<{ script: string; table: string; cases: number }>(r)
  t.equal(made.cases, 1938)
  t.notMatch(made.script, new RegExp(s.dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'no server path')
  t.equal((await s.request({ method: 'POST', url: '/stores/delegated/verify-scripts', as: 'reader' })).statusCode, 403)
  const cli = join(s.dir, 'v.ps1')
  t.equal((await runCli(['verify-script', s.paths.delegated ?? '', '--out', cli])).code, 0)
  t.equal(
    readFileSync(cli, 'utf8')
      .split('\n')
      .filter((l) => !/"store":|SHA-256|tableSha256/.test(l)).length,
    made.script.split('\n').filter((l) => !/"store":|SHA-256|tableSha256/.test(l)).length,
  )

  const { policy, version } = parseXmlStore(readFileSync(s.paths.delegated ?? ''))
  const { table, sha256 } = decisionTable(policy, { reference: 'delegated', version })
  t.equal(sha256, made.table, 'the table is the one the script carries')
  const index = tableIndex(policy, table)
  const results = table.tokens.flatMap((sids, ti) =>
    table.scopes.map((scope, si) => ({ t: ti, s: si, r: table.operations.map((id) => (decisionOf(index.decideTri(makeToken(sids), index.where(scope), index.operation(id))) === 'granted' ? 0 : 5)) })),
  )
  const body = { format: 'azman-verify-results/1', table: sha256, results }
  const agree = await s.request({ method: 'POST', url: '/stores/delegated/verify-reports', payload: body, as: 'auditor' })
  t.equal(agree.statusCode, 200, agree.body.slice(0, 300))
  t.match(json(agree), { cases: 1938, mismatchCount: 0, missing: 0 })
  const first = results[0]
  if (first !== undefined) first.r[0] = first.r[0] === 0 ? 5 : 0
  const doctored = json<{ mismatchCount: number; mismatches: { sids: string[]; operation: number }[] }>(
    await s.request({ method: 'POST', url: '/stores/delegated/verify-reports', payload: body, as: 'auditor' }),
  )
  t.equal(doctored.mismatchCount, 1)
  t.same([doctored.mismatches[0]?.sids, doctored.mismatches[0]?.operation], [table.tokens[0], table.operations[0]])
  const foreign = await s.request({ method: 'POST', url: '/stores/delegated/verify-reports', payload: { ...body, table: 'c'.repeat(64) }, as: 'auditor' })
  assertProblem(t, foreign, 400, 'AZMAN_ERR_VERIFY_RESULTS')
  const malformed = await s.request({ method: 'POST', url: '/stores/delegated/verify-reports', payload: { format: 'x' }, as: 'auditor' })
  t.equal(malformed.statusCode, 400)
})
