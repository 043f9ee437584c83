/** `azman migrate` through the CLI: the done-when run, --check of a doctored export, refusals with their exit codes. */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { runCli, sample, STACK_LINE } from '../run-cli.js'

const DELEGATED = sample('hyperv-2008r2-delegated.xml')

interface Report {
  readonly cases: number
  readonly agreed: number
  readonly narrower: number
  readonly disagreements: number
  readonly untranslated: unknown[]
  readonly shown: { sids: string[]; scope: string | null; operation: number; engine: string; azman: string; because: unknown[] }[]
  readonly edited: string[]
}

t.test('done when: the delegated sample to Cedar exits 0 with 0 disagreements; one policy removed, --check exits 1 naming the case', async (t) => {
  const dir = t.testdir({})
  const out = join(dir, 'x')
  const run = await runCli(['migrate', DELEGATED, '--to', 'cedar', '--out', out, '--json'])
  t.equal(run.code, 0, run.stderr)
  const report = JSON.parse(run.stdout) as Report
  t.same([report.cases, report.disagreements], [1938, 0])
  t.equal(report.agreed + report.narrower, report.cases, 'every case agreed or narrower by design')
  t.same(readdirSync(out).sort(), ['azman-migration.json', 'entities.json', 'policies.cedar', 'schema.cedarschema'])
  const text = await runCli(['migrate', '--check', out])
  t.equal(text.code, 0, text.stderr)
  t.match(text.stdout, /verified with cedar: 1938 cases \(\d+ asked: cases the store and the export treat alike are asked once\): \d+ agreed, \d+ narrower by design .*, 0 disagreements/)

  const policies = join(out, 'policies.cedar')
  const original = readFileSync(policies, 'utf8')
  const first = original.indexOf('permit')
  writeFileSync(policies, original.slice(0, first) + original.slice(original.indexOf(';\n', first) + 2))
  const doctored = await runCli(['migrate', '--check', out, '--json'])
  t.equal(doctored.code, 1)
  const d = JSON.parse(doctored.stdout) as Report
  t.ok(d.disagreements > 0)
  t.same(d.edited, ['policies.cedar'])
  t.match(d.shown[0], { sids: ['S-1-5-32-544'], scope: null, engine: 'deny', azman: 'granted' })
  const named = await runCli(['migrate', '--check', out])
  t.match(
    named.stdout,
    /DISAGREEMENT: token S-1-5-32-544, application level, operation 100 \("Read Service Configuration"\): cedar denies, azman: granted\n {2}granted by role assignment "Administrator"/,
  )
})

t.test('Casbin too; --no-verify writes without comparing', async (t) => {
  const dir = t.testdir({})
  const run = await runCli(['migrate', DELEGATED, '--to', 'casbin', '--out', join(dir, 'c'), '--json'])
  t.equal(run.code, 0, run.stderr)
  t.match(JSON.parse(run.stdout), { cases: 1938, disagreements: 0 })
  const quick = await runCli(['migrate', DELEGATED, '--to', 'casbin', '--out', join(dir, 'q'), '--no-verify', '--json'])
  t.match(JSON.parse(quick.stdout), { engine: null, cases: 0 })
})

t.test('refusals: exit code, message, no stack trace', async (t) => {
  const dir = t.testdir({ full: { 'keep.txt': 'x' }, bad: { 'azman-migration.json': '{"format": "azman-migration/9"}' }, notjson: { 'azman-migration.json': 'nope' } })
  mkdirSync(join(dir, 'target'))
  symlinkSync(join(dir, 'target'), join(dir, 'link'))
  const good = join(dir, 'good')
  t.equal((await runCli(['migrate', DELEGATED, '--to', 'cedar', '--out', good, '--no-verify'])).code, 0)
  const broken = join(dir, 'broken')
  t.equal((await runCli(['migrate', DELEGATED, '--to', 'cedar', '--out', broken, '--no-verify'])).code, 0)
  writeFileSync(join(broken, 'policies.cedar'), 'permit (principal, action, resource) when { principal in };')
  const cases: [string, string[], number, RegExp][] = [
    ['no --to', ['migrate', DELEGATED, '--out', join(dir, 'n1')], 3, /give --to cedar\|openfga\|casbin/],
    ['unknown target', ['migrate', DELEGATED, '--to', 'opa', '--out', join(dir, 'n2')], 3, /--to "opa": the targets are cedar, openfga, casbin/],
    ['no --out', ['migrate', DELEGATED, '--to', 'cedar'], 3, /give --out DIR/],
    ['a folder that holds a file', ['migrate', DELEGATED, '--to', 'cedar', '--out', join(dir, 'full')], 5, /is not empty \(keep\.txt\); pass --force.*\[AZMAN_ERR_CONFLICT_EXISTS\]/],
    ['a link as the folder', ['migrate', DELEGATED, '--to', 'cedar', '--out', join(dir, 'link')], 2, /symbolic link/],
    ['a missing store', ['migrate', join(dir, 'none.xml'), '--to', 'cedar', '--out', join(dir, 'n4')], 2, /\[AZMAN_ERR_STORE_IO\]/],
    ['--check of nothing', ['migrate', '--check', join(dir, 'n5')], 2, /cannot read .*azman-migration\.json.*\[AZMAN_ERR_MIGRATE_EXPORT\]/],
    ['--check of a foreign manifest', ['migrate', '--check', join(dir, 'bad')], 2, /\$\.format .*\[AZMAN_ERR_MIGRATE_EXPORT\]/],
    ['--check of a manifest that is not JSON', ['migrate', '--check', join(dir, 'notjson')], 2, /not JSON.*\[AZMAN_ERR_MIGRATE_EXPORT\]/],
    ['--check of a policy that does not parse', ['migrate', '--check', broken], 2, /policies\.cedar: .*\[AZMAN_ERR_MIGRATE_EXPORT\]/],
    ['--check with --to', ['migrate', '--check', good, '--to', 'cedar'], 3, /--to, --out and --conditions are for writing one/],
    ['--check with --conditions', ['migrate', '--check', good, '--conditions'], 3, /--to, --out and --conditions are for writing one/],
  ]
  for (const [name, args, code, message] of cases) {
    const run = await runCli(args)
    t.equal(run.code, code, `${name}: exit ${code} (${run.stderr.slice(0, 200)})`)
    t.match(run.stderr, message, name)
    t.notMatch(run.stderr, STACK_LINE, `${name}: no stack trace`)
  }
  t.equal(cases.length, 12)
  t.same(readdirSync(join(dir, 'full')), ['keep.txt'], 'a refused folder is left as it was')
  t.notOk(existsSync(join(dir, 'target', 'policies.cedar')), 'nothing written through the link')
})

