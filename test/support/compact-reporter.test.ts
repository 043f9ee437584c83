import { Readable } from 'node:stream'
import { text } from 'node:stream/consumers'
import t from 'tap'
// @ts-expect-error -- a plain .mjs module (tap's runner imports it without tsx); no declaration file
import CompactReporter from './compact-reporter.mjs'

/** Runs TAP text through the reporter in the chunks given (a line may be split across chunks). */
async function report(chunks: readonly string[]): Promise<string> {
  const reporter = new (CompactReporter as new () => NodeJS.ReadWriteStream)()
  return text(Readable.from(chunks).pipe(reporter))
}

const RUN = `TAP version 14
# Subtest: test/pass.test.ts
    # Subtest: adds
        ok 1 - one plus one
        1..1
    ok 1 - adds # time=1ms
    1..1
ok 1 - test/pass.test.ts # time=10ms

# Subtest: test/fail.test.ts
    # Subtest: compares
        ok 1 - fine
        not ok 2 - one is two
          ---
          found: 1
          wanted: 2
          ...
        1..2
    not ok 1 - compares # time=2ms
    1..1
not ok 2 - test/fail.test.ts # time=20ms
  ---
  exitCode: 1
  ...

ok 3 - test/skipped.test.ts # SKIP no chromium
1..3
# { total: 4, pass: 2, fail: 2 }
`

t.test('a failing file is printed without its passing assertions; a passing one only counts', async (t) => {
  const out = await report([RUN])
  t.match(out, /# Subtest: test\/fail\.test\.ts\n/, 'the failing file is shown')
  t.match(out, /not ok 2 - one is two\n {10}---\n {10}found: 1\n {10}wanted: 2\n/, 'with the failed assertion and its diagnostics')
  t.match(out, /not ok 2 - test\/fail\.test\.ts # time=20ms\n {2}---\n {2}exitCode: 1\n/, 'and the file result with its own diagnostics')
  t.notMatch(out, /ok 1 - fine/, 'a passing assertion of a failing file is left out')
  t.notMatch(out, /pass\.test\.ts|one plus one/, 'nothing of the passing file is printed')
  t.match(out, /ok 3 - test\/skipped\.test\.ts # SKIP no chromium\n/, 'a skipped file is named')
  t.match(out, /^# \{ total: 4, pass: 2, fail: 2 \}$/m, "tap's summary goes through")
  t.match(out, /# compact reporter: 1 test files passed, 1 failed, 1 skipped\n$/, 'the closing count')
})

t.test('lines split across chunks are put together again', async (t) => {
  const cut = RUN.split('')
  const chunks: string[] = []
  for (let i = 0; i < cut.length; i += 7) chunks.push(cut.slice(i, i + 7).join(''))
  t.ok(chunks.length > 50, 'many small chunks')
  t.equal(await report(chunks), await report([RUN]))
})

t.test('a progress line every 25 files', async (t) => {
  const files = Array.from({ length: 60 }, (_, i) => `# Subtest: test/f${i}.test.ts\n    1..0\nok ${i + 1} - test/f${i}.test.ts # time=1ms\n`)
  const out = await report([`TAP version 14\n${files.join('')}1..60\n`])
  t.same(out.match(/^# \d+ test files done.*$/gm), ['# 25 test files done (0 failed)', '# 50 test files done (0 failed)'])
  t.match(out, /60 test files passed, 0 failed\n$/)
})
