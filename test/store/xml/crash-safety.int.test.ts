import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import type { PolicyStore } from '../../../src/model/policy.js'
import type { JournalEntry } from '../../../src/store/port.js'
import * as realFs from '../../../src/fs/file-system.js'
import { parseXmlStore, versionOf } from '../../../src/xml/policy/parse-xml-store.js'
import { journalPathOf, pendingPathOf, readJournal } from '../../../src/journal/store-journal.js'
import { lockPathOf } from '../../../src/fs/store-lock.js'
import { archiveDirOf, archivePathOf, loadVersion } from '../../../src/store/xml/version-archive.js'
import { XmlStore } from '../../../src/store/xml/xml-store.js'
import { prng } from '../../support/prng.js'
import { administratorMembers, sidFor, withAdministratorMembers } from './children/members.js'
import { root, SAMPLES } from './edit-helpers.js'

// A hundred writer processes killed and restarted: about a minute alone, far more while the rest of
// the suite runs beside it on two cores; more than the suite's default of 300 s per file may be needed.
t.setTimeout(600_000)

const sample = readFileSync(SAMPLES.r2)
const CHILD = new URL('./children/write-forever.ts', import.meta.url).pathname
/** Kill iterations; raise it for a longer soak run: AZMAN_CRASH_ITERATIONS=1000. */
const ITERATIONS = Number(process.env.AZMAN_CRASH_ITERATIONS ?? 100)
const SEED = Number(process.env.AZMAN_CRASH_SEED ?? 20240229)
/** Writers started ahead of their turn. */
const AHEAD = 2
/**
 * Mocks must name the module as the loader resolves it: tsx maps the `.js`
 * import specifiers of the sources to their `.ts` files.
 */
const FILE_SYSTEM = '../../../src/fs/file-system.ts'

const adding = (n: number) => (s: { policy: PolicyStore }) => withAdministratorMembers(s.policy, (m) => [...m, sidFor(n)])

function enospc(): NodeJS.ErrnoException {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' })
}

/** Names of temporary files in the store's folder and its archive folder. */
function temps(path: string): string[] {
  const inDir = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.tmp')) : [])
  return [...inDir(join(path, '..')), ...inDir(archiveDirOf(path))]
}

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', ''])
  if (child.pid === undefined) throw new Error('could not start a process')
  return child.pid
}

t.test('the next writer removes temporary files of dead writers, and only those', async (t) => {
  const dir = t.testdir({ 'store.xml': sample, 'other.xml': sample })
  const path = join(dir, 'store.xml')
  const dead = deadPid()
  const live = process.ppid
  mkdirSync(archiveDirOf(path))
  const stale = [
    `.store.xml.${dead}.0123456789ab.tmp`,
    `.store.xml.bak.${dead}.0123456789ab.tmp`,
    `.store.xml.journal.pending.json.${dead}.0123456789ab.tmp`,
    `.store.xml.lock.${dead}.0123456789ab.tmp`,
  ]
  const kept = [`.store.xml.${live}.0123456789ab.tmp`, `.other.xml.${dead}.0123456789ab.tmp`, `.store.xml.${dead}.tmp`]
  for (const name of [...stale, ...kept]) writeFileSync(join(dir, name), 'partial')
  const archived = `.${'a'.repeat(64)}.xml.gz.${dead}.0123456789ab.tmp`
  writeFileSync(join(archiveDirOf(path), archived), 'partial')
  await new XmlStore(path).update(adding(1))
  const left = readdirSync(dir)
  t.same(
    stale.filter((n) => left.includes(n)),
    [],
    "this store's leftovers of a dead process are gone",
  )
  t.same(
    kept.filter((n) => !left.includes(n)),
    [],
    "a live process's file, another store's file and a name of another form are kept",
  )
  t.notOk(readdirSync(archiveDirOf(path)).includes(archived), 'the archive folder is swept too')
})

