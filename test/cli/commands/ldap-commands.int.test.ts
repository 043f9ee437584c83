import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { diffPolicies } from '../../../src/model/edit/diff-policies.js'
import type { PolicyStore } from '../../../src/model/policy.js'
import { parseXmlStore } from '../../../src/xml/policy/parse-xml-store.js'
import { renderStore } from '../../../src/xml/policy/render-store.js'
import { dcEnv, entryExists, removeAtEnd, storeUrl, uniqueStoreDn } from '../../support/ad-store.js'
import { ensureDc, type TestDc } from '../../support/samba-dc.js'
import { samplePolicy, withoutGroups } from '../../store/samples.js'
import { fingerprint, runCli, sample, spawnCli, STACK_LINE } from '../run-cli.js'

// Every command on an msldap:// store of the Samba AD DC the suite starts on loopback
// (test/support/samba-dc.ts); credentials and TLS options come from the environment, as a user would set them.

const readXml = (path: string): PolicyStore => parseXmlStore(readFileSync(path), path).policy

async function newStore(t: Test, label: string): Promise<{ dc: TestDc; url: string; dn: string; env: Record<string, string> }> {
  const dc = await ensureDc()
  const dn = uniqueStoreDn(dc, label)
  removeAtEnd(t, dc, dn)
  return { dc, dn, url: storeUrl(dc, dn), env: dcEnv(dc) }
}

t.test('copy XML -> AD -> XML keeps every object, link and member of each sample Samba accepts', async (t) => {
  const dir = t.testdir()
  const delegatedWithoutGroups = join(dir, 'delegated-without-groups.xml')
  writeFileSync(delegatedWithoutGroups, renderStore(withoutGroups(samplePolicy('hyperv-2008r2-delegated.xml'))))
  for (const source of [sample('hyperv-2008.xml'), sample('hyperv-2008r2.xml'), delegatedWithoutGroups]) {
    const { url, env } = await newStore(t, 'copy')
    const there = await runCli(['copy', source, url, '--json'], env)
    t.equal(there.code, 0, `${source} -> AD: ${there.stderr}`)
    t.match(JSON.parse(there.stdout), { source, destination: url, version: /^ad:usn=\d+:n=\d+:[0-9a-f]{32}$/ })
    const back = join(dir, `back-${Math.random().toString(16).slice(2)}.xml`)
    const home = await runCli(['copy', url, back], env)
    t.equal(home.code, 0, home.stderr)
    t.same(diffPolicies(readXml(back), readXml(source)), [], `${source}: the round trip is lossless (model)`)
    const diff = await runCli(['diff', source, back, '--json'])
    t.equal(diff.code, 0, `${source}: azman diff finds no difference after XML -> AD -> XML: ${diff.stdout.slice(0, 400)}`)
    t.match(JSON.parse(diff.stdout), { same: true })
    const direct = await runCli(['diff', source, url], env)
    t.equal(direct.code, 0, `azman diff compares the XML store with the AD store directly: ${direct.stdout.slice(0, 400)}`)
    const exported = [await runCli(['export', source, '--json']), await runCli(['export', back, '--json'])].map((r) => JSON.parse(r.stdout) as { applications: { operations: unknown[] }[] })
    t.equal(exported[1]?.applications[0]?.operations.length, exported[0]?.applications[0]?.operations.length)
    const again = await runCli(['copy', source, url], env)
    t.equal(again.code, 5, 'an existing AD store is not replaced without --force')
  }
})

t.test('copying a store Samba refuses in part fails clearly and leaves no partial store', async (t) => {
  const { dc, dn, url, env } = await newStore(t, 'refused')
  const r = await runCli(['copy', sample('hyperv-2008r2-delegated.xml'), url, '--json'], env)
  t.equal(r.code, 4)
  t.match(r.stderr, /^azman: .*does not support AzMan application groups.*nothing was left in the directory \(the \d+ write\(s\) made were removed\) \[AZMAN_ERR_LDAP_UNSUPPORTED\]\n$/)
  t.notMatch(r.stderr, STACK_LINE)
  t.match(JSON.parse(r.stdout), { error: { code: 'AZMAN_ERR_LDAP_UNSUPPORTED', exitCode: 4 } })
  t.notOk(await entryExists(dc, dn), 'nothing at the store DN')
})

