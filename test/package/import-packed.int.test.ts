/**
 * The package as a user gets it: `npm pack` builds it (the `prepare` script compiles src/ into dist/)
 * and packs it, a scratch consumer project installs the tarball, and a consumer ESM script imports
 * `azman` by name, opens a sample store and asks real questions (check, who-can), so that the
 * `exports` of package.json point at a module that exists and works outside this checkout. A
 * TypeScript file in the consumer imports the types, and tsc must accept it, and refuse a wrong use
 * (so the types are not `any`).
 *
 * Nothing here writes into the checkout: the package is packed from a copy of what `files` ships
 * (with the checkout's node_modules linked in for the compiler), so `dist/` of the checkout is left
 * alone (test/docs/examples.int.test.ts runs the built CLI from there when it is fresh).
 *
 * Installing offline: `npm install --offline <tarball>` needs every dependency's registry metadata
 * in npm's cache, and `npm ci` caches only the tarballs, not the metadata. So the consumer gets a
 * package-lock.json made from this checkout's (its non-dev entries, with their `resolved` and
 * `integrity`): npm then needs no metadata, and takes each tarball from the cache `npm ci` filled.
 * No network is used.
 */
import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { REPO_ROOT } from '../cli/run-cli.js'

const run = promisify(execFile)
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

interface LockEntry {
  readonly dev?: boolean
}

