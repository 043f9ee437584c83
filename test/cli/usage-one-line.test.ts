import t from 'tap'
import { runCli, sample, STACK_LINE } from './run-cli.js'

// Every usage error is one line on stderr, exit 3 (issue #11): `--lock-timeout -5`
// printed Node's three-line parser message. Numeric flags with values that are not
// numbers of their kind, and flags whose value starts with a dash.

const STORE = sample('hyperv-2008r2.xml')
const WRITE = ['scope', 'create', STORE, '--app', 'Hyper-V services', '--name', 'X', '--dry-run']
const BAD = ['-5', '-1', 'abc', '1e400', '', 'NaN', '-']

const CASES: { readonly flag: string; readonly argv: readonly string[] }[] = [
  { flag: '--lock-timeout', argv: WRITE },
  { flag: '--max-store-bytes', argv: ['show', STORE] },
  { flag: '--port', argv: ['serve', STORE] },
  { flag: '--body-limit', argv: ['serve', STORE] },
  { flag: '--rate-limit', argv: ['serve', STORE] },
]

t.test('bad values of numeric flags: exit 3, one line, no stack trace', async (t) => {
  let checked = 0
  for (const { flag, argv } of CASES) {
    for (const value of BAD) {
      for (const form of [[flag, value], [`${flag}=${value}`]]) {
        const run = await runCli([...argv, ...form])
        const label = `${argv[0] ?? ''} ${form.join(' ')}`
        t.equal(run.code, 3, `${label}: exit 3`)
        t.match(run.stderr, /^azman: [^\n]+ \[AZMAN_ERR_USAGE\]\n$/, `${label}: one line`)
        t.notMatch(run.stderr, STACK_LINE)
        t.equal(run.stdout, '', `${label}: nothing on stdout`)
        checked++
      }
    }
  }
  t.equal(checked, CASES.length * BAD.length * 2)
})

t.test('a value that starts with a dash is given with =; the error says so', async (t) => {
  const run = await runCli([...WRITE, '--lock-timeout', '-5'])
  t.equal(run.stderr, 'azman: scope create: --lock-timeout needs a value; for one that starts with a dash, write --lock-timeout=VALUE; see azman scope create --help [AZMAN_ERR_USAGE]\n')
})