t.test('show, validate, export and the write commands work on an AD store; accounts resolve through its DC', async (t) => {
  const { dc, url, env } = await newStore(t, 'commands')
  t.equal((await runCli(['copy', sample('hyperv-2008r2.xml'), url], env)).code, 0)
  const journal = join(t.testdir(), 'journal.jsonl')
  t.equal((await runCli(['validate', url], env)).code, 0)
  const created = await runCli(['scope', 'create', url, '--app', 'Hyper-V services', '--name', 'Lab VMs', '--journal', journal, '--reason', 'T-1'], env)
  t.equal(created.code, 0, created.stderr)
  const role = await runCli(
    ['role-assignment', 'create', url, '--app', 'Hyper-V services', '--scope', 'Lab VMs', '--name', 'Lab Admins', '--role-definition', 'Administrator', '--journal', journal],
    env,
  )
  t.equal(role.code, 0, role.stderr)
  const member = await runCli(
    [
      'role-assignment',
      'add-member',
      url,
      '--app',
      'Hyper-V services',
      '--scope',
      'Lab VMs',
      '--name',
      'Lab Admins',
      '--account',
      'AZLAB\\alice',
      '--account',
      'carol@azlab.test',
      '--journal',
      journal,
      '--json',
    ],
    env,
  )
  t.equal(member.code, 0, member.stderr)
  const shown = await runCli(['show', url, '--json'], env)
  t.equal(shown.code, 0)
  const view = JSON.parse(shown.stdout) as { applications: { scopes: { name: string; roles: { name: string; members: { sid: string; name: string | null }[] }[] }[] }[] }
  const members = view.applications[0]?.scopes.find((s) => s.name === 'Lab VMs')?.roles[0]?.members
  t.same(
    members,
    [
      { sid: dc.sids.alice, name: 'AZLAB\\alice' },
      { sid: dc.sids.carol, name: 'AZLAB\\carol' },
    ].sort((a, b) => ((a.sid ?? '') < (b.sid ?? '') ? -1 : 1)),
    'the accounts resolved to their SIDs, and SIDs are shown with their names',
  )
  t.match((await runCli(['show', url], env)).stdout, /member S-1-5-21-[0-9-]+ AZLAB\\alice/)
  t.match((await runCli(['history', url], env)).stdout, /no journal given: .*--journal FILE/)
  const history = await runCli(['history', url, '--journal', journal, '--json'], env)
  const entries = (JSON.parse(history.stdout) as { entries: { id: string; reason?: string }[] }).entries
  t.equal(entries.length, 3, 'three journaled writes')
  t.equal(entries[0]?.reason, 'T-1')
  const rolled = await runCli(['rollback', url, '--to', entries[0]?.id ?? '', '--journal', journal], env)
  t.equal(rolled.code, 0, rolled.stderr)
  const after = JSON.parse((await runCli(['export', url, '--json'], env)).stdout) as { applications: { scopes: { name: string; roles: unknown[] }[] }[] }
  t.same(
    after.applications[0]?.scopes.map((s) => [s.name, s.roles.length]),
    [['Lab VMs', 0]],
    'back to the scope alone',
  )
  const unknown = await runCli(['role-assignment', 'add-member', url, '--app', 'Hyper-V services', '--name', 'Administrator', '--account', 'AZLAB\\*'], env)
  t.equal(unknown.code, 4, 'a wildcard is a name, not a pattern')
  t.match(unknown.stderr, /"AZLAB\\\*" is not an account of the domain AZLAB .*\[AZMAN_ERR_ACCOUNT_UNKNOWN\]/)
})

