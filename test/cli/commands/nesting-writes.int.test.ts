/**
 * Writes and azman's nesting limit (64 objects in one chain of nested
 * application groups, or of tasks and role definitions): a change that would
 * make a chain deeper is refused (AZMAN_ERR_CHANGE_TOO_DEEP, exit 4, nothing
 * written); a store read from disk that is already deeper can still be
 * edited, and its chains shortened, but not deepened. Before the fix, any
 * chain could be built, and any write to a store holding a chain of a few
 * thousand groups overflowed the stack (the administrators guard).
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { deepStoreXml, DEEP, groupName, taskName, type DeepStoreOptions } from '../../support/deep-store.js'
import { runCli } from '../run-cli.js'
import { refused, unchanged } from './access-cli.js'

/** azman's nesting limit (NESTING_LIMIT, src/model/limits.ts; test/model/nesting.int.test.ts holds it to 64). */
const NESTING_LIMIT = 64
const APP = ['--app', DEEP.app]
const NEW_USER = 'S-1-5-21-7-7-7-1099'

function storeWith(t: Test, options: DeepStoreOptions): string {
  const path = join(t.testdir({}), 'deep.xml')
  writeFileSync(path, deepStoreXml(options))
  return path
}

async function ok(t: Test, ...args: string[]): Promise<void> {
  const run = await runCli(args)
  t.equal(run.code, 0, `azman ${args.slice(0, 2).join(' ')} exits 0${run.stderr === '' ? '' : `: ${run.stderr}`}`)
}

async function tooDeep(t: Test, store: string, depth: number, top: RegExp, ...args: string[]): Promise<void> {
  await unchanged(t, store, async () => {
    refused(t, await runCli(args), 4, 'AZMAN_ERR_CHANGE_TOO_DEEP', new RegExp(`${top.source} head a chain of ${depth} nested .*deeper than the 64 azman supports`))
  })
}

t.test('a chain of 64 groups can be built, the 65th group is refused', async (t) => {
  const store = storeWith(t, { groups: NESTING_LIMIT - 1 })
  const top = groupName(NESTING_LIMIT - 2)
  await ok(t, 'group', 'create', store, ...APP, '--name', 'Group 64')
  await ok(t, 'group', 'add-member', store, ...APP, '--name', 'Group 64', '--group', top)
  await ok(t, 'group', 'create', store, ...APP, '--name', 'Group 65')
  await tooDeep(t, store, 65, /group "Group 65"/, 'group', 'add-member', store, ...APP, '--name', 'Group 65', '--group', 'Group 64')
  await tooDeep(t, store, 65, /group "Group 65"/, 'group', 'add-non-member', store, ...APP, '--name', 'Group 65', '--group', 'Group 64')
  // Linking the top into a group that is itself linked counts the whole chain.
  await ok(t, 'group', 'add-member', store, ...APP, '--name', 'Group 65', '--sid', NEW_USER)
  const check = await runCli(['check', store, ...APP, '--sid', DEEP.user, '--operation', String(DEEP.read)])
  t.equal(check.code, 0, 'the 64-deep chain is evaluated: the user at the bottom is granted')
  t.equal((await runCli(['validate', store])).code, 0, 'and valid')
})

t.test('tasks and role definitions: 64 nest, the 65th is refused, whichever way it is linked', async (t) => {
  for (const roleDefinitions of [false, true]) {
    const store = storeWith(t, { tasks: NESTING_LIMIT, roleDefinitions })
    const command = roleDefinitions ? 'role-definition' : 'task'
    const top = taskName(NESTING_LIMIT - 1)
    await tooDeep(t, store, 65, new RegExp(`${roleDefinitions ? 'role definition' : 'task'} "Above"`), command, 'create', store, ...APP, '--name', 'Above', '--task', top)
    await ok(t, command, 'create', store, ...APP, '--name', 'Above')
    await tooDeep(t, store, 65, new RegExp(`${roleDefinitions ? 'role definition' : 'task'} "Above"`), command, 'add-task', store, ...APP, '--name', 'Above', '--task', top)
    // From the bottom: T0 linking a new task makes every task of the chain one deeper.
    await ok(t, 'task', 'create', store, ...APP, '--name', 'Below', '--operation', String(DEEP.read))
    await tooDeep(t, store, 65, new RegExp(`(task|role definition) "${top}"`), command, 'add-task', store, ...APP, '--name', taskName(0), '--task', 'Below')
  }
})

t.test('one change set that builds a 65-deep chain from nothing is refused whole', async (t) => {
  const dir = t.testdir({})
  const store = join(dir, 'deep.xml')
  writeFileSync(store, deepStoreXml({}))
  const changes = [
    ...Array.from({ length: NESTING_LIMIT + 1 }, (_, i) => ({
      type: 'create-group',
      app: DEEP.app,
      name: `C${i}`,
      groupType: 'Basic',
      members: i === 0 ? [{ sid: NEW_USER }] : [{ group: `C${i - 1}` }],
    })),
  ]
  const file = join(dir, 'changes.json')
  writeFileSync(file, JSON.stringify({ changes }))
  await tooDeep(t, store, 65, /group "C64"/, 'apply', store, file)
  writeFileSync(file, JSON.stringify({ changes: changes.slice(0, NESTING_LIMIT) }))
  await ok(t, 'apply', store, file)
})

t.test('a store read from disk with a chain of 5,000 groups: edited, shortened, never deepened', async (t) => {
  const n = 5_000
  const store = storeWith(t, { groups: n })
  const top = groupName(n - 1)
  // An unrelated edit: the administrators guard walks the chain (it recursed once per group).
  await ok(t, 'role-assignment', 'add-member', store, ...APP, '--name', 'Readers', '--sid', NEW_USER)
  // Deeper: refused.
  await ok(t, 'group', 'create', store, ...APP, '--name', 'Above')
  await tooDeep(t, store, n + 1, /group "Above"/, 'group', 'add-member', store, ...APP, '--name', 'Above', '--group', top)
  // Shorter: allowed, though still too deep (--force: the top group loses its members, and Administrators their access).
  await ok(t, 'group', 'remove-member', store, ...APP, '--name', top, '--group', groupName(n - 2), '--force')
  const validate = JSON.parse((await runCli(['validate', store, '--json'])).stdout) as { findings: { code: string; location: string; message: string }[] }
  t.same(
    validate.findings.filter((f) => f.code === 'AZ_NESTING_TOO_DEEP').map((f) => [f.location, /chain of (\d+)/.exec(f.message)?.[1]]),
    [[`application "${DEEP.app}" > group "${groupName(n - 2)}"`, String(n - 1)]],
    'the chain is one shorter, its new top reported',
  )
})

t.test('a store read from disk with a chain of 1,000 role definitions: edited, never deepened', async (t) => {
  const n = 1_000
  const store = storeWith(t, { tasks: n, roleDefinitions: true })
  await ok(t, 'role-assignment', 'add-member', store, ...APP, '--name', 'Writers', '--sid', NEW_USER)
  await ok(t, 'role-definition', 'create', store, ...APP, '--name', 'Above')
  await tooDeep(t, store, n + 1, /role definition "Above"/, 'role-definition', 'add-task', store, ...APP, '--name', 'Above', '--task', taskName(n - 1))
  await ok(t, 'role-definition', 'remove-task', store, ...APP, '--name', taskName(n - 1), '--task', taskName(n - 2), '--force')
})
