/**
 * Loading an AD-backed store of 10,000 AzMan objects from the Samba test DC
 * (test/support/samba-dc.ts), against `ldapsearch` (OpenLDAP's ldap-utils)
 * dumping the same subtree in the same run: same filter, same attributes,
 * same paging (1000 per page), same extended-DN control, both over StartTLS.
 *
 *   npm run bench -- --suite ldap [--objects 10000] [--runs 3] [--fresh] [--json]
 *
 * The store is created once (about a minute; it is kept on the test DC as
 * `CN=azman-bench-<objects>,CN=Program Data,...` for the next run; --fresh
 * recreates it). Reported: entries read, LDAP requests, median wall time of
 * `LdapStore.load()` (connect, StartTLS, bind, paged search, building the
 * model) and of the `ldapsearch` process writing its LDIF to a file, and
 * their ratio. No assertion on timings.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { diffPolicies } from '../../src/model/edit/diff-policies.js'
import { NO_EXTRAS, type PolicyStore, type RoleAssignment, type Scope, type Task } from '../../src/model/policy.js'
import { PAGE_SIZE } from '../../src/store/ldap/load-entries.js'
import { LdapStore } from '../../src/store/ldap/ldap-store.js'
import { LOAD_ATTRIBUTES, LOAD_CLASSES } from '../../src/store/ldap/schema.js'
import { LdapSession } from '../../src/ldap/session.js'
import { dcSettings, entryExists, storeUrl } from '../support/ad-store.js'
import { prng } from '../support/prng.js'
import { ensureDc, type TestDc } from '../support/samba-dc.js'
import { samplePolicy } from '../store/samples.js'
import { median } from './median.js'

export interface LdapBenchOptions {
  readonly objects: number
  readonly runs: number
  readonly fresh: boolean
}

export interface LdapBenchResult {
  readonly objects: number
  readonly entries: number
  readonly pageSize: number
  readonly azman: { readonly requests: number; readonly medianMs: number; readonly timesMs: readonly number[] }
  readonly ldapsearch: { readonly requests: number; readonly medianMs: number; readonly timesMs: readonly number[]; readonly ldifBytes: number }
  readonly ratio: number
  readonly createMs?: number
}

function progress(message: string): void {
  process.stderr.write(`${message}\n`)
}

function uuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16))
  hex[12] = '4'
  hex[16] = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16)
  const h = hex.join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/**
 * The Windows Server 2008 R2 Hyper-V store (34 operations, the Administrator
 * role definition and assignment) plus scopes, each with a role definition
 * linking two operations and a role assignment with two members, until the
 * store holds `objects` AzMan objects. Members come from 50 foreign SIDs.
 */
export function benchPolicy(objects: number, seed = 24301): PolicyStore {
  const base = samplePolicy('hyperv-2008r2.xml')
  const app = base.applications[0]
  if (!app) throw new Error('no application in the sample')
  const random = prng(seed)
  const existing = 1 + app.operations.length + app.tasks.length + app.roleAssignments.length
  const scopes: Scope[] = []
  for (let i = 0; existing + scopes.length * 3 < objects; i++) {
    const definition: Task = {
      guid: uuid(random),
      name: `VM Operator ${i}`,
      roleDefinition: true,
      operationLinks: [app.operations[26]?.guid ?? '', app.operations[27]?.guid ?? ''],
      taskLinks: [],
      extras: NO_EXTRAS,
    }
    const assignment: RoleAssignment = {
      guid: uuid(random),
      name: `VM Operators ${i}`,
      taskLinks: [definition.guid],
      operationLinks: [],
      appMemberLinks: [],
      members: [`S-1-5-21-1004336348-1177238915-682003330-${2000 + (i % 50)}`, `S-1-5-21-1004336348-1177238915-682003330-${3000 + ((i * 7) % 50)}`],
      extras: NO_EXTRAS,
    }
    scopes.push({ guid: uuid(random), name: `VM group ${String(i).padStart(5, '0')}`, extras: NO_EXTRAS, groups: [], tasks: [definition], roleAssignments: [assignment] })
  }
  return { ...base, applications: [{ ...app, scopes }] }
}

/** ldapsearch over StartTLS dumping the subtree as azman reads it; LDIF to a file. Returns wall ms, pages and bytes. */
function ldapsearch(dc: TestDc, dn: string, out: string): { ms: number; pages: number; bytes: number } {
  const classes = `(|${LOAD_CLASSES.map((c) => `(objectClass=${c})`).join('')})`
  const args = [
    '-LLL',
    '-ZZ',
    '-x',
    '-H',
    `ldap://${dc.host}:${dc.port}`,
    '-D',
    dc.user,
    '-w',
    dc.password,
    '-b',
    dn,
    '-s',
    'sub',
    '-E',
    `pr=${PAGE_SIZE}/noprompt`,
    // The extended-DN control with flag 1, as azman sends it: BER SEQUENCE { INTEGER 1 }.
    '-E',
    '!1.2.840.113556.1.4.529=::MAMCAQE=',
    '-o',
    'ldif-wrap=no',
    classes,
    ...LOAD_ATTRIBUTES,
  ]
  const started = performance.now()
  // The DC is reached by IP while its certificate names DC1.azlab.test: ldapsearch checks the CA but not the name.
  const r = spawnSync('sh', ['-c', `ldapsearch "$@" > '${out}'`, 'ldapsearch', ...args], {
    env: { ...process.env, LDAPTLS_CACERT: dc.caFile, LDAPTLS_REQCERT: 'allow' },
    encoding: 'utf8',
    maxBuffer: 1024 * 1024,
  })
  const ms = performance.now() - started
  if (r.status !== 0) throw new Error(`ldapsearch failed (${r.status}): ${r.stderr}`)
  const pages = Number(spawnSync('grep', ['-c', '^# pagedresults:', out], { encoding: 'utf8' }).stdout.trim() || '0')
  return { ms, pages: Math.max(1, pages), bytes: statSync(out).size }
}

