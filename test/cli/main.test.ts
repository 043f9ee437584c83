import t from 'tap'
import { COMMANDS, main } from '../../src/cli/main.js'
import type { CliIo } from '../../src/cli/io.js'
import { azman } from './run-cli.js'

t.test('--help lists every command; no command is a usage error', async (t) => {
  const help = await azman('--help')
  t.equal(help.code, 0)
  for (const c of COMMANDS) t.match(help.stdout, new RegExp(`\\n  ${c.name} +${c.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`))
  const none = await azman()
  t.equal(none.code, 3, 'no command: exit 3 with the overview')
  t.match(none.stdout, /usage: azman <command>/)
})

t.test('each command has --help', async (t) => {
  for (const c of COMMANDS) {
    const run = await azman(c.name, '--help')
    t.equal(run.code, 0, c.name)
    t.match(run.stdout, new RegExp(`^azman ${c.name} `), c.name)
    const viaHelp = await azman('help', c.name)
    t.equal(viaHelp.stdout, run.stdout, `azman help ${c.name}`)
  }
})

t.test('--version prints the package version', async (t) => {
  const run = await azman('--version')
  t.equal(run.code, 0)
  t.match(run.stdout, /^\d+\.\d+\.\d+\n$/)
})

t.test('an unexpected failure is an internal error with exit 70, no stack unless --debug', async (t) => {
  let stderr = ''
  let stdout = ''
  const failing: CliIo = {
    // Writing the result fails: a fault azman did not plan for.
    stdout: {
      write: (s: string) => {
        if (s.startsWith('{"error"') || s.startsWith('{\n  "error"')) stdout += s
        else throw new Error('disk on fire')
      },
    },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    cwd: process.cwd(),
  }
  const code = await main(['show', new URL('../../store-samples/hyperv-2008.xml', import.meta.url).pathname, '--json'], failing)
  t.equal(code, 70)
  t.match(stderr, /^azman: internal error: disk on fire \(run again with --debug for details, and report it\)\n$/)
  t.match(JSON.parse(stdout), { error: { code: 'AZMAN_ERR_INTERNAL', exitCode: 70 } })
  stderr = ''
  stdout = ''
  await main(['show', new URL('../../store-samples/hyperv-2008.xml', import.meta.url).pathname, '--debug', '--json'], failing)
  t.match(stderr, /\n\s+at /, '--debug adds the stack')
})
