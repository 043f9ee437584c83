/**
 * A throwaway Samba AD domain controller on loopback for the Active Directory
 * tests (recipe: provision() below; CONTRIBUTING.md). One DC serves
 * every test file of a run, and the next run too: `ensureDc()` reuses a DC that
 * answers, restarts a provisioned one that is not running, and provisions one
 * (about 5 s) only when there is none. A lock folder serialises test files that
 * call it at the same time.
 *
 *   tsx test/support/samba-dc.ts start | stop | status
 *
 * `.ci/run` starts the DC before `npm test` and stops it afterwards; a test run
 * without it starts the DC itself and leaves it running for the next run.
 *
 * Samba binds the fixed LDAP ports (389, 636), so there is one such DC per
 * machine; its state lives in `$AZMAN_TEST_DC_DIR` (default
 * `<tmpdir>/azman-test-dc`). The Debian packages are installed with apt-get
 * when missing (as root); otherwise the tests fail with what to install.
 */
import { execFile, spawn } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Attribute, Change, Client } from 'ldapts'

const run = promisify(execFile)

export const REALM = 'AZLAB.TEST'
export const NETBIOS_DOMAIN = 'AZLAB'
export const DC_HOST = 'DC1'
/** The name in the DC's certificate (the DC is reached by IP, so TLS needs it given). */
export const DC_FQDN = 'DC1.azlab.test'
export const BASE_DN = 'DC=azlab,DC=test'
export const PROGRAM_DATA = `CN=Program Data,${BASE_DN}`
/** Test-only credentials of a throwaway DC that listens on loopback only. */
export const ADMIN_USER = `${NETBIOS_DOMAIN}\\Administrator`
export const ADMIN_PASSWORD = 'Azman-Test-Pass1'
export const PACKAGES = ['samba', 'samba-ad-dc', 'samba-ad-provision', 'ldap-utils'] as const

/** Accounts created in the domain for the principal tests. */
export const FIXTURE_USERS = {
  alice: { department: 'Lab', groups: ['Lab Operators'] },
  bob: { department: 'Sales', groups: [] },
  carol: { department: 'Lab', groups: ['Lab Admins'] },
} as const
/** `Lab Operators` is itself a member of `Lab Admins`, so alice is in both (transitively). */
export const FIXTURE_GROUPS = { 'Lab Operators': ['Lab Admins'], 'Lab Admins': [] } as const

export interface TestDc {
  /** StartTLS URL of the DC (port 389). */
  readonly host: string
  readonly port: number
  readonly ldapsPort: number
  readonly caFile: string
  readonly tlsServerName: string
  readonly user: string
  readonly password: string
  readonly baseDn: string
  readonly programData: string
  /** The domain's SID, `S-1-5-21-...`. */
  readonly domainSid: string
  /** SIDs of the fixture accounts, by name (users and groups). */
  readonly sids: Readonly<Record<string, string>>
  readonly dir: string
}

function stateDir(): string {
  return process.env.AZMAN_TEST_DC_DIR ?? join(tmpdir(), 'azman-test-dc')
}

const paths = (dir: string) => ({
  target: join(dir, 'dc'),
  conf: join(dir, 'dc', 'etc', 'smb.conf'),
  empty: join(dir, 'empty.conf'),
  pid: join(dir, 'samba.pid'),
  log: join(dir, 'samba.log'),
  info: join(dir, 'dc.json'),
  ca: join(dir, 'dc', 'private', 'tls', 'ca.pem'),
  lock: `${dir}.lock`,
})

function log(message: string): void {
  if (process.env.AZMAN_TEST_DC_QUIET !== '1') process.stderr.write(`# samba-dc: ${message}\n`)
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim())
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

/** The naming context the LDAP server on 127.0.0.1:389 reports, or undefined when nothing answers. */
async function rootDse(): Promise<string | undefined> {
  const client = new Client({ url: 'ldap://127.0.0.1:389', connectTimeout: 1000, timeout: 3000 })
  try {
    const { searchEntries } = await client.search('', { scope: 'base', attributes: ['defaultNamingContext'] })
    const nc = searchEntries[0]?.defaultNamingContext
    return typeof nc === 'string' ? nc : ''
  } catch {
    return undefined
  } finally {
    await client.unbind().catch(() => undefined)
  }
}