t.test('a disk failure at any step of a write leaves the store, its journal and its lock as they were', async (t) => {
  // Which writeAtomic call of an update fails: 1 and 2 archive the old and new versions, 3 the backup, 4 the pending entry, 5 the store.
  for (const failing of [1, 2, 3, 4, 5]) {
    const dir = t.testdir({ 'store.xml': sample })
    const path = join(dir, 'store.xml')
    let calls = 0
    const { XmlStore: Mocked } = await t.mockImport<typeof import('../../../src/store/xml/xml-store.js')>('../../../src/store/xml/xml-store.js', {
      [FILE_SYSTEM]: {
        ...realFs,
        writeAtomic: async (...args: Parameters<typeof realFs.writeAtomic>) => {
          if (++calls === failing) throw enospc()
          return realFs.writeAtomic(...args)
        },
      },
    })
    const store = new Mocked(path, 'store.xml')
    await t.rejects(
      store.update(adding(1), { record: { actor: 'a', changes: null } }),
      { code: 'AZMAN_ERR_STORE_IO', exitCode: 2, message: /: no space left on the device$/ },
      `write ${failing} fails`,
    )
    t.ok(readFileSync(path).equals(sample), `write ${failing}: store unchanged`)
    t.notOk(existsSync(lockPathOf(path)), `write ${failing}: lock released`)
    t.same(await store.history(), [], `write ${failing}: no journal entry`)
    t.notOk(existsSync(pendingPathOf(path)), `write ${failing}: no pending entry`)
    t.same(temps(path), [], `write ${failing}: no temporary file`)
    // The disk has room again: the next write goes through and is journaled once.
    const result = await store.update(adding(1), { record: { actor: 'a', changes: null } })
    t.equal((await store.history()).length, 1, `write ${failing}: the retry is journaled`)
    t.equal(versionOf(readFileSync(path)), result.after)
  }
})

t.test('a lock file that cannot be written is an I/O error and leaves nothing behind', async (t) => {
  const dir = t.testdir({ 'store.xml': sample })
  const path = join(dir, 'store.xml')
  const { XmlStore: Mocked } = await t.mockImport<typeof import('../../../src/store/xml/xml-store.js')>('../../../src/store/xml/xml-store.js', {
    [FILE_SYSTEM]: {
      ...realFs,
      createExclusive: async () => {
        throw enospc()
      },
    },
  })
  await t.rejects(new Mocked(path, 'store.xml').update(adding(1)), { code: 'AZMAN_ERR_STORE_IO', message: 'cannot create the lock file store.xml.lock: no space left on the device' })
  t.ok(readFileSync(path).equals(sample))
  t.same(readdirSync(dir), ['store.xml'])
})

t.test('a journal that cannot be appended to: the write stands, the entry waits in the pending file', async (t) => {
  const dir = t.testdir({ 'store.xml': sample })
  const path = join(dir, 'store.xml')
  let fail = true
  const { XmlStore: Mocked } = await t.mockImport<typeof import('../../../src/store/xml/xml-store.js')>('../../../src/store/xml/xml-store.js', {
    [FILE_SYSTEM]: {
      ...realFs,
      appendDurable: async (...args: Parameters<typeof realFs.appendDurable>) => {
        if (fail) throw enospc()
        return realFs.appendDurable(...args)
      },
    },
  })
  const store = new Mocked(path, 'store.xml')
  const error = await store.update(adding(1), { record: { actor: 'a', reason: 'first', changes: null } }).catch((e: unknown) => e)
  const written = readFileSync(path)
  t.match(error, {
    code: 'AZMAN_ERR_STORE_IO',
    message: `store.xml was written (it is now at ${versionOf(written)}) but its journal entry was not added: cannot append to store.xml.journal.jsonl: no space left on the device; the entry is kept in store.xml.journal.pending.json and the next write adds it`,
  })
  t.notOk(written.equals(sample), 'the store was replaced')
  t.notOk(existsSync(lockPathOf(path)), 'lock released')
  t.match(await store.history(), [{ reason: 'first', after: versionOf(written) }], 'history already shows the write')
  fail = false
  await store.update(adding(2), { record: { actor: 'a', reason: 'second', changes: null } })
  const journal = await readJournal(path)
  t.same(
    journal.map((e) => e.reason),
    ['first', 'second'],
    'the next write journals the waiting entry first',
  )
  t.equal(journal[0]?.after, journal[1]?.before)
})

