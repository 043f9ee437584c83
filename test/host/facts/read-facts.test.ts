import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { HostFactsError } from '../../../src/errors/input-errors.js'
import { hostFactsFromJson, readHostFacts, readHostFactsBytes, readHostFactsFile } from '../../../src/host/facts/read-facts.js'
import { FACTS_LIMITS } from '../../../src/host/facts/schema.js'
import { GOOD_DIR } from './facts-corpus.js'

// What the facts reader refuses that a corpus file cannot hold (links, FIFOs, devices, 100 MB),
// and what it must accept (issue #14: control characters in names, duplicate VM names, partial
// failures named as fact.field).

const minimal = { format: 'azman-host-facts/1', collectedAt: '2026-12-04T21:45:00Z', collector: 'test', errors: [] as unknown[] }
const full = JSON.parse(readFileSync(`${GOOD_DIR}hyperv-2008r2-full.json`, 'utf8')) as Record<string, unknown>

/** The message of the HostFactsError `run` throws (a failure when it throws something else, or nothing). */
async function refusal(t: Test, run: () => unknown): Promise<string> {
  try {
    await run()
  } catch (e) {
    t.type(e, HostFactsError, 'a HostFactsError')
    t.equal((e as HostFactsError).exitCode, 2)
    return (e as Error).message
  }
  t.fail('not refused')
  return ''
}

t.test('files that are not regular files, or are links, are refused without being read', async (t) => {
  const dir = t.testdir({ 'facts.json': JSON.stringify(minimal) })
  const real = join(dir, 'facts.json')
  symlinkSync(real, join(dir, 'link.json'))
  execFileSync('mkfifo', [join(dir, 'fifo.json')])
  mkdirSync(join(dir, 'folder.json'))
  t.equal((await readHostFactsFile(real)).collector, 'test', 'the real file is read')
  const cases: [string, RegExp][] = [
    [join(dir, 'link.json'), /link\.json: it is a symbolic link, which azman does not follow for facts files/],
    [join(dir, 'fifo.json'), /fifo\.json: it is not a regular file \(a device, FIFO or socket\)/],
    ['/dev/zero', /\/dev\/zero: it is not a regular file/],
    [join(dir, 'folder.json'), /folder\.json: it is a folder, not a file/],
    [join(dir, 'missing.json'), /missing\.json: no such file or folder/],
  ]
  for (const [path, message] of cases) t.match(await refusal(t, () => readHostFactsFile(path)), message, path)
  t.equal(cases.length, 5)
})

t.test('a 100 MB file and 100 MB of text are refused by size before parsing', async (t) => {
  const path = join(t.testdir({}), 'huge.json')
  writeFileSync(path, `{"format":"azman-host-facts/1","collector":"`)
  truncateSync(path, 100 * 1024 * 1024)
  const started = Date.now()
  t.match(await refusal(t, () => readHostFactsFile(path)), /huge\.json: the file is over the 16,777,216-byte limit of a facts document/)
  const text = `{"format":"azman-host-facts/1","collector":"${'x'.repeat(FACTS_LIMITS.maxBytes)}"}`
  t.match(await refusal(t, () => readHostFacts(text, 'body')), /^body: is over the 16,777,216-byte limit of a facts document$/)
  t.match(await refusal(t, () => readHostFactsBytes(Buffer.from(text), 'body')), /^body: is 16,777,262 bytes, over the 16,777,216-byte limit/)
  t.ok(Date.now() - started < 5_000, 'in well under the time parsing would take')
})

t.test('deep nesting is refused before parsing, even millions deep', async (t) => {
  const depth = 4_000_000
  const text = `{"format":"azman-host-facts/1","x":${'['.repeat(depth)}${']'.repeat(depth)}}`
  const started = Date.now()
  t.match(await refusal(t, () => readHostFacts(text, 'deep.json')), /^deep\.json: nests arrays and objects deeper than 16 levels \(at character 50\)/)
  t.ok(Date.now() - started < 2_000, `refused in ${Date.now() - started} ms`)
  const inString = `{"a":"\\"${'[{'.repeat(20)}\\\\"}`
  t.match(await refusal(t, () => readHostFacts(inString, 'in-string.json')), /^in-string\.json: \$\.format is required/, 'brackets in strings (after escapes) do not count')
})