/** The consumer's lock: the non-dev packages of this checkout's lock, under a root that depends on nothing yet. */
function consumerLock(): string {
  const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> }
  const packages: Record<string, unknown> = { '': { name: 'consumer', version: '1.0.0' } }
  for (const [path, entry] of Object.entries(lock.packages)) if (path !== '' && entry.dev !== true) packages[path] = entry
  return JSON.stringify({ name: 'consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2)
}

const CONSUMER_ESM = `
import { loadPolicy, checkAccess, whoCan, parseChangeSet, planChangeSet, openStore, NotFoundError, AzmanError } from 'azman'
const store = process.argv[2]
const { policy, version } = await loadPolicy(store)
const where = { application: 'Hyper-V services', scope: 'Lab VMs' }
const sids = ['S-1-5-21-1004336348-1177238915-682003330-1105']
const check = [...checkAccess(policy, { ...where, sids, operations: [315, 355] }), ...checkAccess(policy, { application: where.application, sids, operations: [315] })]
const who = whoCan(policy, { ...where, operation: 315, explain: false })
let notFound = null
try { whoCan(policy, { application: 'Nope', operation: 315 }) } catch (e) { notFound = e instanceof NotFoundError && e instanceof AzmanError ? e.code : String(e) }
const plan = await planChangeSet(openStore(store), parseChangeSet({ changes: [{ type: 'create-scope', app: 'Hyper-V services', name: 'From the package' }] }))
console.log(JSON.stringify({ version, check: check.map((r) => [r.operation.id, r.decision]), who: who.principals.map((p) => [p.sid, p.decision]), notFound, planned: plan.results.map((r) => r.status) }))
`

const CONSUMER_TS = `
import { checkAccess, loadPolicy, type AccessResult, type Decision, type PolicyStore, type WhoCanResult, whoCan, type ChangeSet, type AzmanError } from 'azman'
export async function decisions(path: string): Promise<Decision[]> {
  const { policy }: { policy: PolicyStore } = await loadPolicy(path)
  const results: AccessResult[] = checkAccess(policy, { application: 'a', sids: ['S-1-1-0'], operations: [1] })
  const who: WhoCanResult = whoCan(policy, { application: 'a', operation: 'Read' })
  const changes: ChangeSet = { changes: [] }
  const code: string | undefined = (undefined as AzmanError | undefined)?.code
  // @ts-expect-error: an operation is a number or a name, so the types are not \`any\`
  whoCan(policy, { application: 'a', operation: true })
  return [...results.map((r) => r.decision), ...who.principals.map((p) => p.decision), ...(changes.changes.length === 0 && code === undefined ? [] : [])]
}
`

t.test('the packed package installs in another project and works there', async (t) => {
  t.setTimeout(240_000)
  const scratch = mkdtempSync(join(tmpdir(), 'azman-pack-'))
  t.teardown(() => rmSync(scratch, { recursive: true, force: true }))

  // A copy of what the package is built and packed from; node_modules linked for tsc (prepare).
  const source = join(scratch, 'source')
  for (const entry of ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'LICENSE', 'src', 'collector', 'templates', 'store-samples'])
    cpSync(join(REPO_ROOT, entry), join(source, entry), { recursive: true })
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(source, 'node_modules'), 'dir')
  const packed = await run(npm, ['pack', '--pack-destination', scratch, '--silent'], { cwd: source, maxBuffer: 1 << 24 })
  const tarball = join(scratch, packed.stdout.trim().split('\n').pop() ?? '')
  t.match(tarball, /azman-[0-9.]+\.tgz$/, 'npm pack made a tarball')

  const consumer = join(scratch, 'consumer')
  cpSync(join(REPO_ROOT, 'LICENSE'), join(consumer, 'LICENSE'))
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }))
  writeFileSync(join(consumer, 'package-lock.json'), consumerLock())
  await run(npm, ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: consumer, maxBuffer: 1 << 24 })
  const installed = JSON.parse(readFileSync(join(consumer, 'node_modules/azman/package.json'), 'utf8')) as { version: string }
  t.equal(installed.version, (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version, 'the consumer has this version of azman')

  writeFileSync(join(consumer, 'use.mjs'), CONSUMER_ESM)
  const store = join(consumer, 'node_modules/azman/store-samples/hyperv-2008r2-delegated.xml')
  const out = await run(process.execPath, ['use.mjs', store], { cwd: consumer, env: { ...process.env, NODE_OPTIONS: '' } })
  const answer = JSON.parse(out.stdout) as { version: string; check: [number, string][]; who: [string, string][]; notFound: string | null; planned: string[] }
  t.match(answer.version, /^sha256:[0-9a-f]{64}$/, 'loadPolicy gives the version token')
  t.same(
    answer.check,
    [
      [315, 'granted'],
      [355, 'conditional'],
      [315, 'denied'],
    ],
    'checkAccess: the Lab VMs operator may start a VM there and snapshot it on a condition, and start none at the application level',
  )
  t.ok(
    answer.who.some(([sid, decision]) => sid === 'S-1-5-21-1004336348-1177238915-682003330-1105' && decision === 'granted'),
    'whoCan lists the operator',
  )
  t.equal(answer.notFound, 'AZMAN_ERR_NOT_FOUND', 'the error classes are exported and thrown')
  t.same(answer.planned, ['applied'], 'planChangeSet plans a change set parsed by parseChangeSet')

  // The web console ships built: a user needs no build step (the server reads dist/console/ of the package).
  for (const file of ['app.js', 'app.css']) {
    const built = join(consumer, 'node_modules/azman/dist/console', file)
    t.ok(existsSync(built) && statSync(built).size > 1000, `the package ships the built console's ${file}`)
  }

  // The host facts collector ships as a file beside dist/, and the built CLI finds it there.
  const collector = await run(process.execPath, [join(consumer, 'node_modules/azman/dist/bin.js'), 'host', 'collector'], { cwd: consumer, env: { ...process.env, NODE_OPTIONS: '' } })
  t.match(
    collector.stdout,
    new RegExp(`^// azman-host-facts\\.js: [^]*var COLLECTOR = 'azman-host-facts\\.js ${installed.version.replace(/\./g, '\\.')}';`),
    'the built CLI writes the shipped collector, stamped',
  )

  writeFileSync(join(consumer, 'use.ts'), CONSUMER_TS)
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [join(REPO_ROOT, 'node_modules/@types')],
    },
    files: ['use.ts'],
  }
  writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify(tsconfig))
  const tsc = await run(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: consumer }).then(
    () => ({ code: 0, stdout: '' }),
    (e: unknown) => {
      const failed = e as { code?: number; stdout?: string }
      return { code: failed.code ?? -1, stdout: failed.stdout ?? '' }
    },
  )
  t.same(tsc, { code: 0, stdout: '' }, "tsc accepts a consumer's use of the exported types")
})
