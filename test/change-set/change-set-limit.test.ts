/**
 * A change set of more than MAX_CHANGES changes is refused before any of it
 * is planned, the same way by the CLI (exit 4, AZMAN_ERR_CHANGE_SET_TOO_LARGE,
 * one line, no stack trace) and the REST service (413 problem+json with that
 * code), and nothing on disk changes. Before, any number of changes that fit
 * in the body limit was planned (14,500 in 1 MB: 8 s with the event loop held).
 */
import { copyFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { MAX_CHANGES } from '../../src/change-set/limits.js'
import { parseChangeSet } from '../../src/change-set/parse-change-set.js'
import { fingerprint, runCli, sample, STACK_LINE } from '../cli/run-cli.js'
import { APP, assertProblem, diskState, testServer } from '../server/support.js'

const CODE = 'AZMAN_ERR_CHANGE_SET_TOO_LARGE'

function changeSet(count: number) {
  return { changes: Array.from({ length: count }, (_, i) => ({ type: 'create-scope', app: APP, name: `Scope ${i}` })) }
}

t.test('the limit is a documented number and the largest set is accepted', async (t) => {
  t.equal(MAX_CHANGES, 5000)
  t.equal(parseChangeSet(changeSet(MAX_CHANGES)).changes.length, MAX_CHANGES)
  t.throws(() => parseChangeSet(changeSet(MAX_CHANGES + 1)), { code: CODE, message: /5001 changes; at most 5000/ })
})

t.test('REST: plan and apply of one change too many answer 413 problem+json, nothing changed', async (t) => {
  const s = await testServer(t, { stores: { lab: 'hyperv-2008r2.xml' } })
  const path = s.paths['lab'] ?? ''
  const before = diskState(path)
  let checked = 0
  for (const route of ['plan', 'changes', 'changes?dryRun=true']) {
    for (const as of route === 'plan' ? (['reader', 'operator'] as const) : (['operator'] as const)) {
      const response = await s.request({ method: 'POST', url: `/stores/lab/${route}`, as, payload: changeSet(MAX_CHANGES + 1) })
      assertProblem(t, response, 413, CODE, `${route} as ${as}`)
      checked++
    }
  }
  t.equal(checked, 4, 'routes checked')
  t.equal(diskState(path), before, 'nothing changed on disk')
})

t.test('CLI: plan and apply of one change too many exit 4 with the code and no stack trace, nothing changed', async (t) => {
  const dir = t.testdir({})
  const store = join(dir, 'lab.xml')
  copyFileSync(sample('hyperv-2008r2.xml'), store)
  const file = join(dir, 'changes.json')
  writeFileSync(file, JSON.stringify(changeSet(MAX_CHANGES + 1)))
  const before = fingerprint(store)
  let checked = 0
  for (const argv of [
    ['plan', store, file],
    ['apply', store, file],
    ['apply', store, file, '--dry-run'],
  ]) {
    const r = await runCli(argv)
    t.equal(r.code, 4, `${argv.join(' ')}: exit 4`)
    t.match(r.stderr, new RegExp(`${MAX_CHANGES + 1} changes; at most ${MAX_CHANGES}.*\\[${CODE}\\]`), 'names the code and the limit')
    t.notMatch(r.stderr, STACK_LINE, 'no stack trace')
    t.equal(r.stdout, '', 'nothing on stdout')
    checked++
  }
  t.equal(checked, 3, 'commands checked')
  t.same(fingerprint(store), before, 'the store is unchanged')
})