t.test('an unknown field with a huge or hostile name is named escaped and cut short', async (t) => {
  const hostile = `evil\u001b[31m\n${'k'.repeat(100_000)}`
  const message = await refusal(t, () => hostFactsFromJson({ ...minimal, [hostile]: 1 }, 'h.json'))
  t.match(message, /^h\.json: \$\.evil\\u001b\[31m\\nkkkk/)
  // eslint-disable-next-line no-control-regex -- the characters this test looks for
  t.notMatch(message, /[\u0000-\u001f]/, 'no control character')
  t.ok(message.length < 400, `cut short (${message.length} characters)`)
})

t.test('what the reader accepts', async (t) => {
  const names = hostFactsFromJson(
    {
      ...minimal,
      vms: [
        { name: 'twin\u0000\u001b\u202e', guid: '6A1C3E52-3B8D-4F0E-9C21-5D7A0B4E8F11', state: 2, scopeOfResidence: 'Lab "VMs"\r\n' },
        { name: 'twin\u0000\u001b\u202e', guid: '6A1C3E52-3B8D-4F0E-9C21-5D7A0B4E8F12', state: 2, scopeOfResidence: '' },
      ],
    },
    'x',
  )
  t.equal(names.vms?.[0]?.name, 'twin\u0000\u001b\u202e', 'control characters in names are data, kept as they are')
  t.equal(names.vms?.length, 2, 'two VMs may share a name (Hyper-V allows it)')
  const store = { kind: 'msxml', location: 'msxml://C:\\s.xml', size: 1 }
  const partial = hostFactsFromJson({ ...minimal, store, errors: [{ fact: 'store.sha256', reason: 'locked' }] }, 'x')
  t.equal(partial.store?.size, 1, 'a field of a present fact may be explained in errors')
  t.match(
    await refusal(t, () => hostFactsFromJson({ ...minimal, store: { ...store, sha256: 'a'.repeat(64) }, errors: [{ fact: 'store.sha256', reason: 'x' }] }, 'x')),
    /^x: \$\.errors\[0\]\.fact names store\.sha256, which the facts have/,
  )
  t.equal(hostFactsFromJson({ ...minimal, collectedAt: '2026-12-04T22:45:00.123+01:00' }, 'x').collectedAt, '2026-12-04T22:45:00.123+01:00', 'an offset is read')
  t.same(readHostFacts(`\uFEFF${JSON.stringify(full)}`, 'x'), full, 'a BOM in text is skipped')
  t.match(await refusal(t, () => hostFactsFromJson({ ...minimal, format: 'azman-host-facts/10' }, 'x')), /is "azman-host-facts\/10", a version this azman does not read/)
})

t.test('a field given twice in one object is refused, however it is spelled; one name in two objects is not', async (t) => {
  const spelled = '{"format":"azman-host-facts/1","collectedAt":"2026-12-04T21:45:00Z","collector":"c","errors":[],"\\u0065rrors":[]}'
  t.match(await refusal(t, () => readHostFacts(spelled, 'x')), /^x: \$\.errors is given twice in one object/, 'an escaped spelling is the same field')
  const nested = JSON.stringify({ ...minimal, localGroups: [{ sid: 'S-1-5-32-544', name: 'A', members: [{ sid: 'S-1-5-18' }, { sid: 'S-1-5-19', name: 'n' }] }] }).replace(
    '"name":"n"',
    '"name":"n","sid":"S-1-5-20"',
  )
  t.match(await refusal(t, () => readHostFacts(nested, 'x')), /^x: \$\.localGroups\[0\]\.members\[1\]\.sid is given twice/, 'the path counts array entries')
  const values = JSON.stringify({ ...minimal, vms: [{ name: '"guid":', guid: '6A1C3E52-3B8D-4F0E-9C21-5D7A0B4E8F11', state: 2, scopeOfResidence: 'guid' }] })
  t.equal(readHostFacts(values, 'x').vms?.[0]?.name, '"guid":', 'values that look like field names are values')
  t.equal(readHostFacts(JSON.stringify(full), 'x').vms?.length, 4, 'the same names in sibling objects are fine')
})
