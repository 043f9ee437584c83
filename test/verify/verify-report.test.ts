/**
 * `verify-report`: results files are compared with azman's decisions. The AzMan runtime cannot run
 * here, so "AzMan's answers" are made from azman's own decisions (the case that must agree) and
 * then doctored; the script that writes real ones is tested in verify-script.test.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { decisionOf } from '../../src/access/decision.js'
import { makeToken } from '../../src/access/token.js'
import type { PolicyStore } from '../../src/model/policy.js'
import { decisionTable, tableIndex } from '../../src/verify/decision-table.js'
import { parseXmlStore } from '../../src/xml/policy/parse-xml-store.js'
import { REPO_ROOT, runCli, STACK_LINE } from '../cli/run-cli.js'

const DELEGATED = `${REPO_ROOT}store-samples/hyperv-2008r2-delegated.xml`

/** The results AzMan would write if it decided as azman does: 0 allowed, 5 denied; a conditional case as `conditional` says. */
function azmanResults(
  policy: PolicyStore,
  version: string,
  reference: string,
  app?: string,
  conditional: 0 | 5 = 5,
): { format: string; table: string; results: { t: number; s: number; r: number[] }[] } {
  const { table, sha256 } = decisionTable(policy, { reference, version }, app)
  const index = tableIndex(policy, table)
  const ops = table.operations.map((id) => index.operation(id))
  const results = table.tokens.flatMap((sids, ti) =>
    table.scopes.map((scope, si) => ({
      t: ti,
      s: si,
      r: ops.map((op) => {
        const d = decisionOf(index.decideTri(makeToken(sids), index.where(scope), op))
        return d === 'granted' ? 0 : d === 'conditional' ? conditional : 5
      }),
    })),
  )
  return { format: 'azman-verify-results/1', table: sha256, results }
}

function load(file: string): { policy: PolicyStore; version: string } {
  return parseXmlStore(readFileSync(file))
}

t.test('results that agree: exit 0, every case agreed', async (t) => {
  const dir = t.testdir({})
  const { policy, version } = load(DELEGATED)
  const file = join(dir, 'results.json')
  writeFileSync(file, `\uFEFF${JSON.stringify(azmanResults(policy, version, DELEGATED))}`)
  const run = await runCli(['verify-report', DELEGATED, file, '--json'])
  t.equal(run.code, 0, run.stderr)
  const report = JSON.parse(run.stdout) as { cases: number; agreed: number; mismatchCount: number; conditional: number; missing: number }
  t.equal(report.cases, 19 * 3 * 34)
  t.equal(report.agreed, report.cases - report.conditional)
  t.same([report.mismatchCount, report.missing], [0, 0])
  const text = await runCli(['verify-report', DELEGATED, file])
  t.match(text.stdout, new RegExp(`1938 cases: ${report.agreed} agreed, 0 mismatched, ${report.conditional} depending on a BizRule`))
})

t.test('one doctored answer: exit 1, the case named with azman\u2019s proof', async (t) => {
  const dir = t.testdir({})
  const { policy, version } = load(DELEGATED)
  const results = azmanResults(policy, version, DELEGATED)
  // BUILTIN\Administrators (token 5) at application level (scope 0): AzMan "denies" operation 305 (index 23).
  const row = results.results.find((r) => r.t === 5 && r.s === 0)
  if (row === undefined) throw new Error('no row')
  t.equal(row.r[23], 0, 'azman grants it')
  row.r[23] = 5
  const file = join(dir, 'results.json')
  writeFileSync(file, JSON.stringify(results))
  const run = await runCli(['verify-report', DELEGATED, file])
  t.equal(run.code, 1)
  t.match(run.stdout, /1938 cases: \d+ agreed, 1 mismatched/)
  t.match(run.stdout, /MISMATCH: token S-1-5-32-544, application level, operation 305: AzMan denied, azman granted\n {2}.*Administrator/)
})

t.test('a BizRule case is counted as such, not as a mismatch, whatever AzMan answered', async (t) => {
  const dir = t.testdir({})
  const store = `${REPO_ROOT}test/fixtures/access/semantics.xml`
  const { policy, version } = load(store)
  let checked = 0
  for (const answer of [0, 5] as const) {
    const file = join(dir, `results-${answer}.json`)
    writeFileSync(file, JSON.stringify(azmanResults(policy, version, store, undefined, answer)))
    const run = await runCli(['verify-report', store, file, '--json'])
    t.equal(run.code, 0, `conditional answered ${answer}: ${run.stderr}`)
    const report = JSON.parse(run.stdout) as { conditional: number; mismatchCount: number }
    t.ok(report.conditional > 0, `${report.conditional} cases depend on a BizRule, an LDAP query or an exclusion`)
    t.equal(report.mismatchCount, 0)
    checked++
  }
  t.equal(checked, 2)
})

