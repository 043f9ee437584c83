import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { runCli, sample } from '../run-cli.js'

const APP = 'Hyper-V services'

// group, role-assignment and undelegate share one check for "no principal named"; its words stay those of each command.
t.test('a write that takes principals and names none is a usage error that names the command and the three flags', async (t) => {
  const store = join(t.testdir(), 'store.xml')
  copyFileSync(sample('hyperv-2008r2.xml'), store)
  const bytes = readFileSync(store)
  const cases: [string[], string][] = [
    [['group', 'add-member', store, '--app', APP, '--name', 'G'], 'group add-member'],
    [['group', 'remove-non-member', store, '--name', 'G'], 'group remove-non-member'],
    [['role-assignment', 'add-member', store, '--app', APP, '--name', 'Administrator'], 'role-assignment add-member'],
    [['undelegate', store, '--app', APP], 'undelegate'],
  ]
  for (const [args, command] of cases) {
    const run = await runCli(args)
    t.equal(run.code, 3, args.join(' '))
    t.equal(run.stderr, `azman: ${command}: name at least one --sid, --account or --group [AZMAN_ERR_USAGE]\n`)
  }
  t.same(readFileSync(store), bytes, 'the store is unchanged')
})

t.test('the actions of a command are listed in their order in the usage error', async (t) => {
  const run = await runCli(['group', 'frobnicate'])
  t.equal(run.code, 3)
  t.equal(run.stderr, 'azman: group takes one of: create, add-member, remove-member, add-non-member, remove-non-member, rename, delete; see azman group --help [AZMAN_ERR_USAGE]\n')
})
