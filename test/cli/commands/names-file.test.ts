import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { azman, runCli, sample } from '../run-cli.js'
import { refused, unchanged } from './access-cli.js'

const DELEGATED = sample('hyperv-2008r2-delegated.xml')
const APP = 'Hyper-V services'
const D = 'S-1-5-21-1004336348-1177238915-682003330'

/** A names file as `Get-ADObject ... | Export-Csv -NoTypeInformation` writes it, naming the sample's principals. */
const CSV = [
  '"SID","Name","NTAccount"',
  `"${D}-1105","Alice Smith","CONTOSO\\alice"`,
  `"${D}-1106","Smith, Bob","CONTOSO\\bob"`,
  `"${D}-1108","Helpdesk","CONTOSO\\helpdesk"`,
  `"${D}-1120","Prod Monitors","CONTOSO\\prod-monitors"`,
  '',
].join('\r\n')

/** The delegated sample with Everyone added to "Production Monitors" (IT Monitor in scope Production VMs). */
function everyoneStore(dir: string): string {
  const path = join(dir, 'everyone.xml')
  const xml = readFileSync(DELEGATED, 'utf8').replace(`<Member>${D}-1120</Member></AzRole>`, `<Member>${D}-1120</Member><Member>S-1-1-0</Member></AzRole>`)
  writeFileSync(path, xml)
  return path
}

t.test('--names: show, who-can and audit print names from the file', async (t) => {
  const dir = t.testdir({ 'names.csv': CSV })
  const names = join(dir, 'names.csv')
  await unchanged(t, DELEGATED, async () => {
    const show = await azman('show', DELEGATED, '--names', names)
    t.equal(show.code, 0)
    t.match(show.stdout, `member ${D}-1108 CONTOSO\\helpdesk`)
    const plain = await azman('show', DELEGATED)
    t.notMatch(plain.stdout, 'CONTOSO', 'without --names: SIDs only')
    const json = JSON.parse((await azman('show', DELEGATED, '--json', `--names=${names}`)).stdout) as unknown
    t.match(JSON.stringify(json), `{"sid":"${D}-1120","name":"CONTOSO\\\\prod-monitors"}`)
    const whoCan = await azman('who-can', DELEGATED, '--app', APP, '--operation', '100', '--names', names)
    t.match(whoCan.stdout, `${D}-1105 (CONTOSO\\alice)`)
    const audit = await azman('audit', DELEGATED, '--template', 'templates/', '--names', names)
    t.match(audit.stdout, `CONTOSO\\prod-monitors (${D}-1120)`)
    const report = JSON.parse((await azman('audit', DELEGATED, '--template', 'templates/', '--json', '--names', names)).stdout) as {
      assignments: { holders: { sid: string; name: string | null }[] }[]
    }
    const holders = report.assignments.flatMap((a) => a.holders)
    t.match(holders, [{}], 'the report has holders')
    t.same(
      holders.filter((h) => h.sid.startsWith(D)).map((h) => h.name),
      holders
        .filter((h) => h.sid.startsWith(D))
        .map((h) => ({ [`${D}-1105`]: 'CONTOSO\\alice', [`${D}-1106`]: 'CONTOSO\\bob', [`${D}-1108`]: 'CONTOSO\\helpdesk', [`${D}-1120`]: 'CONTOSO\\prod-monitors' })[h.sid] ?? null),
      'every domain holder the file names is named',
    )
    t.ok(holders.some((h) => h.name === 'CONTOSO\\helpdesk'))
  })
})

t.test('AZMAN_NAMES names the file when --names does not; --names wins', async (t) => {
  const dir = t.testdir({ 'names.csv': CSV, 'other.json': JSON.stringify({ [`${D}-1108`]: 'FABRIKAM\\desk' }) })
  const byEnv = await runCli(['show', DELEGATED], { AZMAN_NAMES: join(dir, 'names.csv') })
  t.match(byEnv.stdout, 'CONTOSO\\helpdesk')
  const both = await runCli(['show', DELEGATED, '--names', join(dir, 'other.json')], { AZMAN_NAMES: join(dir, 'names.csv') })
  t.match(both.stdout, 'FABRIKAM\\desk')
  t.notMatch(both.stdout, 'CONTOSO')
})