interface Child {
  readonly proc: ChildProcess
  readonly ready: Promise<void>
  /** Settles when the writer has finished its first write. */
  readonly firstWrite: Promise<void>
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  readonly stderr: () => string
  /** Tells the writer to start writing. */
  readonly go: () => void
  /** Milliseconds from "go" to the end of its first write; undefined while it has not finished one. */
  readonly firstWriteMs: () => number | undefined
}

/** Starts a writer that loads, says "ready", and writes the store in a loop once told "go". */
function startChild(path: string, iteration: number): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, path, String(iteration)], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] })
  let err = ''
  proc.stderr?.on('data', (d: Buffer) => (err += d.toString('utf8')))
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })))
  let out = ''
  let goAt = 0
  let wroteAfter: number | undefined
  let wrote = (): void => undefined
  const firstWrite = new Promise<void>((resolve) => (wrote = resolve))
  const ready = new Promise<void>((resolve, reject) => {
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString('utf8')
      if (out.includes('ready')) resolve()
      if (wroteAfter === undefined && out.includes('wrote')) {
        wroteAfter = performance.now() - goAt
        wrote()
      }
    })
    void exit.then(({ code, signal }) => reject(new Error(`writer ${iteration} ended before it was ready (${code ?? signal}): ${err}`)))
  })
  ready.catch(() => undefined)
  const go = (): void => {
    goAt = performance.now()
    proc.stdin?.write('go\n')
  }
  return { proc, ready, firstWrite, exit, stderr: () => err, go, firstWriteMs: () => wroteAfter }
}

/** Every version a journal entry names must be in the archive. */
function unarchived(path: string, entries: readonly JournalEntry[]): string[] {
  const archived = new Set(existsSync(archiveDirOf(path)) ? readdirSync(archiveDirOf(path)) : [])
  return entries.flatMap((e) => [e.before, e.after]).filter((v) => !archived.has(archivePathOf(path, v).slice(archiveDirOf(path).length + 1)))
}