t.test('a saved plan is applied only to the version it was made on', async (t) => {
  const { url, env } = await newStore(t, 'plan')
  t.equal((await runCli(['copy', sample('hyperv-2008r2.xml'), url], env)).code, 0)
  const dir = t.testdir({ 'changes.json': JSON.stringify({ changes: [{ type: 'create-scope', app: 'Hyper-V services', name: 'Planned' }] }) })
  const plan = await runCli(['plan', url, join(dir, 'changes.json'), '--out', join(dir, 'plan.json')], env)
  t.equal(plan.code, 0, plan.stderr)
  t.equal((await runCli(['scope', 'create', url, '--app', 'Hyper-V services', '--name', 'Meanwhile'], env)).code, 0)
  const stale = await runCli(['apply', url, join(dir, 'plan.json')], env)
  t.equal(stale.code, 5)
  t.match(stale.stderr, /changed since the plan was made .*\[AZMAN_ERR_CONFLICT_STALE\]/)
  const fresh = await runCli(['plan', url, join(dir, 'changes.json'), '--out', join(dir, 'plan.json')], env)
  t.equal(fresh.code, 0)
  t.equal((await runCli(['apply', url, join(dir, 'plan.json')], env)).code, 0)
})

t.test('credentials: flags or environment, and a wrong password never shows', async (t) => {
  const { url, env } = await newStore(t, 'creds')
  t.equal((await runCli(['copy', sample('hyperv-2008.xml'), url], env)).code, 0)
  const dir = t.testdir({ 'password.txt': 'N0t-The-Password\n', 'good.txt': `${env.AZMAN_LDAP_PASSWORD}\r\n` })
  const { AZMAN_LDAP_PASSWORD: _p, AZMAN_LDAP_USER: _u, ...noCredentials } = env
  const wrong = await runCli(['show', url, '--ldap-user', 'AZLAB\\Administrator', '--ldap-password-file', join(dir, 'password.txt'), '--json'], noCredentials)
  t.equal(wrong.code, 2)
  t.match(wrong.stderr, /refused the credentials of AZLAB\\Administrator .*\[AZMAN_ERR_LDAP_AUTH\]/)
  t.notMatch(wrong.stdout + wrong.stderr, /N0t-The-Password/, 'the password is not echoed')
  const viaEnv = await runCli(['show', url], { ...env, AZMAN_LDAP_PASSWORD: 'N0t-The-Password' })
  t.equal(viaEnv.code, 2)
  t.notMatch(viaEnv.stdout + viaEnv.stderr, /N0t-The-Password/)
  const good = await runCli(['show', url, '--ldap-user', 'AZLAB\\Administrator', '--ldap-password-file', join(dir, 'good.txt')], noCredentials)
  t.equal(good.code, 0, 'a password file with a CRLF line end works')
  const none = await runCli(['show', url], noCredentials)
  t.equal(none.code, 2)
  t.match(none.stderr, /no credentials .*AZMAN_LDAP_USER/)
  const untrusted = await runCli(['show', url], { ...env, AZMAN_LDAP_CA: '' })
  t.equal(untrusted.code, 2)
  t.match(untrusted.stderr, /is not trusted .*\[AZMAN_ERR_LDAP_TLS\]/)
  const misnamed = await runCli(['show', url], { ...env, AZMAN_LDAP_TLS_SERVERNAME: '' })
  t.match(misnamed.stderr, /does not name 127\.0\.0\.1 .*AZMAN_LDAP_TLS_SERVERNAME/)
  const insecure = await runCli(['show', url, '--ldap-insecure'], env)
  t.equal(insecure.code, 0, 'the test DC allows plain binds when asked for')
  const missingValue = await runCli(['show', url, '--ldap-password-file'], env)
  t.equal(missingValue.code, 3)
})

t.test('an XML store resolves domain accounts through --directory (or AZMAN_LDAP_URL)', async (t) => {
  const dc = await ensureDc()
  const dir = t.testdir({ 'store.xml': readFileSync(sample('hyperv-2008r2.xml')) })
  const store = join(dir, 'store.xml')
  const args = ['role-assignment', 'add-member', store, '--app', 'Hyper-V services', '--name', 'Administrator', '--account', 'AZLAB\\bob']
  const before = fingerprint(store)
  const without = await runCli(args, dcEnv(dc))
  t.equal(without.code, 4)
  t.match(without.stderr, /needs a directory: pass --directory/)
  t.same(fingerprint(store), before, 'nothing written')
  const added = await runCli([...args, '--directory', `ldap://${dc.host}:${dc.port}`], dcEnv(dc))
  t.equal(added.code, 0, added.stderr)
  t.ok(readXml(store).applications[0]?.roleAssignments[0]?.members.includes(dc.sids.bob ?? 'x'), "bob's SID is in the file")
  const shown = await runCli(['show', store], { ...dcEnv(dc), AZMAN_LDAP_URL: `ldap://${dc.host}:${dc.port}` })
  t.match(shown.stdout, /AZLAB\\bob/, 'and shown by name')
})

