import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { setImmediate as yieldTurn } from 'node:timers/promises'
import t from 'tap'
import * as realFs from '../../../src/fs/file-system.js'
import { StoreLock, lockPathOf, withStoreLock, type LockOwner } from '../../../src/fs/store-lock.js'
import { XmlStore } from '../../../src/store/xml/xml-store.js'
import { administratorMembers, sidFor, withAdministratorMembers } from './children/members.js'
import { SAMPLES } from './edit-helpers.js'

const sample = readFileSync(SAMPLES.r2)

/** A pid that ran and has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', ''])
  if (child.pid === undefined) throw new Error('could not start a process')
  return child.pid
}

/** A live process (not this one) until the test ends. */
async function livePid(t: { teardown(fn: () => void): void }): Promise<{ pid: number; child: ChildProcess; exited: Promise<void> }> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)'], { stdio: 'ignore' })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  t.teardown(() => {
    child.kill('SIGKILL')
  })
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve)
    child.once('error', reject)
  })
  if (child.pid === undefined) throw new Error('no pid')
  return { pid: child.pid, child, exited }
}

function lockJson(owner: Partial<LockOwner>): string {
  return `${JSON.stringify({ pid: process.pid, hostname: hostname(), time: new Date().toISOString(), token: 'test', ...owner })}\n`
}

function addMember(n: number) {
  return (s: { policy: Parameters<typeof withAdministratorMembers>[0] }) => withAdministratorMembers(s.policy, (m) => [...m, sidFor(n)])
}

t.test('two holders exclude each other, and the second gets the lock once the first releases it', async (t) => {
  const dir = t.testdir({ 'store.xml': sample })
  const path = join(dir, 'store.xml')
  const first = await StoreLock.acquire(path, { displayName: 'store.xml' })
  const owner: unknown = JSON.parse(readFileSync(lockPathOf(path), 'utf8'))
  t.match(owner, { pid: process.pid, hostname: hostname(), time: /^\d{4}-\d\d-\d\dT.*Z$/ }, 'the lock file names its holder')
  await t.rejects(StoreLock.acquire(path, { timeoutMs: 0, displayName: 'store.xml' }), {
    code: 'AZMAN_ERR_CONFLICT_LOCKED',
    exitCode: 5,
    message: new RegExp(`^store\\.xml is locked by process ${process.pid} on .+ since \\d{4}-.*Z; try again later or raise --lock-timeout$`),
  })
  // A waiter gets the lock when the holder lets go.
  const waiting = StoreLock.acquire(path, { timeoutMs: 30_000 })
  await first.release()
  const second = await waiting
  t.not(second.owner.token, first.owner.token, 'a new lock')
  await second.release()
  t.notOk(existsSync(lockPathOf(path)), 'released')
})

t.test('concurrent lock users in one process never overlap', async (t) => {
  const dir = t.testdir({ 'store.xml': sample, 'counter.txt': '0' })
  const path = join(dir, 'store.xml')
  const counter = join(dir, 'counter.txt')
  let inside = 0
  let most = 0
  await Promise.all(
    Array.from({ length: 20 }, () =>
      withStoreLock(path, { timeoutMs: 30_000 }, async () => {
        inside++
        most = Math.max(most, inside)
        const value = Number(readFileSync(counter, 'utf8'))
        await yieldTurn()
        writeFileSync(counter, String(value + 1))
        inside--
      }),
    ),
  )
  t.equal(most, 1, 'one holder at a time')
  t.equal(readFileSync(counter, 'utf8'), '20', 'no update lost')
})

t.test('a timeout fails with AZMAN_ERR_CONFLICT_LOCKED and leaves the store unchanged', async (t) => {
  const dir = t.testdir({ 'store.xml': sample })
  const path = join(dir, 'store.xml')
  const { pid } = await livePid(t)
  const lock = lockJson({ pid, hostname: hostname(), time: '2030-01-02T03:04:05.678Z' })
  writeFileSync(lockPathOf(path), lock)
  const error = await new XmlStore(path, 'my-store.xml').update(addMember(1), { lockTimeoutMs: 50, record: { actor: 'a', changes: null } }).catch((e: unknown) => e)
  t.match(error, {
    code: 'AZMAN_ERR_CONFLICT_LOCKED',
    exitCode: 5,
    message: `my-store.xml is locked by process ${pid} on ${hostname()} since 2030-01-02T03:04:05.678Z; try again later or raise --lock-timeout`,
  })
  t.ok(readFileSync(path).equals(sample), 'store unchanged')
  t.equal(readFileSync(lockPathOf(path), 'utf8'), lock, 'the holder keeps its lock')
  t.same(readdirSync(dir).sort(), ['store.xml', 'store.xml.lock'], 'no journal, backup or archive')
})

