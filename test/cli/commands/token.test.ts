import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { hashToken } from '../../../src/tokens/token-secret.js'
import { runCli, STACK_LINE } from '../run-cli.js'

t.test('token add prints the token alone, once; the file keeps its hash only', async (t) => {
  const file = join(t.testdir({}), 'tokens.json')
  const added = await runCli(['token', 'add', '--tokens', file, '--name', 'ci-pipeline', '--role', 'operator'])
  t.equal(added.code, 0, added.stderr)
  t.match(added.stdout, /^azman_[A-Za-z0-9_-]{43}\n$/, 'the token alone on stdout')
  const token = added.stdout.trim()
  const text = readFileSync(file, 'utf8')
  t.notOk(text.includes(token), 'the file does not hold the token')
  t.ok(text.includes(hashToken(token).toString('hex')), 'it holds its SHA-256')
  t.equal(statSync(file).mode & 0o777, 0o600, 'readable by its owner only')
  const json = await runCli(['token', 'add', '--tokens', file, '--name', 'portal', '--role', 'reader', '--json'])
  t.match(JSON.parse(json.stdout), { name: 'portal', role: 'reader', created: String, token: /^azman_/ })
  const list = await runCli(['token', 'list', '--tokens', file, '--json'])
  const listed = JSON.parse(list.stdout) as { tokens: { name: string; role: string }[] }
  t.same(
    listed.tokens.map((x) => [x.name, x.role]),
    [
      ['ci-pipeline', 'operator'],
      ['portal', 'reader'],
    ],
  )
  t.notOk(list.stdout.includes(token) || list.stdout.includes(hashToken(token).toString('hex')), 'list shows neither tokens nor hashes')
  t.match((await runCli(['token', 'list', '--tokens', file])).stdout, /ci-pipeline {2}operator {2}created /)
  const revoked = await runCli(['token', 'revoke', '--tokens', file, '--name', 'ci-pipeline'])
  t.equal(revoked.code, 0)
  t.match(revoked.stdout, /revoked token "ci-pipeline" \(operator\)/)
  t.same(
    (JSON.parse((await runCli(['token', 'list', '--tokens', file, '--json'])).stdout) as { tokens: { name: string }[] }).tokens.map((x) => x.name),
    ['portal'],
  )
})

t.test('token usage errors and refusals', async (t) => {
  const dir = t.testdir({})
  const file = join(dir, 'tokens.json')
  const cases: [string[], number, RegExp][] = [
    [['token', 'add', '--tokens', file, '--name', 'x', '--role', 'admin'], 3, /--role is one of reader, auditor, operator/],
    [['token', 'add', '--tokens', file, '--role', 'reader'], 3, /--name is required/],
    [['token', 'add', '--name', 'x', '--role', 'reader'], 3, /--tokens is required/],
    [['token', 'add', '--tokens', file, '--name', 'has space', '--role', 'reader'], 3, /token name "has space" is not allowed/],
    [['token', 'frobnicate', '--tokens', file], 3, /token takes one of: add, list, revoke/],
    [['token', 'revoke', '--tokens', file, '--name', 'nobody'], 2, /cannot read/],
  ]
  for (const [args, code, message] of cases) {
    const r = await runCli(args)
    t.equal(r.code, code, `${args.slice(0, 2).join(' ')}: exit ${code}`)
    t.match(r.stderr, message)
    t.notMatch(r.stderr, STACK_LINE)
  }
  t.equal((await runCli(['token', 'add', '--tokens', file, '--name', 'x', '--role', 'reader'])).code, 0)
  const before = readFileSync(file)
  const dup = await runCli(['token', 'add', '--tokens', file, '--name', 'x', '--role', 'operator'])
  t.equal(dup.code, 5, 'a name twice: conflict')
  t.match(dup.stderr, /AZMAN_ERR_CONFLICT_EXISTS/)
  t.equal(dup.stdout, '', 'no token printed')
  t.ok(readFileSync(file).equals(before), 'the file is unchanged')
  const unknown = await runCli(['token', 'revoke', '--tokens', file, '--name', 'nobody'])
  t.equal(unknown.code, 3)
  t.match(unknown.stderr, /no token named "nobody".*AZMAN_ERR_NOT_FOUND/)
  writeFileSync(file, '{"format": "azman-tokens/1", "tokens": [{"name": "x", "role": "root", "sha256": "00", "created": ""}]}')
  const damaged = await runCli(['token', 'list', '--tokens', file])
  t.equal(damaged.code, 2)
  t.match(damaged.stderr, /is not a tokens file: tokens\[0\]\.role/)
})