t.test('--check refuses a target file that is a symbolic link (it could point anywhere)', async (t) => {
  const dir = t.testdir({ 'outside.cedar': 'permit (principal, action, resource);' })
  const out = join(dir, 'x')
  t.equal((await runCli(['migrate', DELEGATED, '--to', 'cedar', '--out', out, '--no-verify'])).code, 0)
  const policies = join(out, 'policies.cedar')
  writeFileSync(policies, '')
  const { unlinkSync } = await import('node:fs')
  unlinkSync(policies)
  symlinkSync(join(dir, 'outside.cedar'), policies)
  const run = await runCli(['migrate', '--check', out])
  t.equal(run.code, 2)
  t.match(run.stderr, /policies\.cedar.*symbolic link.*\[AZMAN_ERR_MIGRATE_EXPORT\]/)
})

t.test('--format md and html print the report so; a wrong --format, or --json with --format, is a usage error (exit 3)', async (t) => {
  const dir = t.testdir({})
  const out = join(dir, 'x')
  const md = await runCli(['migrate', DELEGATED, '--to', 'casbin', '--out', out, '--format', 'md'])
  t.equal(md.code, 0, md.stderr)
  t.match(md.stdout, /^# Migration of .*hyperv-2008r2-delegated\.xml to casbin\n/)
  t.match(md.stdout, '| 1938 |')
  const html = await runCli(['migrate', '--check', out, '--format', 'html'])
  t.equal(html.code, 0, html.stderr)
  t.match(html.stdout, /^<!DOCTYPE html>/)
  t.match(html.stdout, '<p class="verdict pass">No disagreement: verified with casbin</p>')
  for (const args of [
    ['--format', 'xml'],
    ['--json', '--format', 'md'],
  ]) {
    const bad = await runCli(['migrate', '--check', out, ...args])
    t.equal(bad.code, 3, args.join(' '))
    t.match(bad.stderr, /--format|--json or --format/)
    t.notMatch(bad.stderr, STACK_LINE)
    // With --json the error is also printed as JSON on stdout.
    if (args.includes('--json')) t.match(JSON.parse(bad.stdout), { error: { code: 'AZMAN_ERR_USAGE', exitCode: 3 } })
    else t.equal(bad.stdout, '')
  }
})

t.test('--check of an OpenFGA export written before review-tuples.json existed (not in its manifest) reads the rest', async (t) => {
  const dir = t.testdir({})
  const out = join(dir, 'fga')
  t.equal((await runCli(['migrate', DELEGATED, '--to', 'openfga', '--out', out])).code, 0)
  const manifestPath = join(out, 'azman-migration.json')
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: Record<string, string> }
  delete manifest.files['review-tuples.json']
  writeFileSync(manifestPath, JSON.stringify(manifest))
  rmSync(join(out, 'review-tuples.json'))
  const run = await runCli(['migrate', '--check', out, '--json'])
  t.equal(run.code, 0, run.stderr)
  t.same((JSON.parse(run.stdout) as Report).edited, [], 'nothing reported edited')
  writeFileSync(manifestPath, JSON.stringify({ ...manifest, files: { ...manifest.files, 'review-tuples.json': '0'.repeat(64) } }))
  const missing = await runCli(['migrate', '--check', out])
  t.equal(missing.code, 2, 'a file the manifest lists must be there')
  t.match(missing.stderr, /review-tuples\.json/)
  t.notMatch(missing.stderr, /cannot read .*cannot read/, 'the reason said once')
})