/** Whether the Samba AD DC and ldapsearch are installed (ensureDc installs them only as root). */
export async function sambaInstalled(): Promise<boolean> {
  return (await which('samba-tool')) && (await which('samba')) && (await which('ldapsearch')) && existsSync('/usr/share/samba/setup/provision.ldif')
}

async function which(command: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${command}`])
    return true
  } catch {
    return false
  }
}

/** Installs the Debian packages the DC needs when samba-tool, samba or ldapsearch is missing. */
export async function ensurePackages(): Promise<void> {
  if (await sambaInstalled()) return
  if (process.getuid?.() !== 0) {
    throw new Error(`the AD tests need a Samba AD DC: run as root, or install the packages: apt-get install -y ${PACKAGES.join(' ')}`)
  }
  log(`installing ${PACKAGES.join(' ')} with apt-get`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  try {
    await run('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '--no-install-recommends', ...PACKAGES], { env, maxBuffer: 64 * 1024 * 1024 })
  } catch {
    await run('apt-get', ['update'], { env, maxBuffer: 64 * 1024 * 1024 })
    await run('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '--no-install-recommends', ...PACKAGES], { env, maxBuffer: 64 * 1024 * 1024 })
  }
}

/** Takes the lock folder, breaking it when its owner died. */
async function withLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const { lock } = paths(dir)
  const deadline = Date.now() + 180_000
  for (;;) {
    try {
      mkdirSync(lock)
      writeFileSync(join(lock, 'owner'), String(process.pid))
      break
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      const owner = readPid(join(lock, 'owner'))
      if (owner !== undefined && !alive(owner)) {
        rmSync(lock, { recursive: true, force: true })
        continue
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock} (held by process ${owner ?? '?'})`, { cause: e })
      await new Promise((r) => setTimeout(r, 250))
    }
  }
  try {
    return await work()
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

async function provision(dir: string): Promise<void> {
  const p = paths(dir)
  rmSync(p.target, { recursive: true, force: true })
  rmSync(p.info, { force: true })
  mkdirSync(p.target, { recursive: true })
  writeFileSync(p.empty, '')
  log(`provisioning ${REALM} in ${p.target}`)
  const started = Date.now()
  await run(
    'samba-tool',
    [
      'domain',
      'provision',
      '-s',
      p.empty,
      `--targetdir=${p.target}`,
      `--realm=${REALM}`,
      `--domain=${NETBIOS_DOMAIN}`,
      `--host-name=${DC_HOST}`,
      '--server-role=dc',
      '--dns-backend=NONE',
      `--adminpass=${ADMIN_PASSWORD}`,
      '--option=bind interfaces only=yes',
      '--option=interfaces=lo',
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  )
  configure(dir)
  log(`provisioned in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

/**
 * The settings this module adds to the provisioned smb.conf (idempotent, so a
 * DC provisioned by an older version gets them at its next start): only the
 * LDAP service; plain simple binds allowed (the insecure-flag tests use them);
 * no fsync (a throwaway DC: three times faster writes); every runtime path
 * inside the state folder, so nothing touches the system's Samba.
 */
function configure(dir: string): void {
  const p = paths(dir)
  const run_ = join(p.target, 'run')
  mkdirSync(run_, { recursive: true })
  const extra: [string, string][] = [
    ['server services', 'ldap'],
    ['ldap server require strong auth', 'no'],
    ['ldb:nosync', 'true'],
    ['pid directory', run_],
    ['ncalrpc dir', join(run_, 'ncalrpc')],
    ['winbindd socket directory', join(run_, 'winbindd')],
    ['ntp signd socket directory', join(run_, 'ntp_signd')],
    ['log file', join(p.target, 'log.samba')],
  ]
  const names = new Set(extra.map(([k]) => k))
  const conf = readFileSync(p.conf, 'utf8')
    .split('\n')
    .filter((line) => !names.has(line.split('=')[0]?.trim().toLowerCase() ?? ''))
    .join('\n')
    .replace(/^\[global\]$/m, `[global]\n${extra.map(([k, v]) => `\t${k} = ${v}`).join('\n')}`)
  writeFileSync(p.conf, conf)
}

async function start(dir: string): Promise<void> {
  const p = paths(dir)
  configure(dir)
  const out = openSync(p.log, 'a')
  const started = Date.now()
  // -F: foreground, not a daemon, and (unlike -i) not tied to stdin; detached so it outlives the test.
  const child = spawn('samba', ['-s', p.conf, '-F', '--debug-stdout', '-d', '1'], { detached: true, stdio: ['ignore', out, out] })
  closeSync(out)
  if (child.pid === undefined) throw new Error('samba did not start')
  writeFileSync(p.pid, String(child.pid))
  child.unref()
  let exited: number | null | undefined
  child.on('exit', (code) => (exited = code))
  while (Date.now() - started < 60_000) {
    if (exited !== undefined) throw new Error(`samba exited with ${exited} at start; see ${p.log}`)
    if ((await rootDse()) === BASE_DN && existsSync(p.ca)) {
      log(`samba (pid ${child.pid}) answers after ${((Date.now() - started) / 1000).toFixed(1)} s`)
      return
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`samba did not answer on ldap://127.0.0.1:389 within 60 s; see ${p.log}`)
}

/** Stops the DC this module started (by the PID it recorded), if it runs. Returns whether one was stopped. */
export async function stopDc(dir: string = stateDir()): Promise<boolean> {
  const p = paths(dir)
  const pid = readPid(p.pid)
  if (pid === undefined || !alive(pid)) {
    rmSync(p.pid, { force: true })
    return false
  }
  process.kill(pid, 'SIGTERM')
  const deadline = Date.now() + 15_000
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
  if (alive(pid)) process.kill(pid, 'SIGKILL')
  // The LDAP worker processes go with their parent; wait until the port is free.
  while ((await rootDse()) !== undefined && Date.now() < deadline + 5000) await new Promise((r) => setTimeout(r, 100))
  rmSync(p.pid, { force: true })
  return true
}

function sidFromBuffer(b: Buffer): string {
  const revision = b[0] ?? 0
  const count = b[1] ?? 0
  const authority = b.readUIntBE(2, 6)
  const subs: number[] = []
  for (let i = 0; i < count; i++) subs.push(b.readUInt32LE(8 + 4 * i))
  return `S-${revision}-${authority}${subs.map((s) => `-${s}`).join('')}`
}

/** Creates the fixture users and groups (idempotent) and returns every fixture SID. */
async function fixtures(dir: string): Promise<{ domainSid: string; sids: Record<string, string> }> {
  const p = paths(dir)
  const ca = readFileSync(p.ca)
  const client = new Client({ url: 'ldaps://127.0.0.1:636', tlsOptions: { ca: [ca], servername: DC_FQDN }, timeout: 30_000 })
  try {
    await client.bind(ADMIN_USER, ADMIN_PASSWORD)
    const sidOf = async (dn: string): Promise<string | undefined> => {
      try {
        const { searchEntries } = await client.search(dn, { scope: 'base', attributes: ['objectSid'], explicitBufferAttributes: ['objectSid'] })
        const sid = searchEntries[0]?.objectSid
        return Buffer.isBuffer(sid) ? sidFromBuffer(sid) : undefined
      } catch {
        return undefined
      }
    }
    const addMember = (group: string, member: string): Promise<void> => client.modify(group, [new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [member] }) })])
    const users = `CN=Users,${BASE_DN}`
    for (const name of Object.keys(FIXTURE_GROUPS)) {
      if ((await sidOf(`CN=${name},${users}`)) === undefined) await client.add(`CN=${name},${users}`, { objectClass: 'group', sAMAccountName: name.replace(/ /g, '') })
    }
    for (const [name, spec] of Object.entries(FIXTURE_USERS)) {
      if ((await sidOf(`CN=${name},${users}`)) === undefined) {
        await client.add(`CN=${name},${users}`, {
          objectClass: 'user',
          sAMAccountName: name,
          userPrincipalName: `${name}@${REALM.toLowerCase()}`,
          department: spec.department,
          displayName: name[0]?.toUpperCase() + name.slice(1),
        })
        for (const group of spec.groups) await addMember(`CN=${group},${users}`, `CN=${name},${users}`)
      }
    }
    for (const [name, parents] of Object.entries(FIXTURE_GROUPS)) {
      for (const parent of parents) {
        const { searchEntries } = await client.search(`CN=${parent},${users}`, { scope: 'base', attributes: ['member'] })
        const members = ([] as unknown[]).concat(searchEntries[0]?.member ?? [])
        if (!members.some((m) => typeof m === 'string' && m.toLowerCase().startsWith(`cn=${name.toLowerCase()},`))) {
          await addMember(`CN=${parent},${users}`, `CN=${name},${users}`)
        }
      }
    }
    const domainSid = await sidOf(BASE_DN)
    if (domainSid === undefined) throw new Error('the domain has no objectSid')
    const sids: Record<string, string> = {}
    for (const name of [...Object.keys(FIXTURE_USERS), ...Object.keys(FIXTURE_GROUPS), 'Administrator']) {
      const sid = await sidOf(`CN=${name},${users}`)
      if (sid === undefined) throw new Error(`fixture ${name} has no SID`)
      sids[name] = sid
    }
    return { domainSid, sids }
  } finally {
    await client.unbind().catch(() => undefined)
  }
}

