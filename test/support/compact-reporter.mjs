// @ts-check
/**
 * A compact tap reporter for CI logs: a failing test file is printed in full
 * (its subtests, failed assertions with their diagnostics, and comments), a
 * passing one only adds to a count. Passing assertions inside a failing file
 * are left out; everything at the top level that is not a file's result
 * (tap's own comments, `Bail out!`) goes through as it is. A `Bail out!` at
 * any depth prints the file being read at once, and a file that never got a
 * result (the runner stopped or crashed) is printed at the end under
 * `# unfinished:`, so that nothing that explains a failed run is dropped.
 * What a test process writes to stderr does not pass through here: tap sends
 * it straight to the terminal (the CI log).
 *
 * Plain JavaScript because tap's runner imports it without tsx. It is a
 * Transform stream: tap pipes the raw TAP of the run into it (`--reporter`,
 * or `TAP_REPORTER=./test/support/compact-reporter.mjs`), and its output goes
 * to the terminal. One progress line is printed every {@link PROGRESS_EVERY}
 * files, so a long run shows that it is moving.
 */
import { Transform } from 'node:stream'

/** Files between two progress lines. */
const PROGRESS_EVERY = 25

/** The top-level result of one test file: `ok 3 - test/x.test.ts # time=12ms`. */
const FILE_RESULT = /^(not )?ok \d+ - (.*?)(?: # (.*))?$/
/** An assertion or subtest that passed, at any depth. */
const PASSED_ASSERT = /^\s+ok \d+\b/
/** tap stops the run: `Bail out! reason`, at the top level or indented inside a file. */
const BAIL_OUT = /^\s*Bail out!/

export default class CompactReporter extends Transform {
  /** Lines of the file being read, kept until its result says whether to print them. */
  #file = /** @type {string[]} */ ([])
  /** An incomplete last line of the previous chunk. */
  #partial = ''
  /** After a failing file's result, its indented YAML diagnostics follow at the top level. */
  #inFailureDiag = false
  #passed = 0
  #failed = 0
  #skipped = 0

  constructor() {
    super({ decodeStrings: false, encoding: 'utf8' })
  }

  /** @param {Buffer | string} chunk @param {BufferEncoding} _encoding @param {(error?: Error | null) => void} done */
  _transform(chunk, _encoding, done) {
    const lines = (this.#partial + chunk.toString()).split('\n')
    this.#partial = lines.pop() ?? ''
    for (const line of lines) this.#line(line)
    done()
  }

  /** @param {(error?: Error | null) => void} done */
  _flush(done) {
    if (this.#partial !== '') this.#line(this.#partial)
    if (this.#file.length > 0) this.#printFile('# unfinished: a test file without a result')
    this.push(`# compact reporter: ${this.#passed} test files passed, ${this.#failed} failed${this.#skipped > 0 ? `, ${this.#skipped} skipped` : ''}\n`)
    done()
  }

  /** @param {string} line */
  #line(line) {
    if (BAIL_OUT.test(line)) {
      if (this.#file.length > 0) this.#printFile('# unfinished: the file being run when tap bailed out')
      this.push(`${line.trimStart()}\n`)
      return
    }
    if (line.startsWith(' ') || line === '') {
      if (this.#inFailureDiag) this.push(`${line}\n`)
      else this.#file.push(line)
      return
    }
    this.#inFailureDiag = false
    const result = FILE_RESULT.exec(line)
    if (line.startsWith('# Subtest: ')) {
      this.#file = [line]
    } else if (result !== null) {
      this.#fileResult(line, result[1] !== undefined, result[3] ?? '')
    } else if (!line.startsWith('TAP version')) {
      this.push(`${line}\n`)
    }
  }

  /** @param {string} line @param {boolean} failed @param {string} directive */
  #fileResult(line, failed, directive) {
    if (failed) {
      this.#failed++
      this.#printFile()
      this.push(`${line}\n`)
      this.#inFailureDiag = true
    } else if (/^(skip|todo)\b/i.test(directive)) {
      this.#skipped++
      this.push(`${line}\n`)
    } else {
      this.#passed++
    }
    this.#file = []
    const done = this.#passed + this.#failed + this.#skipped
    if (done % PROGRESS_EVERY === 0) this.push(`# ${done} test files done (${this.#failed} failed)\n`)
  }

  /** Prints the lines kept of the current file but its passing assertions, and forgets them. @param {string} [heading] */
  #printFile(heading) {
    if (heading !== undefined) this.push(`${heading}\n`)
    for (const kept of this.#file) if (!PASSED_ASSERT.test(kept)) this.push(`${kept}\n`)
    this.#file = []
  }
}