t.test('a lock left by a dead process of this host is broken', async (t) => {
  const dir = t.testdir({ 'store.xml': sample })
  const path = join(dir, 'store.xml')
  writeFileSync(lockPathOf(path), lockJson({ pid: deadPid() }))
  // No waiting allowed: the stale lock must be broken, not waited out.
  const result = await new XmlStore(path).update(addMember(1), { lockTimeoutMs: 0 })
  t.equal(result.edits.length, 1, 'the write went through')
  t.notOk(existsSync(lockPathOf(path)), 'no lock left')
  t.same(
    readdirSync(dir).filter((n) => n.endsWith('.tmp')),
    [],
    'the broken lock was not left aside',
  )
})

t.test('a lock of a live process is respected until it ends, then broken', async (t) => {
  const dir = t.testdir({ 'store.xml': sample })
  const path = join(dir, 'store.xml')
  const live = await livePid(t)
  writeFileSync(lockPathOf(path), lockJson({ pid: live.pid }))
  const store = new XmlStore(path)
  await t.rejects(store.update(addMember(1), { lockTimeoutMs: 100 }), { code: 'AZMAN_ERR_CONFLICT_LOCKED', message: new RegExp(`process ${live.pid} `) })
  t.ok(readFileSync(path).equals(sample), 'store unchanged')
  live.child.kill('SIGKILL')
  await live.exited
  await store.update(addMember(1), { lockTimeoutMs: 0 })
  t.equal(administratorMembers((await store.load()).policy).length, 2, 'written once the holder is gone')
})

t.test('locks that cannot be judged from this host, or are still being written, are respected', async (t) => {
  const dir = t.testdir({ 'store.xml': sample })
  const path = join(dir, 'store.xml')
  const store = new XmlStore(path)
  writeFileSync(lockPathOf(path), lockJson({ pid: deadPid(), hostname: 'another-host.example' }))
  await t.rejects(store.update(addMember(1), { lockTimeoutMs: 0 }), { code: 'AZMAN_ERR_CONFLICT_LOCKED', message: /on another-host\.example since/ }, 'another host')
  writeFileSync(lockPathOf(path), '')
  await t.rejects(
    store.update(addMember(1), { lockTimeoutMs: 0 }),
    { code: 'AZMAN_ERR_CONFLICT_LOCKED', message: /locked by another process \(its lock file is being written\)/ },
    'an empty lock file just created',
  )
  t.ok(readFileSync(path).equals(sample), 'store unchanged')
})

t.test('other stale locks are broken: unreadable and old, older than the boot, this pid but not held', async (t) => {
  const dir = t.testdir({ 'store.xml': sample })
  const path = join(dir, 'store.xml')
  const store = new XmlStore(path)
  const cases: [string, () => void][] = [
    [
      'an empty lock file a minute old',
      () => {
        writeFileSync(lockPathOf(path), '')
        const old = new Date(Date.now() - 60_000)
        utimesSync(lockPathOf(path), old, old)
      },
    ],
    ['a lock of a live process taken before this host booted', () => writeFileSync(lockPathOf(path), lockJson({ pid: process.ppid, time: '2001-01-01T00:00:00.000Z' }))],
    [
      'a lock with this pid that this process does not hold, taken before it started (an earlier process with the same pid)',
      () => writeFileSync(lockPathOf(path), lockJson({ pid: process.pid, token: 'from-an-earlier-process', time: new Date(Date.now() - process.uptime() * 1000 - 60_000).toISOString() })),
    ],
  ]
  let n = 1
  for (const [what, make] of cases) {
    make()
    await store.update(addMember(n++), { lockTimeoutMs: 0 })
    t.notOk(existsSync(lockPathOf(path)), what)
  }
  t.equal(administratorMembers((await store.load()).policy).length, 4, 'every write went through')
})

