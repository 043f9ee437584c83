/**
 * No write goes through a symbolic link (issue #11, defect 2). A journal that
 * is a link used to be appended to and truncated at its target, an archive
 * folder that is a link received the versions, and a store that is a link
 * was replaced by a regular file (its target silently stopped being updated).
 * Each side file azman writes or reads next to a store is tried as a link to
 * a file or folder outside the store's folder: the write is refused (exit 2,
 * a message that says why), and the target and the store keep every byte.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { runCli, sample, STACK_LINE } from '../../cli/run-cli.js'

const PRECIOUS = 'a file outside the store folder\n'
const APP = 'Hyper-V services'

function layout(t: Test): { store: string; outside: string } {
  const root = t.testdir({ store: {}, outside: {} })
  const store = join(root, 'store', 'store.xml')
  copyFileSync(sample('hyperv-2008r2.xml'), store)
  return { store, outside: join(root, 'outside') }
}

/** A write through the CLI, journaled (so every side file is in play). */
const write = (store: string) => runCli(['scope', 'create', store, '--app', APP, '--name', 'Through a link', '--reason', 'test'])

const SIDE_FILES = [
  { name: 'journal', suffix: '.journal.jsonl', folder: false },
  { name: 'pending journal entry', suffix: '.journal.pending.json', folder: false },
  { name: 'backup', suffix: '.bak', folder: false },
  { name: 'lock', suffix: '.lock', folder: false },
  { name: 'version archive', suffix: '.versions', folder: true },
] as const

t.test('every side file that is a symbolic link is refused, and nothing outside or inside changes', async (t) => {
  let checked = 0
  for (const side of SIDE_FILES) {
    await t.test(side.name, async (t) => {
      const { store, outside } = layout(t)
      const target = join(outside, side.folder ? 'folder' : 'file')
      if (side.folder) mkdirSync(target)
      else writeFileSync(target, PRECIOUS)
      symlinkSync(target, `${store}${side.suffix}`)
      const before = readFileSync(store)
      const run = await write(store)
      t.equal(run.code, 2, 'exit 2')
      t.match(run.stderr, /symbolic link/, `says why: ${run.stderr.trim()}`)
      t.notMatch(run.stderr, STACK_LINE)
      t.ok(readFileSync(store).equals(before), 'the store is unchanged')
      if (side.folder) t.same(readdirSync(target), [], 'nothing was archived into the linked folder')
      else t.equal(readFileSync(target, 'utf8'), PRECIOUS, 'the link target is unchanged')
    })
    checked++
  }
  t.equal(checked, SIDE_FILES.length)
})

t.test('a store that is a symbolic link is read through it, and never written through it', async (t) => {
  const { store, outside } = layout(t)
  const real = join(outside, 'real.xml')
  copyFileSync(store, real)
  const link = join(outside, '..', 'store', 'linked.xml')
  symlinkSync(real, link)
  t.equal((await runCli(['show', link])).code, 0, 'show reads it')
  const before = readFileSync(real)
  const run = await write(link)
  t.equal(run.code, 2, 'a write is refused: exit 2')
  t.match(run.stderr, /symbolic link.*name the real file/, run.stderr.trim())
  t.ok(readFileSync(real).equals(before), 'the target is unchanged')
  t.ok(readFileSync(link).equals(before), 'the link is still a link to it')
  t.equal((await write(real)).code, 0, 'writing the real file works')
})