t.test('check, who-can, what-can, matrix, audit and diff work on an AD store; accounts answer with their Windows token', async (t) => {
  const { dc, url, env } = await newStore(t, 'access')
  t.equal((await runCli(['copy', sample('hyperv-2008r2.xml'), url], env)).code, 0)
  const app = ['--app', 'Hyper-V services']
  t.equal((await runCli(['scope', 'create', url, ...app, '--name', 'Lab VMs'], env)).code, 0)
  t.equal((await runCli(['role-assignment', 'create', url, ...app, '--scope', 'Lab VMs', '--name', 'Lab admins', '--role-definition', 'Administrator'], env)).code, 0)
  // alice is in Lab Operators, itself in Lab Admins: only her tokenGroups reach the member.
  const member = await runCli(['role-assignment', 'add-member', url, ...app, '--scope', 'Lab VMs', '--name', 'Lab admins', '--sid', dc.sids['Lab Admins'] ?? 'x'], env)
  t.equal(member.code, 0, member.stderr)
  const where = [...app, '--scope', 'Lab VMs', '--operation', '315']

  const alice = await runCli(['check', url, ...where, '--account', 'AZLAB\\alice', '--json'], env)
  t.equal(alice.code, 0, `alice is granted through her transitive groups: ${alice.stderr}`)
  const decided = JSON.parse(alice.stdout) as {
    account: { sid: string; name: string }
    sids: string[]
    results: { decision: string; because: { member: { sid?: string; name?: string | null }[] }[] }[]
  }
  t.same(decided.account, { sid: dc.sids.alice, name: 'AZLAB\\alice' })
  t.ok(decided.sids.includes('S-1-1-0') && decided.sids.includes('S-1-5-11') && decided.sids.includes(dc.sids['Lab Operators'] ?? 'x'), 'the token: her groups, Everyone, Authenticated Users')
  t.match(decided.results[0], { decision: 'granted', because: [{ member: [{ sid: dc.sids['Lab Admins'], name: /^AZLAB\\/ }] }] }, 'the member SID is named by the directory')
  const text = await runCli(['check', url, ...where, '--account', 'alice@azlab.test'], env)
  t.equal(text.code, 0)
  t.match(text.stdout, /^AZLAB\\alice: token S-1-5-21-[0-9-]+ \(AZLAB\\alice\)/)
  t.match(text.stdout, /GRANTED[\s\S]*member: S-1-5-21-[0-9-]+ \(AZLAB\\LabAdmins\)/)
  t.equal((await runCli(['check', url, ...where, '--account', 'AZLAB\\bob'], env)).code, 1, 'bob is not in the group')
  t.equal((await runCli(['check', url, ...where, '--sid', dc.sids.alice ?? 'x'], env)).code, 1, 'a --sid list is the whole token: no groups are added')
  const unknown = await runCli(['check', url, ...where, '--account', 'AZLAB\\nobody'], env)
  t.equal(unknown.code, 3, 'a query changes nothing: an unknown account is not found (exit 3), not an invalid change (4)')
  t.match(unknown.stderr, /is not an account of the domain AZLAB .*\[AZMAN_ERR_NOT_FOUND\]/)

  const who = await runCli(['who-can', url, ...where], env)
  t.equal(who.code, 0, who.stderr)
  t.match(who.stdout, /GRANTED +S-1-5-21-[0-9-]+ \(AZLAB\\LabAdmins\)/)
  t.match(who.stdout, /S-1-5-32-544 \(BUILTIN\\Administrators\)/)
  const what = await runCli(['what-can', url, ...app, '--account', 'AZLAB\\alice', '--json'], env)
  t.equal(what.code, 0, what.stderr)
  const scopes = (JSON.parse(what.stdout) as { scopes: { scope: string | null; granted: { operation: { id: number } }[] }[] }).scopes
  t.ok(
    scopes.find((s) => s.scope === 'Lab VMs')?.granted.some((o) => o.operation.id === 315),
    'what-can: alice may start VMs in Lab VMs',
  )
  t.equal(scopes.find((s) => s.scope === null)?.granted.length, 0, 'and nothing at application level')
  t.equal((await runCli(['matrix', url, ...app], env)).code, 0)
  const audit = await runCli(['audit', url, '--template', 'templates/', '--json'], env)
  t.ok(audit.code === 0 || audit.code === 1, `audit reads the AD store: ${audit.stderr}`)
  t.match(JSON.parse(audit.stdout), { store: url })
  const diff = await runCli(['diff', sample('hyperv-2008r2.xml'), url, '--json'], env)
  t.equal(diff.code, 1, 'the scope and role assignment made since the copy are differences')
  t.match(diff.stdout, /Lab VMs/)
})