t.test('a names file is cached once settled: later commands answer the same from the cache, a change shows at once', async (t) => {
  const dir = t.testdir({ 'names.csv': CSV, cache: {} })
  const names = join(dir, 'names.csv')
  const env = { AZMAN_CACHE_DIR: join(dir, 'cache') }
  await new Promise((r) => setTimeout(r, 2_100)) // a file changed less than 2 s ago is not cached; its change time cannot be set back
  const runs: string[] = []
  for (let i = 0; i < 3; i++) {
    const run = await runCli(['show', DELEGATED, '--names', names], env)
    t.equal(run.code, 0)
    runs.push(run.stdout)
  }
  t.match(runs[0], `member ${D}-1108 CONTOSO\\helpdesk`)
  t.equal(runs[1], runs[0], 'the cached answer is the same')
  t.equal(runs[2], runs[0])
  t.equal(readdirSync(join(dir, 'cache')).length, 1, 'one cache file')
  const who = await runCli(['what-can', DELEGATED, '--app', APP, '--account', 'contoso\\ALICE', '--names', names, '--json'], env)
  t.same((JSON.parse(who.stdout) as { sids: string[] }).sids, [`${D}-1105`], '--account resolves from the cache')
  writeFileSync(names, CSV.replace('CONTOSO\\helpdesk', 'CONTOSO\\service-desk'))
  t.match((await runCli(['show', DELEGATED, '--names', names], env)).stdout, `member ${D}-1108 CONTOSO\\service-desk`, 'the changed file is read again')
  const off = t.testdir({ 'names.csv': CSV, cache: {} })
  await new Promise((r) => setTimeout(r, 2_100))
  await runCli(['show', DELEGATED, '--names', join(off, 'names.csv')], { AZMAN_CACHE_DIR: join(off, 'cache'), AZMAN_NO_CACHE: '1' })
  t.same(readdirSync(join(off, 'cache')), [], 'AZMAN_NO_CACHE=1: nothing cached')
})

t.test('--account resolves through the names file without a directory', async (t) => {
  const dir = t.testdir({ 'names.csv': CSV, 'twice.csv': `SID,Name\n${D}-1105,pat\n${D}-1106,pat\n` })
  const names = join(dir, 'names.csv')
  const run = await azman('what-can', DELEGATED, '--app', APP, '--account', 'contoso\\ALICE', '--names', names, '--json')
  t.equal(run.code, 0)
  t.same((JSON.parse(run.stdout) as { sids: string[] }).sids, [`${D}-1105`])
  const check = await azman('check', DELEGATED, '--app', APP, '--account', 'CONTOSO\\helpdesk', '--operation', '100', '--names', names)
  t.equal(check.code, 0, 'helpdesk holds 100 at application level')
  refused(t, await azman('what-can', DELEGATED, '--app', APP, '--account', 'CONTOSO\\nobody', '--names', names), 3, 'AZMAN_ERR_NOT_FOUND', /"CONTOSO\\nobody" is not in the names file/)
  refused(t, await azman('what-can', DELEGATED, '--app', APP, '--account', 'pat', '--names', join(dir, 'twice.csv')), 3, 'AZMAN_ERR_NOT_FOUND', /names more than one SID/)
})