export async function runLdapBench(options: LdapBenchOptions): Promise<LdapBenchResult> {
  const dc = await ensureDc()
  const dn = `CN=azman-bench-${options.objects},${dc.programData}`
  const url = storeUrl(dc, dn)
  const policy = benchPolicy(options.objects)
  const store = new LdapStore(url, dcSettings(dc))
  let createMs: number | undefined
  const present = await entryExists(dc, dn)
  if (present && options.fresh) {
    progress(`[ldap] removing the old bench store ${dn}`)
    const s = await LdapSession.open({ host: dc.host, port: dc.port, tls: 'starttls' }, dcSettings(dc))
    await s.delete(dn, { tree: true })
    await s.close()
  }
  if (!present || options.fresh) {
    progress(`[ldap] creating ${options.objects} AzMan objects under ${dn} (once; kept for the next run)...`)
    const started = performance.now()
    await store.create(policy)
    createMs = performance.now() - started
    progress(`[ldap] created in ${(createMs / 1000).toFixed(1)} s (${store.stats.writes} writes)`)
  }
  const check = await store.load()
  if (diffPolicies(check.policy, policy).length > 0) throw new Error(`the bench store ${dn} is not the generated one; run with --fresh`)
  const tmp = mkdtempSync(join(tmpdir(), 'azman-ldap-bench-'))
  const azmanTimes: number[] = []
  const ldapsearchTimes: number[] = []
  let requests = 0
  let entries = 0
  let pages = 0
  let ldifBytes = 0
  try {
    // One untimed round of each to warm the DC's caches and the JIT, then alternate.
    ldapsearch(dc, dn, join(tmp, 'dump.ldif'))
    await new LdapStore(url, dcSettings(dc)).load()
    for (let i = 0; i < options.runs; i++) {
      const timed = new LdapStore(url, dcSettings(dc), url, { progress: { read: (n) => (entries = n) } })
      const started = performance.now()
      await timed.load()
      azmanTimes.push(performance.now() - started)
      requests = timed.stats.requests
      const l = ldapsearch(dc, dn, join(tmp, 'dump.ldif'))
      ldapsearchTimes.push(l.ms)
      pages = l.pages
      ldifBytes = l.bytes
      progress(`[ldap] run ${i + 1}/${options.runs}: azman ${azmanTimes.at(-1)?.toFixed(0)} ms (${requests} requests), ldapsearch ${l.ms.toFixed(0)} ms`)
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
  const azmanMedian = median(azmanTimes)
  const ldapsearchMedian = median(ldapsearchTimes)
  return {
    objects: options.objects,
    entries,
    pageSize: PAGE_SIZE,
    azman: { requests, medianMs: azmanMedian, timesMs: azmanTimes },
    // StartTLS, bind, one request per page (the unbind is not a request).
    ldapsearch: { requests: 2 + pages, medianMs: ldapsearchMedian, timesMs: ldapsearchTimes, ldifBytes },
    ratio: azmanMedian / ldapsearchMedian,
    ...(createMs === undefined ? {} : { createMs }),
  }
}

export function ldapReport(r: LdapBenchResult): string {
  const lines = [
    `azman AD load benchmark: node ${process.version}, ${cpus().length} CPU(s), 1-min load average ${loadavg()[0]?.toFixed(2)}`,
    `store: ${r.objects} AzMan objects (${r.entries} entries with the containers) on the Samba test DC, read with one paged subtree search (${r.pageSize} per page)`,
    `both over StartTLS to 127.0.0.1:389, same filter, attributes and extended-DN control; ${r.azman.timesMs.length} timed run(s) each after one warm-up, medians`,
    '',
    `  azman LdapStore.load() : ${r.azman.medianMs.toFixed(0)} ms, ${r.azman.requests} LDAP requests (StartTLS, bind, ${r.azman.requests - 2} search page(s)); runs ${r.azman.timesMs.map((x) => x.toFixed(0)).join(', ')} ms`,
    `  ldapsearch to LDIF     : ${r.ldapsearch.medianMs.toFixed(0)} ms, ${r.ldapsearch.requests} LDAP requests (StartTLS, bind, ${r.ldapsearch.requests - 2} page(s)), ${(r.ldapsearch.ldifBytes / 1e6).toFixed(1)} MB of LDIF; runs ${r.ldapsearch.timesMs.map((x) => x.toFixed(0)).join(', ')} ms`,
    `  ratio azman/ldapsearch : ${r.ratio.toFixed(2)}x`,
  ]
  if (r.createMs !== undefined) lines.push(`  (creating the store this run: ${(r.createMs / 1000).toFixed(1)} s)`)
  return `${lines.join('\n')}\n`
}