t.test('a lock of this process being released is waited for, not broken (an inode number reused at once let two holders in)', async (t) => {
  const dir = t.testdir({ 'store.xml': sample })
  const path = join(dir, 'store.xml')
  writeFileSync(lockPathOf(path), lockJson({ pid: process.pid, token: 'released-but-not-yet-removed' }))
  await t.rejects(new XmlStore(path).update(addMember(1), { lockTimeoutMs: 0 }), { code: 'AZMAN_ERR_CONFLICT_LOCKED' })
  t.ok(existsSync(lockPathOf(path)), 'left for its holder to remove')
})

t.test('the lock is released when the change function throws, and after a refused write', async (t) => {
  const dir = t.testdir({ 'store.xml': sample })
  const path = join(dir, 'store.xml')
  const store = new XmlStore(path)
  await t.rejects(
    store.update(() => {
      throw new Error('compute failed')
    }),
    { message: 'compute failed' },
  )
  t.notOk(existsSync(lockPathOf(path)), 'released after a throwing change')
  await t.rejects(store.update(addMember(1), { expectedVersion: 'sha256:0000' }), { code: 'AZMAN_ERR_CONFLICT_STALE' })
  t.notOk(existsSync(lockPathOf(path)), 'released after a stale precondition')
  await t.rejects(
    store.update((s) => withAdministratorMembers(s.policy, () => ['not-a-sid'])),
    { code: 'AZMAN_ERR_CHANGE_BREAKS_INTEGRITY' },
  )
  t.notOk(existsSync(lockPathOf(path)), 'released after an invalid change')
  await store.update(addMember(1), { lockTimeoutMs: 0 })
  t.ok(!readFileSync(path).equals(sample), 'the next writer gets the lock at once')
})

t.test('release and assertHeld never take another process for this one', async (t) => {
  const dir = t.testdir({ 'store.xml': sample })
  const path = join(dir, 'store.xml')
  const lock = await StoreLock.acquire(path)
  await lock.assertHeld()
  t.pass('held while the file is ours')
  const other = lockJson({ pid: process.ppid, token: 'someone-else' })
  writeFileSync(lockPathOf(path), other)
  await t.rejects(lock.assertHeld(), { code: 'AZMAN_ERR_CONFLICT_LOCK_LOST', exitCode: 5 })
  await lock.release()
  t.equal(readFileSync(lockPathOf(path), 'utf8'), other, "release leaves another holder's lock in place")
})

t.test('breaking a stale lock never removes a fresh lock that replaced it meanwhile', async (t) => {
  const dir = t.testdir({ 'store.xml': sample })
  const path = join(dir, 'store.xml')
  const live = await livePid(t)
  const fresh = lockJson({ pid: live.pid, token: 'fresh' })
  let swapped = false
  // Right before the breaker moves the stale lock aside, another process breaks it and takes a fresh one.
  const mocked = await t.mockImport<typeof import('../../../src/fs/store-lock.js')>('../../../src/fs/store-lock.js', {
    '../../../src/fs/file-system.ts': {
      ...realFs,
      renameFile: async (from: string, to: string) => {
        if (!swapped && from === lockPathOf(path)) {
          swapped = true
          await realFs.removeIfExists(from)
          writeFileSync(from, fresh)
        }
        return realFs.renameFile(from, to)
      },
    },
  })
  writeFileSync(lockPathOf(path), lockJson({ pid: deadPid() }))
  await t.rejects(mocked.StoreLock.acquire(path, { timeoutMs: 0 }), { code: 'AZMAN_ERR_CONFLICT_LOCKED', message: new RegExp(`process ${live.pid} `) })
  t.ok(swapped, 'the race was staged')
  t.equal(readFileSync(lockPathOf(path), 'utf8'), fresh, 'the fresh lock is back in place, untouched')
  t.same(
    readdirSync(dir).filter((n) => n.endsWith('.tmp')),
    [],
    'nothing left aside',
  )
})

t.test('a lock file that cannot be created is an I/O error naming the lock', async (t) => {
  const dir = t.testdir({})
  await t.rejects(
    new XmlStore(join(dir, 'no-such-folder', 'store.xml'), 'no-such-folder/store.xml').update((s) => s.policy),
    {
      code: 'AZMAN_ERR_STORE_IO',
      exitCode: 2,
      message: 'cannot create the lock file no-such-folder/store.xml.lock: no such file or folder',
    },
  )
})