t.test('unreadable results: exit 2, a clear message, no stack trace', async (t) => {
  const dir = t.testdir({})
  const { policy, version } = load(DELEGATED)
  const good = JSON.stringify(azmanResults(policy, version, DELEGATED))
  const other = JSON.parse(good) as { table: string; results: { t: number; r: number[] }[] }
  const cases: [string, string, RegExp][] = [
    ['truncated.json', good.slice(0, good.length / 2), /is not JSON/],
    ['another-table.json', JSON.stringify({ ...other, table: 'b'.repeat(64) }), /the results are of table b{64}, not of this store's .*write the script again/],
    ['wrong-format.json', JSON.stringify({ ...other, format: 'azman-verify-results/9' }), /\$\.format/],
    ['token-out-of-table.json', JSON.stringify({ ...other, results: [{ t: 999, s: 0, r: [] }] }), /\$\.results\[0\] names token 999/],
    ['short-row.json', JSON.stringify({ ...other, results: [{ t: 0, s: 0, r: [0] }] }), /\$\.results\[0\]\.r has 1 answers; the table has 34 operations/],
    ['extra-field.json', JSON.stringify({ ...other, extra: 1 }), /extra/],
  ]
  for (const [name, text, message] of cases) {
    const file = join(dir, name)
    writeFileSync(file, text)
    const run = await runCli(['verify-report', DELEGATED, file])
    t.equal(run.code, 2, `${name}: exit 2`)
    t.match(run.stderr, message, name)
    t.match(run.stderr, /\[AZMAN_ERR_VERIFY_RESULTS\]/)
    t.notMatch(run.stderr, STACK_LINE)
  }
  t.equal(cases.length, 6)
  const missing = await runCli(['verify-report', DELEGATED, join(dir, 'none.json')])
  t.equal(missing.code, 2)
  t.match(missing.stderr, /cannot read the results file .*none\.json: no such file or folder/)
})

t.test('--tokens FILE: tokens of your own in the table, and the same file for the report; a bad file is exit 2', async (t) => {
  const dir = t.testdir({
    'tokens.json': JSON.stringify({ tokens: [['S-1-5-21-1004336348-1177238915-682003330-1105', 'S-1-5-21-1004336348-1177238915-682003330-513'], ['S-1-5-32-544']] }),
    'bad.json': JSON.stringify({ tokens: [['CONTOSO\\alice']] }),
  })
  const script = join(dir, 'v.ps1')
  const run = await runCli(['verify-script', DELEGATED, '--tokens', join(dir, 'tokens.json'), '--out', script, '--json'])
  t.equal(run.code, 0, run.stderr)
  t.equal((JSON.parse(run.stdout) as { cases: number }).cases, 20 * 3 * 34, 'one more token (BUILTIN\\Administrators alone is in the table already)')
  const { policy, version } = load(DELEGATED)
  const { table, sha256 } = decisionTable(policy, { reference: DELEGATED, version }, undefined, [['S-1-5-21-1004336348-1177238915-682003330-1105', 'S-1-5-21-1004336348-1177238915-682003330-513']])
  t.match(readFileSync(script, 'utf8'), sha256, 'the table with the extra token')
  t.equal(table.tokens.length, 20)
  const index = tableIndex(policy, table)
  const results = {
    format: 'azman-verify-results/1',
    table: sha256,
    results: table.tokens.flatMap((sids, ti) =>
      table.scopes.map((scope, si) => ({
        t: ti,
        s: si,
        r: table.operations.map((id) => (decisionOf(index.decideTri(makeToken(sids), index.where(scope), index.operation(id))) === 'granted' ? 0 : 5)),
      })),
    ),
  }
  const file = join(dir, 'results.json')
  writeFileSync(file, JSON.stringify(results))
  t.equal((await runCli(['verify-report', DELEGATED, file, '--tokens', join(dir, 'tokens.json')])).code, 0, 'the same tokens: the same table')
  const without = await runCli(['verify-report', DELEGATED, file])
  t.equal(without.code, 2, 'without them: another table')
  const bad = await runCli(['verify-script', DELEGATED, '--tokens', join(dir, 'bad.json'), '--out', join(dir, 'x.ps1')])
  t.equal(bad.code, 2)
  t.match(bad.stderr, /\$\.tokens\[0\]\[0\] .*\[AZMAN_ERR_VERIFY_TOKENS\]/)
  t.notMatch(bad.stderr, STACK_LINE)
})

t.test('review regressions: the table is the store version whatever its name; duplicate and contradictory rows are refused', async (t) => {
  const dir = t.testdir({})
  const { policy, version } = load(DELEGATED)
  const named = (reference: string) => decisionTable(policy, { reference, version }).sha256
  t.equal(named('./store-samples/hyperv-2008r2-delegated.xml'), named(DELEGATED), 'a path spelled otherwise: the same table')
  t.equal(named('delegated'), named(DELEGATED), "a server's store name: the same table")
  const good = azmanResults(policy, version, DELEGATED)
  const file = join(dir, 'results.json')
  writeFileSync(file, JSON.stringify(good))
  const other = await runCli(['verify-report', `./${DELEGATED.slice(REPO_ROOT.length)}`, file])
  t.equal(other.code, 0, `the store named by a relative path: ${other.stderr}`)

  const flipped = { ...good.results[0], r: good.results[0]?.r.map((x) => (x === 0 ? 5 : 0)) ?? [] }
  const cases: [string, unknown, RegExp][] = [
    ['a duplicate row', { ...good, results: [good.results[0], flipped, ...good.results.slice(1)] }, /\$\.results\[1\] answers token 0 in scope 0 again/],
    ['r and error, no null', { ...good, results: [{ ...good.results[0], error: 'x' }, ...good.results.slice(1)] }, /has both r and error, but no operation without an answer/],
    [
      'a null without error',
      { ...good, results: [{ ...good.results[0], r: [null, ...(good.results[0]?.r.slice(1) ?? [])] }, ...good.results.slice(1)] },
      /has an operation without an answer, but no error/,
    ],
    ['neither r nor error', { ...good, results: [{ t: 0, s: 0 }, ...good.results.slice(1)] }, /has neither r nor error/],
  ]
  for (const [name, results, message] of cases) {
    writeFileSync(file, JSON.stringify(results))
    const run = await runCli(['verify-report', DELEGATED, file])
    t.equal(run.code, 2, `${name}: exit 2`)
    t.match(run.stderr, message, name)
    t.notMatch(run.stderr, STACK_LINE)
  }
  t.equal(cases.length, 4)
})

t.test('review regressions: proofs only for the mismatches shown; an operation AzMan could not answer alone is an error only where azman decides', async (t) => {
  const dir = t.testdir({})
  const { policy, version } = load(DELEGATED)
  const good = azmanResults(policy, version, DELEGATED)
  const inverted = { ...good, results: good.results.map((row) => ({ ...row, r: row.r.map((x) => (x === 0 ? 5 : 0)) })) }
  const file = join(dir, 'results.json')
  writeFileSync(file, JSON.stringify(inverted))
  const run = await runCli(['verify-report', DELEGATED, file, '--json'])
  t.equal(run.code, 1)
  const report = JSON.parse(run.stdout) as { mismatchCount: number; mismatches: unknown[]; conditional: number; cases: number }
  t.equal(report.mismatchCount, report.cases - report.conditional, 'every decided case mismatches, and is counted')
  t.ok(report.mismatchCount > 1000)
  t.equal(report.mismatches.length, 1000, 'but only the first 1,000 carry a proof')

  // Token 0 in scope 0 (application level): the first operation could not be answered alone.
  const { table } = decisionTable(policy, { reference: DELEGATED, version })
  const index = tableIndex(policy, table)
  const first = decisionOf(index.decideTri(makeToken(table.tokens[0] ?? []), index.where(''), index.operation(table.operations[0] ?? 0)))
  const partial = { ...good, results: [{ ...good.results[0], r: [null, ...(good.results[0]?.r.slice(1) ?? [])], error: 'a BizRule\nforged line' }, ...good.results.slice(1)] }
  writeFileSync(file, JSON.stringify(partial))
  const p = await runCli(['verify-report', DELEGATED, file, '--json'])
  const errors = (JSON.parse(p.stdout) as { errors: { operation?: number; error: string }[] }).errors
  if (first === 'conditional') t.same(errors, [], 'a conditional case AzMan could not answer is not an error')
  else t.match(errors, [{ operation: table.operations[0], error: 'a BizRule\nforged line' }], 'a decided case AzMan could not answer is an error, with its operation')
  const text = await runCli(['verify-report', DELEGATED, file])
  t.notMatch(text.stdout, /^forged line/m, 'the error text cannot forge a line of the report')
})

t.test('review regressions: an OperationID that is not a decimal integer is left out of the table; a negative one is asked', async (t) => {
  const { policy, version } = load(DELEGATED)
  const text = readFileSync(DELEGATED, 'utf8').replace('<OperationID>355</OperationID>', '<OperationID>0x163</OperationID>').replace('<OperationID>350</OperationID>', '<OperationID>-7</OperationID>')
  const changed = parseXmlStore(Buffer.from(text))
  const { table } = decisionTable(changed.policy, { reference: 'x', version: changed.version })
  t.notOk(table.operations.includes(355), '0x163 is not asked (AzMan reads OperationIDs as decimal)')
  t.notOk(table.operations.includes(0))
  t.ok(table.operations.includes(-7))
  t.equal(table.operations.length, decisionTable(policy, { reference: 'x', version }).table.operations.length - 1)
})

t.test('the example of verify-report --help names the table of the delegated sample, so it exits 1 as it says', async (t) => {
  const dir = t.testdir({})
  const help = await runCli(['verify-report', '--help'])
  const hash = /"table": "([0-9a-f]{64})"/.exec(help.stdout)?.[1]
  const { policy, version } = load(DELEGATED)
  t.equal(hash, decisionTable(policy, { reference: DELEGATED, version }).sha256)
  const file = join(dir, 'empty.json')
  writeFileSync(file, JSON.stringify({ format: 'azman-verify-results/1', table: hash, results: [] }))
  t.equal((await runCli(['verify-report', DELEGATED, file])).code, 1)
})
