/**
 * Deeply nested application groups (issue #11, defect 3): a chain of 2,000
 * groups overflowed the call stack of check, who-can, what-can, audit, matrix,
 * diff and validate (exit 70, or 500 for every caller over REST). The walks
 * over nested groups now keep their own stack; this chain of 3,000 groups
 * (a role assignment holds group 0, group i holds group i+1, the last holds
 * the user) is answered by every command, and the answer is right.
 *
 * who-can runs on a chain of 1,000: it lists every group with its whole chain
 * up to the role assignment, so its output grows with the square of the depth
 * (534 MB of text at 5,000). A nesting limit enforced on write bounds that;
 * until then this test holds who-can to answering, not to a size.
 */
import { randomUUID } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { runCli, sample, STACK_LINE } from '../cli/run-cli.js'

const DEPTH = 3000
const USER = 'S-1-5-21-1004336348-1177238915-682003330-1199'
const APP = 'Hyper-V services'

/** The sample store with a chain of `depth` nested groups granting the Administrator role definition to USER. */
function chainStore(dir: string, depth: number): string {
  const guids = Array.from({ length: depth }, () => randomUUID())
  const groups = guids
    .map(
      (g, i) =>
        `<AzApplicationGroup Guid="${g}" Name="Level ${i}" GroupType="Basic">${i + 1 < depth ? `<AppMemberLink>${guids[i + 1] ?? ''}</AppMemberLink>` : `<Member>${USER}</Member>`}</AzApplicationGroup>`,
    )
    .join('')
  const xml = readFileSync(sample('hyperv-2008r2.xml'), 'utf8')
    .replace('<AzOperation ', `${groups}<AzOperation `)
    .replace('<Member>S-1-5-32-544</Member></AzRole>', `<AppMemberLink>${guids[0] ?? ''}</AppMemberLink><Member>S-1-5-32-544</Member></AzRole>`)
  const path = join(dir, 'deep.xml')
  writeFileSync(path, xml)
  return path
}

t.test(`every command answers on a chain of ${DEPTH} nested groups`, async (t) => {
  const store = chainStore(t.testdir({}), DEPTH)
  const commands: { readonly argv: readonly string[]; readonly code: number; readonly out?: RegExp }[] = [
    { argv: ['validate', store], code: 0 },
    { argv: ['check', store, '--app', APP, '--sid', USER, '--operation', '315'], code: 0, out: /GRANTED/ },
    { argv: ['what-can', store, '--app', APP, '--sid', USER], code: 0, out: /34 granted/ },
    { argv: ['audit', store, '--template', 'templates/'], code: 0 },
    { argv: ['matrix', store, '--app', APP], code: 0 },
    { argv: ['diff', store, sample('hyperv-2008r2.xml')], code: 1 },
  ]
  let checked = 0
  for (const { argv, code, out } of commands) {
    const run = await runCli(argv)
    t.equal(run.code, code, `${argv[0] ?? ''}: exit ${code}`, { stderr: run.stderr.slice(0, 500) })
    t.notMatch(run.stderr, /internal error|call stack/, `${argv[0] ?? ''}: no internal error`)
    t.notMatch(run.stderr, STACK_LINE)
    if (out) t.match(run.stdout, out, `${argv[0] ?? ''}: the answer`)
    checked++
  }
  t.equal(checked, commands.length)
})

t.test('who-can answers on a chain of 1,000 nested groups, every level listed', async (t) => {
  const store = chainStore(t.testdir({}), 1000)
  const run = await runCli(['who-can', store, '--app', APP, '--operation', '315', '--json'])
  t.equal(run.code, 0, 'exit 0', { stderr: run.stderr.slice(0, 500) })
  const body = JSON.parse(run.stdout) as { groups: { group: { name: string }; member: unknown[] }[] }
  const levels = body.groups.filter((g) => g.group.name.startsWith('Level '))
  t.equal(levels.length, 1000, 'each of the 1,000 groups')
  t.equal(levels.at(-1)?.member.length, 1000, 'the deepest with its chain of 1,000')
})