t.test('an XML store with an LDAP-query group: the directory decides membership for --account', async (t) => {
  const dc = await ensureDc()
  const dir = t.testdir({ 'store.xml': readFileSync(sample('hyperv-2008r2.xml')) })
  const store = join(dir, 'store.xml')
  const app = ['--app', 'Hyper-V services']
  const directory = ['--directory', `ldap://${dc.host}:${dc.port}`]
  t.equal((await runCli(['group', 'create', store, ...app, '--name', 'Lab department', '--group-type', 'LdapQuery', '--ldap-query', '(department=Lab)'])).code, 0)
  const ra = await runCli(['role-assignment', 'create', store, ...app, '--name', 'Lab department', '--role-definition', 'Administrator'])
  t.equal(ra.code, 0, ra.stderr)
  t.equal((await runCli(['role-assignment', 'add-member', store, ...app, '--name', 'Lab department', '--group', 'Lab department'])).code, 0)
  const before = fingerprint(store)
  const check = (account: string, more: string[] = []) => runCli(['check', store, ...app, '--operation', '315', '--account', account, '--json', ...more], dcEnv(dc))
  const alice = await check('AZLAB\\alice', directory)
  t.equal(alice.code, 0, `alice's department is Lab: ${alice.stderr}`)
  t.match(JSON.parse(alice.stdout), {
    results: [{ decision: 'granted', because: [{ certainty: 'certain', roleAssignment: { name: 'Lab department' }, member: [{ type: 'group', name: 'Lab department', groupType: 'LdapQuery' }] }] }],
  })
  const bob = await check('AZLAB\\bob', directory)
  t.equal(bob.code, 1, 'bob is in Sales: the query says no')
  t.match(JSON.parse(bob.stdout), { results: [{ decision: 'denied' }] })
  const noDirectory = await runCli(['check', store, ...app, '--operation', '315', '--sid', dc.sids.alice ?? 'x', '--json'])
  t.match(JSON.parse(noDirectory.stdout), { results: [{ decision: 'conditional' }] }, 'without a directory the group is conditional')
  const domainWithout = await check('AZLAB\\alice')
  t.equal(domainWithout.code, 3, 'a domain account without a directory is refused: not found (exit 3), as in every query')
  t.match(domainWithout.stderr, /\[AZMAN_ERR_NOT_FOUND\]/)
  t.match(domainWithout.stderr, /needs a directory: pass --directory .*or give its SID \(--sid\)/)
  t.equal((await runCli(['check', store, ...app, '--operation', '315', '--account', 'BUILTIN\\Administrators'])).code, 0, 'well-known names need no directory')
  t.same(fingerprint(store), before, 'queries change nothing')
})

t.test('the installed binary reads an AD store with the environment variables', async (t) => {
  const { url, env } = await newStore(t, 'binary')
  t.equal((await runCli(['copy', sample('hyperv-2008.xml'), url], env)).code, 0)
  const r = spawnCli(['export', url, '--json'], env)
  t.equal(r.code, 0, r.stderr)
  t.equal((JSON.parse(r.stdout) as { applications: { operations: unknown[] }[] }).applications[0]?.operations.length, 33)
})
