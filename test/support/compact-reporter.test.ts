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

t.test('a bail-out inside a file prints that file at once, with the bail-out line', async (t) => {
  const bailed = `TAP version 14
# Subtest: test/pass.test.ts
    1..0
ok 1 - test/pass.test.ts # time=1ms
# Subtest: test/bail.test.ts
    # Subtest: needs the DC
        ok 1 - connects
        not ok 2 - binds
        Bail out! no DC
`
  const out = await report([bailed])
  t.match(
    out,
    /# unfinished: the file being run when tap bailed out\n# Subtest: test\/bail\.test\.ts\n {4}# Subtest: needs the DC\n {8}not ok 2 - binds\nBail out! no DC\n/,
    'the file, its failure and the bail-out, in order',
  )
  t.notMatch(out, /connects/, 'a passing assertion of it is left out')
  t.match(out, /# compact reporter: 1 test files passed, 0 failed\n$/, 'the unfinished file is not counted as passed')
})

t.test('a file that never got a result (the runner crashed) is printed at the end', async (t) => {
  const crashed = `TAP version 14
# Subtest: test/crash.test.ts
    # Subtest: parses
        ok 1 - reads the store
        not ok 2 - writes it back
`
  const out = await report([crashed])
  t.match(
    out,
    /^# unfinished: a test file without a result\n# Subtest: test\/crash\.test\.ts\n {4}# Subtest: parses\n {8}not ok 2 - writes it back\n# compact reporter: 0 test files passed, 0 failed\n$/,
  )
})

t.test('a passing file leaves nothing behind to print as unfinished', async (t) => {
  const out = await report([`TAP version 14\n# Subtest: test/a.test.ts\n    ok 1 - fine\n    1..1\nok 1 - test/a.test.ts\n1..1\n`])
  t.notMatch(out, /unfinished|fine/)
})
