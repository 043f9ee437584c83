import { readFileSync } from 'node:fs'
import t from 'tap'
import { HostFactsError } from '../../../src/errors/input-errors.js'
import { readHostFacts, readHostFactsBytes, readHostFactsFile } from '../../../src/host/facts/read-facts.js'
import type { HostFacts } from '../../../src/host/facts/schema.js'
import { httpStatusOf } from '../../../src/server/http-status.js'
import { BAD_DIR, BAD_FACTS, corpusFiles, GOOD_DIR } from './facts-corpus.js'

// The bad-input corpus of host facts (test/fixtures/host-facts/, issue #14): each bad file is
// refused with AZMAN_ERR_HOST_FACTS (exit 2, HTTP 400) and its exact message, naming the JSON
// path; each good file is read. Files come from test/fixtures/host-facts/generate.mjs.

async function refusal(path: string): Promise<HostFactsError | undefined> {
  try {
    await readHostFactsFile(path)
    return undefined
  } catch (e) {
    return e instanceof HostFactsError ? e : undefined
  }
}

t.test('every bad facts file is refused with its message, exit 2 and HTTP 400', async (t) => {
  const files = corpusFiles(BAD_DIR)
  t.same(
    files,
    BAD_FACTS.map((b) => b.file),
    'the table covers every file of bad/, in order',
  )
  let checked = 0
  for (const bad of BAD_FACTS) {
    const path = BAD_DIR + bad.file
    const error = await refusal(path)
    if (error === undefined) {
      t.fail(`${bad.file}: not refused with a HostFactsError`)
      continue
    }
    t.equal(error.code, 'AZMAN_ERR_HOST_FACTS', `${bad.file}: code`)
    t.equal(error.exitCode, 2, `${bad.file}: exit code`)
    t.equal(httpStatusOf(error), 400, `${bad.file}: HTTP status`)
    t.ok(error.message.startsWith(`${path}: `), `${bad.file}: the message names the file`)
    const message = error.message.slice(path.length + 2)
    if (typeof bad.message === 'string') t.equal(message, bad.message, `${bad.file}: message`)
    else t.match(message, bad.message, `${bad.file}: message`)
    t.notMatch(error.message, /\n/, `${bad.file}: one line`)
    checked++
  }
  t.equal(checked, BAD_FACTS.length, 'every case was checked')
  t.ok(checked >= 15, `at least 15 bad files (${checked})`)
})

t.test('every good facts file is read', async (t) => {
  const files = corpusFiles(GOOD_DIR)
  t.ok(files.length >= 6, `at least six good files (${files.length})`)
  let read = 0
  for (const file of files) {
    const facts = await readHostFactsFile(GOOD_DIR + file)
    t.equal(facts.format, 'azman-host-facts/1', file)
    read++
  }
  t.equal(read, files.length)
})

t.test('UTF-8 with a BOM and UTF-16 (LE with and without a BOM, BE with one) read as the plain UTF-8 file', async (t) => {
  const plain = await readHostFactsFile(`${GOOD_DIR}hyperv-2008r2-full.json`)
  const encoded = ['utf8-bom.json', 'utf16le-bom.json', 'utf16le.json', 'utf16be-bom.json']
  for (const file of encoded) t.same(await readHostFactsFile(GOOD_DIR + file), plain, file)
  t.equal(encoded.length, 4)
})

t.test('the readers of text, bytes and files agree on the corpus', async (t) => {
  let checked = 0
  for (const bad of BAD_FACTS) {
    const bytes = readFileSync(BAD_DIR + bad.file)
    const fromBytes = (() => {
      try {
        readHostFactsBytes(bytes, 'x')
        return 'read'
      } catch (e) {
        return (e as Error).message
      }
    })()
    const fromFile = (await refusal(BAD_DIR + bad.file))?.message.replace(BAD_DIR + bad.file, 'x')
    t.equal(fromBytes, fromFile, bad.file)
    checked++
  }
  t.equal(checked, BAD_FACTS.length)
  const full: HostFacts = readHostFacts(readFileSync(`${GOOD_DIR}hyperv-2008r2-full.json`, 'utf8'), 'x')
  t.equal(full.vms?.length, 4)
})
