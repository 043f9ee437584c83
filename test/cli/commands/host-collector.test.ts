/**
 * `azman host collector`: writes the stamped collector to --out (or stdout), prints its SHA-256,
 * refuses an existing file without --force, and never writes through a symbolic link or into a
 * folder, device or FIFO.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { azmanVersion } from '../../../src/report/azman-version.js'
import { COLLECTOR_SOURCE } from '../../host/collector/collector-source.js'
import { azman, fingerprint, spawnCli, STACK_LINE } from '../run-cli.js'

const version = azmanVersion()
const stamped = COLLECTOR_SOURCE.replace('@AZMAN_VERSION@', version)
const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex')

t.test('--out writes the collector stamped with the version, and prints where and its SHA-256', async (t) => {
  const out = join(t.testdir(), 'azman-host-facts.js')
  const run = await azman('host', 'collector', '--out', out)
  t.equal(run.code, 0, run.stderr)
  const written = readFileSync(out, 'utf8')
  t.equal(written, stamped, 'the shipped file with its version marker replaced')
  t.match(written, new RegExp(`var COLLECTOR = 'azman-host-facts\\.js ${version.replace(/\./g, '\\.')}';`))
  t.equal(
    run.stdout,
    `wrote the host facts collector (azman ${version}) to ${out}: ${Buffer.byteLength(written)} bytes, sha256 ${sha256(written)}\non each host, as an administrator: cscript //nologo azman-host-facts.js > <host>.json\n`,
  )
  const json = await azman('host', 'collector', '--out', join(t.testdir(), 'second.js'), '--json')
  t.same(JSON.parse(json.stdout), { path: join(t.testdir(), 'second.js'), bytes: Buffer.byteLength(stamped), version, sha256: sha256(stamped) })
})

t.test('without --out the collector goes to stdout (the real binary, so its bytes pass the terminal filter unchanged)', async (t) => {
  const run = spawnCli(['host', 'collector'])
  t.equal(run.code, 0, run.stderr)
  t.equal(run.stdout, stamped)
  const json = await azman('host', 'collector', '--json')
  t.same(JSON.parse(json.stdout), { version, sha256: sha256(stamped), script: stamped })
})

t.test('an existing file is refused (exit 5, unchanged) unless --force', async (t) => {
  const out = join(t.testdir(), 'existing.js')
  writeFileSync(out, 'keep me\n')
  const before = fingerprint(out)
  const refused = await azman('host', 'collector', '--out', out)
  t.equal(refused.code, 5)
  t.equal(refused.stderr, `azman: ${out} already exists; pass --force to replace it [AZMAN_ERR_CONFLICT_EXISTS]\n`)
  t.same(fingerprint(out), before, 'the file is untouched')
  const forced = await azman('host', 'collector', '--out', out, '--force')
  t.equal(forced.code, 0, forced.stderr)
  t.equal(readFileSync(out, 'utf8'), stamped)
})

t.test('a symbolic link, a folder, a device, a FIFO or a missing folder is refused (exit 2), even with --force, and nothing is written', async (t) => {
  const dir = t.testdir({ 'target.js': 'the link points here\n', folder: {} })
  const link = join(dir, 'link.js')
  symlinkSync(join(dir, 'target.js'), link)
  const fifo = join(dir, 'fifo.js')
  const made = spawnSync('mkfifo', [fifo])
  t.equal(made.status, 0, 'mkfifo made a FIFO')
  const cases: [string, string, RegExp][] = [
    ['symbolic link', link, /it is a symbolic link; azman writes host scripts only to a regular file it names/],
    ['folder', join(dir, 'folder'), /it is a folder, not a file/],
    ['device', '/dev/null', /it is not a regular file \(a device, FIFO or socket\)/],
    ['FIFO', fifo, /it is not a regular file \(a device, FIFO or socket\)/],
    ['missing folder', join(dir, 'no', 'such', 'c.js'), /no such file or folder/],
  ]
  let checked = 0
  for (const [what, path, message] of cases) {
    for (const force of [[], ['--force']]) {
      const run = await azman('host', 'collector', '--out', path, ...force)
      t.equal(run.code, 2, `${what} ${force.join('')}: exit 2`)
      t.match(run.stderr, message, `${what}: says why`)
      t.match(run.stderr, /\[AZMAN_ERR_STORE_IO\]\n$/)
      t.notMatch(run.stderr, STACK_LINE)
      checked++
    }
  }
  t.equal(checked, 10)
  t.equal(readFileSync(join(dir, 'target.js'), 'utf8'), 'the link points here\n', 'the link target is untouched')
})

t.test('wrong usage: a positional argument, an unknown flag, --out without a value (exit 3)', async (t) => {
  const cases = [
    [['host', 'collector', 'azman-host-facts.js'], /host collector takes no arguments \(the file is given with --out\)/],
    [['host', 'collector', '--outfile', 'x.js'], /Unknown option '--outfile'/],
    [['host', 'collector', '--out'], /--out/],
  ] as const
  for (const [args, message] of cases) {
    const run = await azman(...args)
    t.equal(run.code, 3, args.join(' '))
    t.match(run.stderr, message)
  }
  t.equal(cases.length, 3)
})

t.test('--help shows the collector usage with its examples', async (t) => {
  const run = await azman('host', 'collector', '--help')
  t.equal(run.code, 0)
  t.match(run.stdout, /azman host collector \[--out FILE\] \[--force\] \[--json\]/)
  t.match(run.stdout, /examples:\n  azman host collector --out azman-host-facts\.js\n/)
})

t.test('the folder of a written file is left with the file alone (no temporary files)', async (t) => {
  const dir = t.testdir({ sub: {} })
  mkdirSync(join(dir, 'sub', 'inner'))
  const out = join(dir, 'sub', 'inner', 'c.js')
  t.equal((await azman('host', 'collector', '--out', out)).code, 0)
  t.same(spawnSync('ls', ['-A', join(dir, 'sub', 'inner')], { encoding: 'utf8' }).stdout, 'c.js\n')
})
