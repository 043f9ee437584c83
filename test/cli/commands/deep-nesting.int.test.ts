/**
 * Stores nested far deeper than azman's nesting limit (64), read from disk:
 * chains of 5,000 and 20,000 application groups (linked as members, or as
 * non-members), tasks and role definitions. Every command must answer or
 * refuse with a clear error, never overflow the stack (exit 70): before the
 * fix, a chain of about 2,000 groups crashed check, who-can, what-can, audit,
 * matrix and validate.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { deepStoreXml, DEEP, groupName, taskName, type DeepStoreOptions } from '../../support/deep-store.js'
import { runCli, STACK_LINE, type CliResult } from '../run-cli.js'
import { refused, unchanged } from './access-cli.js'

const APP = ['--app', DEEP.app]
const USER = ['--sid', DEEP.user]

interface Case {
  readonly name: string
  readonly options: DeepStoreOptions
  /** The object at the top of the chain, which validate names. */
  readonly top: string
  /** Whether the access commands can evaluate it (task chains: yes; group chains deeper than the limit: no). */
  readonly evaluated: boolean
}

function cases(length: number): Case[] {
  return [
    { name: `${length} groups linked as members`, options: { groups: length }, top: `group "${groupName(length - 1)}"`, evaluated: false },
    { name: `${length} groups linked as non-members`, options: { groups: length, nonMembers: true }, top: `group "${groupName(length - 1)}"`, evaluated: false },
    { name: `${length} tasks`, options: { tasks: length }, top: `task "${taskName(length - 1)}"`, evaluated: true },
    { name: `${length} role definitions`, options: { tasks: length, roleDefinitions: true }, top: `role definition "${taskName(length - 1)}"`, evaluated: true },
  ]
}

/** Every kind of chain at 5,000; groups linked as members and role definitions at 20,000 (each case runs eleven commands). */
const ALL = [...cases(5_000), ...cases(20_000).filter((c) => c.name.endsWith('as members') || c.name.endsWith('role definitions'))]

/** Neither a crash nor a stack trace. */
function noCrash(t: Test, run: CliResult, what: string): void {
  t.not(run.code, 70, `${what}: not an internal error`)
  t.notMatch(run.stderr, STACK_LINE, `${what}: no stack trace`)
  t.notMatch(run.stderr, /call stack/i, `${what}: no stack overflow`)
}

let ran = 0
for (const c of ALL) {
  const length = (c.options.groups ?? 0) + (c.options.tasks ?? 0)
  t.test(c.name, async (t) => {
    const dir = t.testdir({})
    const store = join(dir, 'deep.xml')
    writeFileSync(store, deepStoreXml(c.options))
    const copy = join(dir, 'deep-copy.xml')
    writeFileSync(copy, deepStoreXml(c.options))
    await unchanged(t, store, async () => {
      const validate = await runCli(['validate', store, '--json'])
      noCrash(t, validate, 'validate')
      t.equal(validate.code, 1, 'validate: invalid')
      const report = JSON.parse(validate.stdout) as { findings: { code: string; location: string; message: string }[] }
      const deep = report.findings.filter((f) => f.code === 'AZ_NESTING_TOO_DEEP')
      t.equal(deep.length, 1, 'one finding, at the top of the chain')
      t.match(deep[0]?.location, c.top)
      t.match(deep[0]?.message, new RegExp(`\\b${length}\\b.*\\b64\\b`))

      const access = [
        ['check', store, ...APP, ...USER, '--operation', String(DEEP.read), '--operation', String(DEEP.write), '--json'],
        ['who-can', store, ...APP, '--operation', String(DEEP.write), '--json'],
        ['what-can', store, ...APP, ...USER, '--json'],
        ['matrix', store, ...APP, '--json'],
        ['audit', store, '--template', 'templates/', '--json'],
        // The commands that crashed; at 20,000 (a second a command on a busy machine) only those.
        ...(length > 5_000 ? [] : [['diff', store, copy, '--json']]),
      ]
      let checked: CliResult | undefined
      for (const args of access) {
        const run = await runCli(args)
        const what = args[0] ?? ''
        if (what === 'check') checked = run
        noCrash(t, run, what)
        if (c.evaluated) {
          t.ok(run.code === 0 || run.code === 1, `${what}: answers (exit ${run.code})`)
          t.doesNotThrow(() => JSON.parse(run.stdout) as unknown, `${what}: JSON answer`)
        } else refused(t, run, 2, 'AZMAN_ERR_ACCESS_TOO_DEEP', new RegExp(`"${groupName(length - 1)}".*\\b${length}\\b.*\\b64\\b`))
      }
      if (c.evaluated) {
        const check = JSON.parse(checked?.stdout ?? '{}') as { results?: { decision: string; because: { path: unknown[] }[] }[] }
        t.equal(check.results?.[1]?.decision, 'granted', 'the task chain grants Write')
        t.equal(check.results?.[1]?.because[0]?.path.length, length + 1, 'the proof walks the whole chain down to the operation')
      }
      for (const args of [
        ['show', store, '--json'],
        ['export', store, '--json'],
      ].slice(0, length > 5_000 ? 0 : 2)) {
        const run = await runCli(args)
        noCrash(t, run, args[0] ?? '')
        t.equal(run.code, 0, `${args[0]}: exit 0`)
      }
    })
    ran++
  })
}

t.test('every case ran', async (t) => {
  t.equal(ran, 6, 'four kinds of chain at 5,000, two at 20,000')
})