t.test(`killed at random moments (${ITERATIONS} SIGKILLs), the store is always a whole, archived, journaled version`, async (t) => {
  const dir = t.testdir({ 'store.xml': sample })
  const path = join(dir, 'store.xml')
  const store = new XmlStore(path, 'store.xml')
  const random = prng(SEED)
  const original = versionOf(sample)
  const seen = { lock: 0, pending: 0, temp: 0, torn: 0, journaledInFlight: 0, original: 0 }
  const failures: string[] = []
  const check = (ok: boolean, what: string): void => {
    if (!ok) failures.push(what)
  }
  /** The slowest a writer took from "go" to the end of its first write, in ms. */
  let slowestFirstWrite = 0
  let killedAfterWriting = 0
  const killWindowMs = (): number => Math.min(10_000, Math.max(150, 2 * slowestFirstWrite))
  // Writers load ahead of their turn (start-up is most of a writer's life); they touch nothing before "go".
  const waiting: Child[] = []
  let started = 0
  const topUp = (): void => {
    while (waiting.length < AHEAD && started < ITERATIONS) waiting.push(startChild(path, started++))
  }
  t.teardown(() => {
    for (const c of waiting) c.proc.kill('SIGKILL')
  })
  topUp()
  for (let i = 0; i < ITERATIONS && failures.length === 0; i++) {
    const child = waiting.shift()
    if (child === undefined) throw new Error('no writer')
    await child.ready
    topUp()
    child.go()
    // A real wait on purpose: the writer is killed at a random point of its own work, which only real time gives.
    // The first writer is killed once it has written, which times a write on this machine at this load; later
    // writers are killed anywhere in twice the slowest first write seen, so kills land before, inside and after writes.
    const killNow = i === 0 ? child.firstWrite : sleep(5 + Math.floor(random() * killWindowMs()))
    const endedOnItsOwn = await Promise.race([killNow.then(() => false), child.exit.then(() => true)])
    if (endedOnItsOwn) {
      failures.push(`iteration ${i}: the writer failed on its own: ${child.stderr()}`)
      break
    }
    child.proc.kill('SIGKILL')
    await child.exit
    const wroteAfter = child.firstWriteMs()
    if (wroteAfter !== undefined) {
      slowestFirstWrite = Math.max(slowestFirstWrite, wroteAfter)
      killedAfterWriting++
    }

    // What the kill left.
    const bytes = readFileSync(path)
    const version = versionOf(bytes)
    try {
      parseXmlStore(bytes)
    } catch (e) {
      check(false, `iteration ${i}: the store does not parse: ${String(e)}`)
    }
    if (version === original) seen.original++
    else check((await loadVersion(path, version).catch(() => undefined))?.equals(bytes) === true, `iteration ${i}: the store is no archived version`)
    const history = await store.history()
    check(unarchived(path, history).length === 0, `iteration ${i}: the journal names versions not archived: ${unarchived(path, history).join(', ')}`)
    check((history.at(-1)?.after ?? original) === version, `iteration ${i}: the store is at ${version}, the journal ends at ${history.at(-1)?.after ?? 'nothing'}: an unrecorded change`)
    if (existsSync(lockPathOf(path))) seen.lock++
    if (existsSync(pendingPathOf(path))) {
      seen.pending++
      if (history.at(-1)?.id !== (await readJournal(path)).at(-1)?.id) seen.journaledInFlight++
    }
    if (temps(path).length > 0) seen.temp++
    if (existsSync(journalPathOf(path)) && !readFileSync(journalPathOf(path), 'utf8').endsWith('\n')) seen.torn++

    // The next writer breaks the stale lock, cleans up, settles the journal, and writes.
    const result = await store.update(adding(i), { record: { actor: 'parent', changes: { iteration: i } }, lockTimeoutMs: 10_000 })
    const after = readFileSync(path)
    check(versionOf(after) === result.after, `iteration ${i}: the next write is not what the store holds`)
    check(administratorMembers(parseXmlStore(after).policy).includes(sidFor(i)), `iteration ${i}: the next write lost its member`)
    const left = readdirSync(dir).sort()
    check(
      JSON.stringify(left) === JSON.stringify(['store.xml', 'store.xml.bak', 'store.xml.journal.jsonl', 'store.xml.versions']),
      `iteration ${i}: files left after the next write: ${left.join(', ')}`,
    )
    check(temps(path).length === 0, `iteration ${i}: temporary files left after the next write: ${temps(path).join(', ')}`)
    const journal = await readJournal(path)
    check(readFileSync(journalPathOf(path), 'utf8').endsWith('\n'), `iteration ${i}: the journal does not end with a newline`)
    check(journal[0]?.before === original, `iteration ${i}: the journal does not start at the original`)
    check(journal.at(-1)?.after === result.after, `iteration ${i}: the journal does not end at the store's version`)
    const broken = journal.findIndex((e, k) => k > 0 && journal[k - 1]?.after !== e.before)
    check(broken === -1, `iteration ${i}: the journal chain breaks at entry ${broken + 1}: a write is missing`)
    check(unarchived(path, journal).length === 0, `iteration ${i}: after the next write, versions not archived: ${unarchived(path, journal).join(', ')}`)
  }
  t.same(failures, [], 'every kill left a whole, archived, journaled store that the next writer could write')
  const journal = await readJournal(path)
  t.ok(journal.length > ITERATIONS, `the children wrote too (${journal.length} journal entries)`)
  // Kills land after a first write in about half the iterations; a tenth of them is far below what chance gives.
  t.ok(killedAfterWriting >= ITERATIONS / 10, `${killedAfterWriting} of ${ITERATIONS} writers were killed after a write of their own`)
  t.comment(
    `seed ${SEED}: kill window ${Math.round(killWindowMs())} ms; kills after a write of the writer's own ${killedAfterWriting}; kills that left a lock ${seen.lock}, a pending entry ${seen.pending} (of which the store already held ${seen.journaledInFlight}), temporary files ${seen.temp}, a torn journal line ${seen.torn}; store still original ${seen.original}`,
  )
})