function describe(dir: string, info: { domainSid: string; sids: Record<string, string> }): TestDc {
  return {
    host: '127.0.0.1',
    port: 389,
    ldapsPort: 636,
    caFile: paths(dir).ca,
    tlsServerName: DC_FQDN,
    user: ADMIN_USER,
    password: ADMIN_PASSWORD,
    baseDn: BASE_DN,
    programData: PROGRAM_DATA,
    domainSid: info.domainSid,
    sids: info.sids,
    dir,
  }
}

let cached: Promise<TestDc> | undefined

/**
 * The test DC, started (and provisioned, and the packages installed) when
 * needed. Returns `started: true` when this call started samba.
 */
export function ensureDc(): Promise<TestDc> {
  cached ??= ensure().then((r) => r.dc)
  return cached
}

async function ensure(): Promise<{ dc: TestDc; started: boolean }> {
  const dir = stateDir()
  mkdirSync(dir, { recursive: true })
  return withLock(dir, async () => {
    const p = paths(dir)
    const answering = await rootDse()
    if (answering !== undefined && answering !== BASE_DN) {
      throw new Error(`another LDAP server (naming context ${JSON.stringify(answering)}) holds 127.0.0.1:389; stop it to run the AD tests`)
    }
    let started = false
    const pid = readPid(p.pid)
    if (answering === undefined || pid === undefined || !alive(pid)) {
      if (answering !== undefined) throw new Error(`an AZLAB DC this module did not start answers on 127.0.0.1:389 (no live PID in ${p.pid}); stop it first`)
      await ensurePackages()
      if (!existsSync(p.conf) || !existsSync(join(p.target, 'private', 'sam.ldb'))) await provision(dir)
      try {
        await start(dir)
      } catch (e) {
        // A damaged state folder: provision afresh once.
        log(`${(e as Error).message}; provisioning afresh`)
        await stopDc(dir)
        await provision(dir)
        await start(dir)
      }
      started = true
    }
    let info: { domainSid: string; sids: Record<string, string> }
    try {
      info = JSON.parse(readFileSync(p.info, 'utf8')) as typeof info
      if (started) throw new Error('check the fixtures after a start')
    } catch {
      info = await fixtures(dir)
      writeFileSync(p.info, JSON.stringify(info, null, 2))
    }
    return { dc: describe(dir, info), started }
  })
}

/** `tsx test/support/samba-dc.ts start|stop|status`. */
async function cli(command: string | undefined): Promise<number> {
  const dir = stateDir()
  switch (command) {
    case 'start': {
      const t0 = Date.now()
      const { dc, started } = await ensure()
      process.stdout.write(`${started ? 'started' : 'already running'}: ${dc.host}:${dc.port} ${dc.baseDn} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`)
      return 0
    }
    case 'stop':
      process.stdout.write((await stopDc(dir)) ? 'stopped\n' : 'not running\n')
      return 0
    case 'status': {
      const pid = readPid(paths(dir).pid)
      const up = pid !== undefined && alive(pid) && (await rootDse()) === BASE_DN
      process.stdout.write(up ? `running (pid ${pid})\n` : 'not running\n')
      return up ? 0 : 1
    }
    default:
      process.stderr.write('usage: tsx test/support/samba-dc.ts start|stop|status\n')
      return 3
  }
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  cli(process.argv[2]).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`samba-dc: ${e instanceof Error ? e.message : String(e)}\n`)
      process.exit(1)
    },
  )
}
