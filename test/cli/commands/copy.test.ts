import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { azman, sample, realStore } from '../run-cli.js'

for (const file of [sample('hyperv-2008.xml'), sample('hyperv-2008r2.xml'), sample('hyperv-2008r2-delegated.xml'), realStore('ms-azmp-example-v2.xml'), realStore('windows-sdk-asp-AzStore.xml')]) {
  t.test(`copy ${file.split('/').pop() ?? ''} is byte-identical`, async (t) => {
    const dir = t.testdir()
    const to = join(dir, 'copy.xml')
    const run = await azman('copy', file, to, '--json')
    t.equal(run.code, 0)
    t.ok(readFileSync(to).equals(readFileSync(file)), 'same bytes')
    t.match(JSON.parse(run.stdout), { source: file, destination: to, version: /^sha256:/, bytes: readFileSync(file).length })
  })
}

t.test('copy refuses to replace a file unless --force', async (t) => {
  const dir = t.testdir({ 'taken.xml': 'mine' })
  const to = join(dir, 'taken.xml')
  const refused = await azman('copy', sample('hyperv-2008.xml'), to)
  t.equal(refused.code, 5)
  t.match(refused.stderr, /^azman: .*already exists; pass --force to replace it \[AZMAN_ERR_CONFLICT_EXISTS\]\n$/)
  t.equal(readFileSync(to, 'utf8'), 'mine', 'untouched')
  const forced = await azman('copy', sample('hyperv-2008.xml'), to, '--force')
  t.equal(forced.code, 0)
  t.match(forced.stdout, /^copied .* \(7156 bytes, unchanged\)\n$/)
  t.ok(readFileSync(to).equals(readFileSync(sample('hyperv-2008.xml'))))
})

t.test('copy writes to msxml:/// destinations', async (t) => {
  const dir = t.testdir()
  const run = await azman('copy', sample('hyperv-2008r2.xml'), `msxml://${join(dir, 'out.xml')}`)
  t.equal(run.code, 0)
  t.ok(readFileSync(join(dir, 'out.xml')).equals(readFileSync(sample('hyperv-2008r2.xml'))))
})
