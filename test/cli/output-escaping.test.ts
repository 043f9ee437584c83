import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { runCli, sample } from './run-cli.js'

// Values azman prints come from stores, journals and requests (issue #11): `history`
// printed reason and actor as they were, so a line break forged an entry line and an
// escape sequence reached the terminal. No output carries a control character but LF
// and TAB, or a bidirectional mark; a value's line break is shown as \n.

const ESC = '\u001b'
const HOSTILE = `ok\n20990101T000000.000Z-abcdef  2099-01-01T00:00:00Z  root  1 change(s)\r${ESC}[31mred${ESC}]0;title\u0007 \u202eevil \u009b31m \u2028line`
// eslint-disable-next-line no-control-regex -- the characters this test looks for
const UNSAFE_OUTPUT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

t.test('history: one line per entry, whatever the reason and actor hold', async (t) => {
  const store = join(t.testdir({}), 'store.xml')
  copyFileSync(sample('hyperv-2008r2.xml'), store)
  for (let i = 0; i < 3; i++) {
    const w = await runCli(['scope', 'create', store, '--app', 'Hyper-V services', '--name', `S${i}`, '--reason', HOSTILE, '--actor', HOSTILE])
    t.equal(w.code, 0, `write ${i}`, { stderr: w.stderr })
  }
  const run = await runCli(['history', store])
  t.equal(run.code, 0)
  t.equal(run.stdout.split('\n').length - 1, 3, 'three entries, three lines')
  t.notMatch(run.stdout, UNSAFE_OUTPUT, 'no control character or bidirectional mark')
  t.match(run.stdout, /reason: ok\\n20990101T000000/, "the reason's line break is shown as \\n")
  const json = await runCli(['history', store, '--json'])
  const entries = (JSON.parse(json.stdout) as { entries: { reason: string; actor: string }[] }).entries
  t.equal(entries.length, 3)
  t.ok(
    entries.every((e) => e.reason === HOSTILE && e.actor === HOSTILE),
    '--json gives the exact values back',
  )
  t.notMatch(json.stdout, UNSAFE_OUTPUT, 'and carries no raw control character either')
})

t.test('show, who-can and errors print hostile names escaped', async (t) => {
  const store = join(t.testdir({}), 'store.xml')
  // Characters a store can hold (XML has no form for ESC): a bidirectional override and a C1 control.
  const name = 'Ops \u202egnp.exe \u0085 \u009b2J x'
  const xml = readFileSync(sample('hyperv-2008r2.xml'), 'utf8').replace(
    '<AzOperation ',
    `<AzApplicationGroup Guid="0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0" Name="${name}" GroupType="Basic"><Member>S-1-5-21-1-2-3-4</Member></AzApplicationGroup><AzOperation `,
  )
  writeFileSync(store, xml)
  let checked = 0
  for (const argv of [
    ['show', store],
    ['validate', store],
    ['who-can', store, '--app', 'Hyper-V services', '--operation', '315'],
    ['scope', 'create', store, '--app', 'Hyper-V services', '--name', name],
  ]) {
    const run = await runCli(argv)
    if (argv[0] === 'show') t.match(run.stdout, /Ops \\u202egnp\.exe \\u0085 \\u009b2J x/, 'show: the name, escaped')
    t.notMatch(run.stdout + run.stderr, UNSAFE_OUTPUT, `${argv[0] ?? ''}: nothing unsafe printed`)
    checked++
  }
  t.equal(checked, 4)
})