t.test('a bad names file: exit 2 with the line, nothing changed', async (t) => {
  const dir = t.testdir({ 'bad.csv': `SID,Name\n${D}-1105,alice\nnot-a-sid,bob\n`, 'conflict.json': `[{"sid":"${D}-1105","name":"a"},{"sid":"${D}-01105","name":"b"}]` })
  await unchanged(t, DELEGATED, async () => {
    refused(t, await azman('show', DELEGATED, '--names', join(dir, 'bad.csv')), 2, 'AZMAN_ERR_NAMES_FILE', /bad\.csv, line 3: "not-a-sid" is not a SID/)
    refused(t, await azman('who-can', DELEGATED, '--app', APP, '--operation', '100', '--names', join(dir, 'conflict.json')), 2, 'AZMAN_ERR_NAMES_FILE', /\[1\]: .* is named "b" here and "a" at \[0\]/)
    refused(t, await azman('show', DELEGATED, '--names', join(dir, 'missing.csv')), 2, 'AZMAN_ERR_NAMES_FILE', /no such file/)
    refused(t, await runCli(['show', DELEGATED], { AZMAN_NAMES: dir }), 2, 'AZMAN_ERR_NAMES_FILE', /it is a folder/)
    refused(t, await azman('show', DELEGATED, '--names'), 3, 'AZMAN_ERR_USAGE', /--names needs a file/)
  })
  const copy = join(dir, 'lab.xml')
  writeFileSync(copy, readFileSync(DELEGATED))
  await unchanged(t, copy, async () => {
    const write = await azman('scope', 'create', copy, '--app', APP, '--name', 'New', '--names', join(dir, 'bad.csv'))
    refused(t, write, 2, 'AZMAN_ERR_NAMES_FILE')
  })
})

t.test('token honesty: --sid is the whole token, said in a note; --with-well-known adds the logon SIDs', async (t) => {
  const store = everyoneStore(t.testdir({}))
  await unchanged(t, store, async () => {
    const only = await azman('what-can', store, '--app', APP, '--sid', `${D}-1105`)
    t.equal(only.code, 0)
    t.match(only.stdout, /In scope "Production VMs": 2 granted, 0 conditional/)
    t.match(
      only.stdout,
      /\n\nnote: the token holds only the SIDs given: no Everyone, Authenticated Users or Users unless given \(--with-well-known, over REST withWellKnown=true, adds them\), and no group memberships\n$/,
    )
    const logon = await azman('what-can', store, '--app', APP, '--sid', `${D}-1105`, '--with-well-known')
    t.match(logon.stdout, /In scope "Production VMs": 9 granted, 0 conditional/, 'what Everyone holds there appears')
    t.match(logon.stdout, /granted +335 "View Virtual Machine Configuration" via Production Monitors <- S-1-1-0 \(Everyone\)/)
    t.match(logon.stdout, /note: the token holds the SIDs given with Everyone, Authenticated Users and Users/)
    const json = JSON.parse((await azman('what-can', store, '--app', APP, '--sid', `${D}-1105`, '--with-well-known', '--json')).stdout) as { sids: string[]; tokenNote: string }
    t.same(json.sids, [`${D}-1105`, 'S-1-1-0', 'S-1-5-11', 'S-1-5-32-545'])
    t.match(json.tokenNote, /^note: the token holds the SIDs given with Everyone/)
    const given = JSON.parse((await azman('what-can', store, '--app', APP, '--sid', 'Everyone', '--sid', `${D}-1105`, '--with-well-known', '--json')).stdout) as { sids: string[] }
    t.same(given.sids, ['S-1-1-0', `${D}-1105`, 'S-1-5-11', 'S-1-5-32-545'], 'a logon SID already given is not repeated')
    const denied = await azman('check', store, '--app', APP, '--scope', 'Production VMs', '--sid', `${D}-1105`, '--operation', '335')
    t.equal(denied.code, 1)
    t.match(denied.stdout, /\nnote: the token holds only the SIDs given/)
    const granted = await azman('check', store, '--app', APP, '--scope', 'Production VMs', '--sid', `${D}-1105`, '--operation', '335', '--with-well-known', '--json')
    t.equal(granted.code, 0)
    t.match(JSON.parse(granted.stdout), { sids: [`${D}-1105`, 'S-1-1-0', 'S-1-5-11', 'S-1-5-32-545'], tokenNote: /Everyone/, results: [{ decision: 'granted' }] })
  })
})
