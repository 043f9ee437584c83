import t from 'tap'
import { fingerprint, runCli, sample, spawnCli, STACK_LINE } from '../../cli/run-cli.js'
import { BAD_DIR, BAD_FACTS, corpusFiles } from './facts-corpus.js'

// `azman host check <store> --facts <bad file>` for every file of the bad-input corpus
// (test/fixtures/host-facts/bad/): exit 2, one line on stderr with the reader's exact message
// and [AZMAN_ERR_HOST_FACTS], no stack trace, nothing on stdout (with --json: the error object),
// and the store untouched.

const STORE = sample('hyperv-2008r2-delegated.xml')

/** The message of `azman: <message> [AZMAN_ERR_HOST_FACTS]`, or undefined when stderr is not that one line. */
function stderrMessage(stderr: string): string | undefined {
  return /^azman: ([^\n]*) \[AZMAN_ERR_HOST_FACTS\]\n$/.exec(stderr)?.[1]
}

t.test('host check refuses every bad facts file with exit 2 and the reader message', async (t) => {
  t.same(
    corpusFiles(BAD_DIR),
    BAD_FACTS.map((b) => b.file),
    'every file of bad/ has its case',
  )
  const before = fingerprint(STORE)
  let checked = 0
  for (const bad of BAD_FACTS) {
    const path = BAD_DIR + bad.file
    const r = await runCli(['host', 'check', STORE, '--facts', path])
    t.equal(r.code, 2, `${bad.file}: exit 2`, { stderr: r.stderr })
    t.equal(r.stdout, '', `${bad.file}: nothing on stdout`)
    t.notMatch(r.stderr, STACK_LINE, `${bad.file}: no stack trace`)
    const message = stderrMessage(r.stderr)
    t.ok(message?.startsWith(`${path}: `), `${bad.file}: one line naming the file and the code`, { stderr: r.stderr })
    const rest = message?.slice(path.length + 2) ?? ''
    if (typeof bad.message === 'string') t.equal(rest, bad.message, `${bad.file}: message`)
    else t.match(rest, bad.message, `${bad.file}: message`)
    checked++
  }
  t.equal(checked, BAD_FACTS.length, `all ${BAD_FACTS.length} bad files checked`)
  t.same(fingerprint(STORE), before, 'the store is untouched')
})

t.test('--json gives the error object on stdout', async (t) => {
  const path = `${BAD_DIR}vm-guid-twice.json`
  const r = await runCli(['host', 'check', STORE, '--facts', path, '--json'])
  t.equal(r.code, 2)
  const { error } = JSON.parse(r.stdout) as { error: { code: string; exitCode: number; message: string } }
  t.equal(error.code, 'AZMAN_ERR_HOST_FACTS')
  t.equal(error.exitCode, 2)
  t.equal(error.message, `${path}: $.vms[4].guid is the VM GUID of $.vms[1] too: VM GUIDs are unique on a host`)
})

t.test('the real binary: exit 2, no stack trace', async (t) => {
  const r = spawnCli(['host', 'check', STORE, '--facts', `${BAD_DIR}deep-nesting.json`])
  t.equal(r.code, 2, 'exit 2', { stderr: r.stderr })
  t.notMatch(r.stderr, STACK_LINE, 'no stack trace')
  t.match(r.stderr, /deep-nesting\.json: nests arrays and objects deeper than 16 levels/)
})
