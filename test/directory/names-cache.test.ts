import { chmodSync, chownSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import t, { type Test } from 'tap'
import { namesCacheDir, readNamesFileCached } from '../../src/directory/names-cache.js'
import { readNamesFile, sidForName } from '../../src/directory/names-file.js'

const D = 'S-1-5-21-1004336348-1177238915-682003330'

/** A names file of `rows` rows as Export-Csv writes it, names of `prefix`. */
function csv(rows: number, prefix = 'user'): string {
  const lines = ['"DistinguishedName","Name","SamAccountName","SID"']
  for (let i = 0; i < rows; i++) lines.push(`"CN=User ${i},DC=contoso,DC=com","User, ${i}","${prefix}${i}","${D}-${1100 + i}"`)
  return `${lines.join('\r\n')}\r\n`
}

/** A folder with a names file and a cache folder (not yet made); the file's times as they are, `settledMs: 0` unless a test says otherwise. */
function place(t: Test, text = csv(500)): { names: string; dir: string } {
  const root = t.testdir({ 'names.csv': text })
  return { names: join(root, 'names.csv'), dir: join(root, 'cache') }
}

const cacheFiles = (dir: string): string[] => {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}

/** Whether a table was answered from the cache: its maps are read from the index, not decoded into Maps. */
const fromCache = (table: { names: unknown }): boolean => !(table.names instanceof Map)

t.test('the first read caches the table; the next answers from the cache, the same for every SID and name', async (t) => {
  const { names, dir } = place(t)
  const first = await readNamesFileCached(names, { dir, settledMs: 0 })
  t.notOk(fromCache(first), 'the first read reads the file')
  t.equal(cacheFiles(dir).length, 1)
  t.equal(statSync(dir).mode & 0o777, 0o700, 'the cache folder is private')
  t.equal(statSync(join(dir, cacheFiles(dir)[0] ?? '')).mode & 0o777, 0o600, 'the cache file is private')
  const again = await readNamesFileCached(names, { dir, settledMs: 0 })
  t.ok(fromCache(again), 'the second read answers from the cache')
  t.equal(again.file, names)
  const fresh = await readNamesFile(names)
  let checked = 0
  for (const [sid, name] of fresh.names) checked += again.names.get(sid) === name ? 1 : 0
  for (const [key, sid] of fresh.sids) checked += again.sids.get(key) === sid ? 1 : 0
  t.equal(checked, 500 + 1000, 'every SID and both keys of every name agree')
  t.equal(sidForName(again, 'CONTOSO\\user7'), `${D}-1107`, 'an account resolves through the cached table as through the file')
  t.equal(again.names.get(`${D}-1`), undefined)
})

t.test('a file replaced or changed is read again, never answered from the old cache', async (t) => {
  const { names, dir } = place(t)
  await readNamesFileCached(names, { dir, settledMs: 0 })
  writeFileSync(`${names}.new`, csv(500, 'USER'))
  renameSync(`${names}.new`, names) // same size, a new inode
  const replaced = await readNamesFileCached(names, { dir, settledMs: 0 })
  t.notOk(fromCache(replaced))
  t.equal(replaced.names.get(`${D}-1107`), 'USER7')
  const cached = await readNamesFileCached(names, { dir, settledMs: 0 })
  t.ok(fromCache(cached), 'and the new content is cached in place of the old')
  t.equal(cached.names.get(`${D}-1107`), 'USER7')
  t.equal(cacheFiles(dir).length, 1, 'one cache file per names file')
})

t.test('a file changed less than two seconds before it is read is not cached (its times could hide a change)', async (t) => {
  const { names, dir } = place(t)
  const table = await readNamesFileCached(names, { dir })
  t.equal(table.names.get(`${D}-1107`), 'user7')
  t.same(cacheFiles(dir), [], 'nothing cached')
  writeFileSync(names, csv(500, 'USER')) // in place: same inode and size, perhaps the same times
  t.equal((await readNamesFileCached(names, { dir })).names.get(`${D}-1107`), 'USER7', 'the change shows at once')
})

t.test('a settled file is cached with the default wait', async (t) => {
  const { names, dir } = place(t)
  await new Promise((r) => setTimeout(r, 2_100)) // the file's change time is real; it cannot be set back
  await readNamesFileCached(names, { dir })
  t.equal(cacheFiles(dir).length, 1)
  t.ok(fromCache(await readNamesFileCached(names, { dir })))
})

t.test('a refused names file is never cached, and is refused every time', async (t) => {
  const { names, dir } = place(t, `SID,Name\n${D}-1105,alice\nS-1-5-21-x,bob\n`)
  for (let i = 0; i < 2; i++) {
    await t.rejects(readNamesFileCached(names, { dir, settledMs: 0 }), { code: 'AZMAN_ERR_NAMES_FILE', message: /line 3: "S-1-5-21-x" is not a SID/ })
  }
  t.same(cacheFiles(dir), [])
  await t.rejects(readNamesFileCached(join(names, '..', 'missing.csv'), { dir, settledMs: 0 }), { code: 'AZMAN_ERR_NAMES_FILE', message: /cannot read the names file/ })
  await t.rejects(readNamesFileCached(join(names, '..'), { dir, settledMs: 0 }), { code: 'AZMAN_ERR_NAMES_FILE', message: /folder/ })
})

t.test('a damaged or foreign cache file is read past and replaced', async (t) => {
  const { names, dir } = place(t)
  await readNamesFileCached(names, { dir, settledMs: 0 })
  const cached = join(dir, cacheFiles(dir)[0] ?? '')
  const whole = readFileSync(cached)
  const damaged: [string, Buffer][] = [
    ['cut short', whole.subarray(0, whole.length - 1)],
    ['empty', Buffer.alloc(0)],
    ['another format', Buffer.concat([Buffer.from('AZMNAMES\u0009\u0000\u0000\u0000'), whole.subarray(12)])],
    ['not an index', Buffer.from('SID,Name\n')],
    ['a name changed', Buffer.from(whole.toString('latin1').replace('user7', 'USER7'), 'latin1')],
  ]
  for (const [what, bytes] of damaged) {
    writeFileSync(cached, bytes)
    const table = await readNamesFileCached(names, { dir, settledMs: 0 })
    t.notOk(fromCache(table), `${what}: the file is read`)
    t.equal(table.names.get(`${D}-1107`), 'user7')
    t.same(readFileSync(cached), whole, `${what}: the cache is written again`)
  }
  t.equal(damaged.length, 5)
})

t.test('a forged cache (right check sum, an entry out of bounds) is an AZMAN_ERR_NAMES_FILE naming the cache when a lookup reaches the entry', async (t) => {
  const { names, dir } = place(t)
  await readNamesFileCached(names, { dir, settledMs: 0 })
  const cached = join(dir, cacheFiles(dir)[0] ?? '')
  const bytes = readFileSync(cached)
  const headerEnd = 20 + bytes.readUInt32LE(12)
  bytes.writeUInt32LE(0xffffff00, headerEnd + 4 + 4 * (2 * ((500 - 1) >>> 1) + 1))
  bytes.writeUInt32LE(crc32(bytes.subarray(20)), 16)
  writeFileSync(cached, bytes)
  const table = await readNamesFileCached(names, { dir, settledMs: 0 })
  t.throws(() => table.names.get(`${D}-1107`), {
    code: 'AZMAN_ERR_NAMES_FILE',
    exitCode: 2,
    message: new RegExp(`names cache ${cached.replaceAll('/', '\\/')} is damaged .*delete it, or set AZMAN_NO_CACHE=1`),
  })
})

t.test('a cache folder or file that others could have written is not used', { skip: process.getuid === undefined ? 'POSIX owners only' : false }, async (t) => {
  const { names, dir } = place(t)
  mkdirSync(dir, { mode: 0o700 })
  chmodSync(dir, 0o770)
  await readNamesFileCached(names, { dir, settledMs: 0 })
  t.same(cacheFiles(dir), [], 'a folder its group may write to is left alone')
  chmodSync(dir, 0o700)
  await readNamesFileCached(names, { dir, settledMs: 0 })
  const cached = join(dir, cacheFiles(dir)[0] ?? '')
  chmodSync(cached, 0o666)
  t.notOk(fromCache(await readNamesFileCached(names, { dir, settledMs: 0 })), 'a cache file others may write to is not read')
  t.equal(statSync(cached).mode & 0o777, 0o600, 'and is replaced')

  const root = join(dir, '..')
  mkdirSync(join(root, 'real-cache'), { mode: 0o700 })
  symlinkSync(join(root, 'real-cache'), join(root, 'linked-cache'))
  await readNamesFileCached(names, { dir: join(root, 'linked-cache'), settledMs: 0 })
  t.same(cacheFiles(join(root, 'real-cache')), [], 'a cache folder that is a link is not used')

  const other = join(root, 'other-cache')
  await readNamesFileCached(names, { dir: other, settledMs: 0 })
  const name = cacheFiles(other)[0] ?? ''
  renameSync(join(other, name), join(root, 'moved')) // a sound index of this very file, reached through a link
  const moved = readFileSync(join(root, 'moved'))
  symlinkSync(join(root, 'moved'), join(other, name))
  t.notOk(fromCache(await readNamesFileCached(names, { dir: other, settledMs: 0 })), 'a cache file that is a link is not followed')
  t.same(readFileSync(join(root, 'moved')), moved, 'nor written through')
})

t.test('a cache folder or file of another user is not used', { skip: process.getuid?.() !== 0 ? 'needs root to give a folder away' : false }, async (t) => {
  const { names, dir } = place(t)
  await readNamesFileCached(names, { dir, settledMs: 0 })
  const cached = join(dir, cacheFiles(dir)[0] ?? '')
  t.ok(fromCache(await readNamesFileCached(names, { dir, settledMs: 0 })), 'cached by this user')
  chownSync(dir, 4242, 4242)
  t.notOk(fromCache(await readNamesFileCached(names, { dir, settledMs: 0 })), 'not read from a folder of another user')
  chownSync(dir, 0, 0)
  chownSync(cached, 4242, 4242)
  t.notOk(fromCache(await readNamesFileCached(names, { dir, settledMs: 0 })), 'nor a cache file of another user')
  t.equal(statSync(cached).uid, 0, 'which is replaced by one of this user')
})

t.test('where the cache is: AZMAN_CACHE_DIR, else the platform cache folder (on Windows only the per-user one); none with AZMAN_NO_CACHE=1 or no home', async (t) => {
  const cases: [Record<string, string>, NodeJS.Platform, string | undefined][] = [
    [{ HOME: '/home/a' }, 'linux', '/home/a/.cache/azman'],
    [{ HOME: '/home/a', XDG_CACHE_HOME: '/var/cache/a' }, 'linux', '/var/cache/a/azman'],
    [{ HOME: '/home/a', XDG_CACHE_HOME: 'relative' }, 'linux', '/home/a/.cache/azman'],
    [{ HOME: '/Users/a' }, 'darwin', '/Users/a/.cache/azman'],
    [{ HOME: '/home/a', AZMAN_CACHE_DIR: 'here' }, 'linux', '/work/here'],
    [{ HOME: '/home/a', AZMAN_CACHE_DIR: '/tmp/c' }, 'linux', '/tmp/c'],
    [{ HOME: '/home/a', AZMAN_NO_CACHE: '1', AZMAN_CACHE_DIR: '/tmp/c' }, 'linux', undefined],
    [{ HOME: '/home/a', AZMAN_NO_CACHE: '0' }, 'linux', '/home/a/.cache/azman'],
    [{ HOME: '' }, 'linux', undefined],
    [{}, 'linux', undefined],
    [{ HOME: '/home/a', AZMAN_NO_CACHE: 'TRUE' }, 'linux', undefined],
    [{ HOME: '/home/a', AZMAN_NO_CACHE: 'false' }, 'linux', '/home/a/.cache/azman'],
    [{ LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' }, 'win32', 'C:\\Users\\a\\AppData\\Local\\azman\\cache'],
    [{ LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local', AZMAN_CACHE_DIR: 'C:\\Shared' }, 'win32', 'C:\\Users\\a\\AppData\\Local\\azman\\cache'],
    [{ LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local', AZMAN_NO_CACHE: 'yes' }, 'win32', undefined],
    [{ HOME: '/home/a' }, 'win32', undefined],
  ]
  let checked = 0
  for (const [env, platform, expected] of cases) {
    const got = namesCacheDir(env, '/work', platform)
    t.equal(got, expected, JSON.stringify({ env, platform }))
    checked++
  }
  t.equal(checked, 16)
})

t.test('a names file whose table cannot be cached exactly is read every time, and answers as written', async (t) => {
  const { names, dir } = place(t, JSON.stringify({ [`${D}-1105`]: 'ab\ud800c' }))
  for (let i = 0; i < 2; i++) t.equal((await readNamesFileCached(names, { dir, settledMs: 0 })).names.get(`${D}-1105`), 'ab\ud800c')
  t.same(cacheFiles(dir), [])
})

t.test('a names path that is a link switched while the file is read: the cache holds the bytes of the file whose identity it records', async (t) => {
  const root = t.testdir({ 'x.csv': csv(50, 'alice'), 'y.csv': csv(50, 'mallory') })
  const link = join(root, 'names.csv')
  const dir = join(root, 'cache')
  symlinkSync(join(root, 'x.csv'), link)
  const switchTo = (target: string): void => {
    rmSync(link)
    symlinkSync(join(root, target), link)
  }
  // The switch happens between looking at the file and reading it, for a reader that does the two apart (as azman once did, through
  // readBytes). The cache looks at and reads one descriptor, so it never reaches this read.
  const fileSystem = await import('../../src/fs/file-system.js')
  const { readNamesFileCached: racedRead } = await t.mockImport<typeof import('../../src/directory/names-cache.js')>('../../src/directory/names-cache.js', {
    '../../src/fs/file-system.ts': {
      // the key is the source file tsx loads
      ...fileSystem,
      readBytes: async (...args: Parameters<typeof fileSystem.readBytes>) => {
        switchTo('y.csv')
        try {
          return await fileSystem.readBytes(...args)
        } finally {
          switchTo('x.csv')
        }
      },
    },
  })
  const first = await racedRead(link, { dir, settledMs: 0 })
  t.equal(first.names.get(`${D}-1107`), 'alice7')
  const again = await readNamesFileCached(link, { dir, settledMs: 0 })
  t.ok(fromCache(again))
  t.equal(again.names.get(`${D}-1107`), 'alice7', 'the link points at x.csv and the cache answers x.csv')
  switchTo('y.csv')
  t.equal((await readNamesFileCached(link, { dir, settledMs: 0 })).names.get(`${D}-1107`), 'mallory7', 'a link switched between commands is another file')
})

t.test('a path through a linked folder and "..": each path answers the file the system reads there', async (t) => {
  const root = t.testdir({ 'names.csv': csv(50, 'alice'), other: { 'names.csv': csv(50, 'mallory'), dir: {} }, w: {} })
  symlinkSync(join(root, 'other', 'dir'), join(root, 'w', 'sub'))
  writeFileSync(join(root, 'w', 'names.csv'), csv(50, 'alice'))
  const dir = join(root, 'cache')
  const through = `${join(root, 'w', 'sub')}/../names.csv` // the system reads other/names.csv; resolve() would say w/names.csv
  const answers: string[] = []
  for (const path of [through, join(root, 'w', 'names.csv'), through, join(root, 'w', 'names.csv')]) {
    answers.push((await readNamesFileCached(path, { dir, settledMs: 0 })).names.get(`${D}-1107`) ?? '')
  }
  t.same(answers, ['mallory7', 'alice7', 'mallory7', 'alice7'])
})

t.test('a table cached by other rules or another azman version is read again', async (t) => {
  const { names, dir } = place(t)
  await readNamesFileCached(names, { dir, settledMs: 0 })
  const cached = join(dir, cacheFiles(dir)[0] ?? '')
  const whole = readFileSync(cached)
  const header = whole.toString('utf8', 20, 20 + whole.readUInt32LE(12))
  const rules = (JSON.parse(header) as { rules: string }).rules
  t.match(rules, /^\d+ \S+$/, 'the header names the rules and the version')
  const older = Buffer.from(whole.toString('latin1').replace(`"rules":"${rules}"`, `"rules":"${rules.replace(/^\d+/, (n) => String(Number(n) + 1))}"`), 'latin1')
  older.writeUInt32LE(crc32(older.subarray(20)), 16) // a sound index, of other rules
  writeFileSync(cached, older)
  t.notOk(fromCache(await readNamesFileCached(names, { dir, settledMs: 0 })))
  t.same(readFileSync(cached), whole, 'and cached again by these rules')
})

t.test("root with a user's HOME makes no cache folder in that user's home", { skip: process.getuid?.() !== 0 ? 'needs root' : false }, async (t) => {
  const root = t.testdir({ 'names.csv': csv(500), home: { '.cache': {} } })
  const names = join(root, 'names.csv')
  const home = join(root, 'home')
  chownSync(home, 4242, 4242)
  chownSync(join(home, '.cache'), 4242, 4242)
  const dir = join(home, '.cache', 'azman')
  t.equal((await readNamesFileCached(names, { dir, settledMs: 0 })).names.get(`${D}-1107`), 'user7')
  t.same(readdirSync(join(home, '.cache')), [], 'nothing made')
})
