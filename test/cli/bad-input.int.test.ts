import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { fingerprint, fixture, runCli, spawnCli, STACK_LINE, type CliResult } from './run-cli.js'

/**
 * Input that is not a readable AzMan store must be refused with exit 2, one
 * line on stderr naming a stable code (and, with --json, an error object on
 * stdout), no stack trace, and no change on disk. Fixtures: one problem each,
 * in test/fixtures/bad-input/ (written by generate.mjs there).
 */

type InputErrorCode = 'AZMAN_ERR_XML_UNSAFE' | 'AZMAN_ERR_XML_ENCODING' | 'AZMAN_ERR_NOT_A_STORE' | 'AZMAN_ERR_XML_SYNTAX' | 'AZMAN_ERR_STORE_IO' | 'AZMAN_ERR_STORE_UNSUPPORTED'

interface Position {
  readonly line: number
  readonly column: number
}

interface Expected {
  readonly code: InputErrorCode | 'AZMAN_ERR_USAGE'
  readonly exitCode: 2 | 3
  /** What the message must say. */
  readonly message: readonly RegExp[]
  /** The message names "line N, column M" and --json gives line and column: exactly these, or any when `true`. */
  readonly position?: Position | true
}

interface BadInput extends Expected {
  readonly file: string
  readonly problem: string
}

const UNSAFE = 'AZMAN_ERR_XML_UNSAFE'
const ENCODING = 'AZMAN_ERR_XML_ENCODING'
const NOT_A_STORE = 'AZMAN_ERR_NOT_A_STORE'
const SYNTAX = 'AZMAN_ERR_XML_SYNTAX'

const invalidUtf8Offset = readFileSync(fixture('bad-input/invalid-utf8.xml')).indexOf(0xc3)

const BAD_INPUTS: readonly BadInput[] = [
  { file: 'xxe-external-entity.xml', problem: 'DOCTYPE with an external entity used in a Name', code: UNSAFE, exitCode: 2, message: [/DOCTYPE/], position: { line: 2, column: 1 } },
  { file: 'billion-laughs.xml', problem: 'billion-laughs entity expansion', code: UNSAFE, exitCode: 2, message: [/DOCTYPE/], position: { line: 2, column: 1 } },
  {
    file: 'undeclared-entity-long-name.xml',
    problem: 'an undeclared entity reference with a long name in a Name',
    code: UNSAFE,
    exitCode: 2,
    message: [/&companyDirectory;/],
    position: { line: 3, column: 67 },
  },
  { file: 'bom-doctype.xml', problem: 'a DOCTYPE right after a UTF-8 byte order mark', code: UNSAFE, exitCode: 2, message: [/DOCTYPE/], position: { line: 1, column: 1 } },
  { file: 'bare-doctype.xml', problem: 'a DOCTYPE without entities', code: UNSAFE, exitCode: 2, message: [/DOCTYPE/], position: { line: 2, column: 1 } },
  { file: 'undeclared-entity.xml', problem: 'an undeclared entity reference in text', code: UNSAFE, exitCode: 2, message: [/&foo;/], position: { line: 3, column: 154 } },
  { file: 'empty.xml', problem: 'an empty file', code: NOT_A_STORE, exitCode: 2, message: [/empty/] },
  { file: 'bom-only.xml', problem: 'a UTF-8 byte order mark and nothing else', code: NOT_A_STORE, exitCode: 2, message: [/empty|no root element/] },
  { file: 'whitespace-only.xml', problem: 'a file with only white space', code: NOT_A_STORE, exitCode: 2, message: [/empty|no root element/] },
  { file: 'wrong-root.xml', problem: 'root element <Policy>', code: NOT_A_STORE, exitCode: 2, message: [/<Policy>/, /AzAdminManager/] },
  { file: 'truncated.xml', problem: 'cut inside the text of <OperationID>', code: SYNTAX, exitCode: 2, message: [/end of input/, /<OperationID>/], position: { line: 3, column: 155 } },
  { file: 'truncated-in-tag.xml', problem: 'cut inside an attribute value', code: SYNTAX, exitCode: 2, message: [/Guid/, /not closed|end of input/], position: true },
  { file: 'binary.png', problem: 'PNG bytes', code: SYNTAX, exitCode: 2, message: [/binary/], position: true },
  { file: 'binary.zip', problem: 'ZIP bytes with NULs', code: SYNTAX, exitCode: 2, message: [/binary/], position: true },
  { file: 'nul-padded.xml', problem: 'a store followed by NUL bytes', code: SYNTAX, exitCode: 2, message: [/U\+0000/], position: { line: 4, column: 1 } },
  { file: 'invalid-utf8.xml', problem: 'bytes C3 28 inside a Name', code: ENCODING, exitCode: 2, message: [/UTF-8/, new RegExp(`offset ${invalidUtf8Offset}\\b`)] },
  { file: 'utf16le-bom.xml', problem: 'UTF-16 LE with a byte order mark', code: ENCODING, exitCode: 2, message: [/UTF-16/] },
  { file: 'utf16be-bom.xml', problem: 'UTF-16 BE with a byte order mark', code: ENCODING, exitCode: 2, message: [/UTF-16/] },
  { file: 'encoding-iso-8859-1.xml', problem: 'encoding="ISO-8859-1" in the declaration', code: ENCODING, exitCode: 2, message: [/ISO-8859-1/, /UTF-8/], position: { line: 1, column: 1 } },
  { file: 'mismatched-end-tag.xml', problem: '</OperationId> closes <OperationID>', code: SYNTAX, exitCode: 2, message: [/<\/OperationId>/, /<OperationID>/], position: { line: 3, column: 155 } },
  { file: 'duplicate-attribute.xml', problem: 'Name twice on one element', code: SYNTAX, exitCode: 2, message: [/Name/, /twice/], position: { line: 3, column: 141 } },
  { file: 'unquoted-attribute.xml', problem: 'Name=App without quotes', code: SYNTAX, exitCode: 2, message: [/Name/, /quoted/], position: { line: 3, column: 66 } },
  { file: 'two-roots.xml', problem: 'a second root element', code: SYNTAX, exitCode: 2, message: [/root element/], position: { line: 4, column: 1 } },
  { file: 'text-after-root.xml', problem: 'text after the root element', code: SYNTAX, exitCode: 2, message: [/after the root element/], position: { line: 4, column: 1 } },
  { file: 'comment-double-dash.xml', problem: '"--" inside a comment', code: SYNTAX, exitCode: 2, message: [/--/, /comment/], position: { line: 2, column: 13 } },
]

/** Read-only commands every bad input is run through. */
const READERS: readonly (readonly string[])[] = [['validate'], ['show'], ['validate', '--json'], ['show', '--json'], ['export', '--json']]

/** The message part of `azman: <message> [<CODE>]`. */
function stderrMessage(stderr: string): string {
  return /^azman: (.*) \[[A-Z_]+\]\n$/.exec(stderr)?.[1] ?? ''
}

/**
 * A refused run: the exit code, exactly one `azman: ... [CODE]` line on
 * stderr, no stack trace, and the JSON error object on stdout with --json
 * (nothing on stdout without it).
 */
function assertRefused(t: Test, r: CliResult, expected: Expected, json: boolean): void {
  t.equal(r.code, expected.exitCode, `exit ${expected.exitCode}`)
  t.match(r.stderr, /^azman: [^\n]+\n$/, 'stderr is exactly one line starting "azman: "')
  t.ok(r.stderr.endsWith(` [${expected.code}]\n`), `stderr ends with [${expected.code}]`)
  t.notMatch(r.stderr + r.stdout, STACK_LINE, 'no stack trace')
  t.notMatch(r.stderr, /internal error/, 'not an internal error')
  const message = stderrMessage(r.stderr)
  for (const re of expected.message) t.match(message, re, `the message says ${re}`)
  const position = expected.position
  if (position === true) t.match(message, /\bline \d+, column \d+\b/, 'the message names a line and column')
  else if (position !== undefined) t.match(message, `line ${position.line}, column ${position.column}`, `the message names line ${position.line}, column ${position.column}`)
  if (!json) {
    t.equal(r.stdout, '', 'nothing on stdout')
    return
  }
  let parsed: unknown
  t.doesNotThrow(() => {
    parsed = JSON.parse(r.stdout)
  }, 'stdout is JSON')
  const error = (parsed as { error?: Record<string, unknown> } | undefined)?.error
  t.ok(error, 'stdout holds {"error": ...}')
  if (!error) return
  t.equal(error.code, expected.code, 'JSON code')
  t.equal(error.exitCode, expected.exitCode, 'JSON exitCode')
  t.equal(error.message, message, 'JSON message is the stderr message')
  if (position === true) {
    t.type(error.line, 'number', 'JSON line')
    t.type(error.column, 'number', 'JSON column')
    t.match(message, `line ${String(error.line)}, column ${String(error.column)}`, 'JSON line and column are those of the message')
  } else if (position !== undefined) {
    t.equal(error.line, position.line, 'JSON line')
    t.equal(error.column, position.column, 'JSON column')
  }
  if (position === undefined && (error.line !== undefined || error.column !== undefined)) {
    t.match(message, `line ${String(error.line)}, column ${String(error.column)}`, 'a JSON line and column are those of the message')
  }
  t.same(
    Object.keys(error).filter((k) => !['code', 'exitCode', 'message', 'line', 'column'].includes(k)),
    [],
    'no other keys in the error object',
  )
}

t.test('every bad-input fixture is in the table', async (t) => {
  const files = readdirSync(fixture('bad-input')).filter((f) => f !== 'generate.mjs')
  t.same(files.sort(), BAD_INPUTS.map((b) => b.file).sort())
})

for (const bad of BAD_INPUTS) {
  t.test(`${bad.file}: ${bad.problem}`, async (t) => {
    const path = fixture(`bad-input/${bad.file}`)
    const before = fingerprint(path)
    for (const command of READERS) {
      const args = [command[0] ?? '', path, ...command.slice(1)]
      t.test(`azman ${command.join(' ')}`, async (t) => {
        assertRefused(t, await runCli(args), bad, command.includes('--json'))
      })
    }
    t.test('azman copy refuses it and creates nothing', async (t) => {
      const dir = t.testdir({ 'existing.xml': 'keep me' })
      const dest = join(dir, 'copy.xml')
      assertRefused(t, await runCli(['copy', path, dest]), bad, false)
      t.notOk(existsSync(dest), 'the destination was not created')
      assertRefused(t, await runCli(['copy', path, join(dir, 'existing.xml'), '--force', '--json']), bad, true)
      t.equal(readFileSync(join(dir, 'existing.xml'), 'utf8'), 'keep me', 'copy --force over an existing file leaves it unchanged')
      t.same(readdirSync(dir), ['existing.xml'], 'no temporary file left behind')
    })
    t.same(fingerprint(path), before, 'the fixture bytes and mtime are unchanged')
  })
}

t.test('XXE: nothing is read, fetched or shown', async (t) => {
  const passwd = existsSync('/etc/passwd') ? readFileSync('/etc/passwd', 'utf8') : ''
  const secretLines = passwd.split('\n').filter((l) => l.length >= 8)

  t.test('the fixture naming file:///etc/passwd', async (t) => {
    const path = fixture('bad-input/xxe-external-entity.xml')
    const dir = t.testdir({})
    for (const command of [...READERS, ['copy']]) {
      const args = command[0] === 'copy' ? ['copy', path, join(dir, 'out.xml')] : [command[0] ?? '', path, ...command.slice(1)]
      const r = await runCli(args)
      t.equal(r.code, 2, `azman ${command.join(' ')} exits 2`)
      const output = r.stdout + r.stderr
      t.notOk(
        secretLines.some((l) => output.includes(l)),
        'no line of /etc/passwd in the output',
      )
      t.notMatch(output, /root:/, 'no passwd entry in the output')
    }
    t.same(readdirSync(dir), [], 'copy created nothing')
  })

  t.test('a canary file and a listening server', async (t) => {
    const requests: string[] = []
    const server = createServer((req, res) => {
      requests.push(req.url ?? '')
      res.end('<!ENTITY leak "AZMAN-XXE-HTTP-CANARY">')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
    const port = (server.address() as AddressInfo).port
    const canary = `AZMAN-XXE-FILE-CANARY-${process.pid}`
    const dir = t.testdir({ 'secret.txt': canary })
    const secret = join(dir, 'secret.txt')
    const stores: Record<string, string> = {
      'file-entity.xml':
        '<?xml version="1.0" encoding="utf-8"?>\r\n' +
        `<!DOCTYPE AzAdminManager [<!ENTITY e SYSTEM "file://${secret}">]>\r\n` +
        '<AzAdminManager MajorVersion="2" MinorVersion="0">\r\n' +
        '\t<AzApplication Guid="5f1c0e2a-7b3d-4c8e-9a1f-000000000001" Name="&e;" Description="&e;"><AzOperation Guid="5f1c0e2a-7b3d-4c8e-9a1f-000000000011" Name="Read"><OperationID>&e;</OperationID></AzOperation></AzApplication></AzAdminManager>\r\n',
      'parameter-entity.xml':
        `<!DOCTYPE AzAdminManager [<!ENTITY % remote SYSTEM "http://127.0.0.1:${port}/dtd"> %remote;]>\r\n` +
        '<AzAdminManager MajorVersion="2" MinorVersion="0">\r\n' +
        '\t<AzApplication Guid="5f1c0e2a-7b3d-4c8e-9a1f-000000000001" Name="&leak;"/></AzAdminManager>\r\n',
      'http-entity.xml':
        '<?xml version="1.0" encoding="utf-8"?>\r\n' +
        `<!DOCTYPE AzAdminManager SYSTEM "http://127.0.0.1:${port}/external.dtd" [<!ENTITY e SYSTEM "http://127.0.0.1:${port}/e">]>\r\n` +
        '<AzAdminManager MajorVersion="2" MinorVersion="0">\r\n' +
        '\t<AzApplication Guid="5f1c0e2a-7b3d-4c8e-9a1f-000000000001" Name="&e;"/></AzAdminManager>\r\n',
    }
    for (const [name, text] of Object.entries(stores)) writeFileSync(join(dir, name), text)
    for (const name of Object.keys(stores)) {
      const path = join(dir, name)
      const before = fingerprint(path)
      for (const command of [...READERS, ['copy']]) {
        const args = command[0] === 'copy' ? ['copy', path, join(dir, `${name}.copy`)] : [command[0] ?? '', path, ...command.slice(1)]
        const r = await runCli(args)
        assertRefused(t, r, { code: UNSAFE, exitCode: 2, message: [/DOCTYPE/], position: { line: name === 'parameter-entity.xml' ? 1 : 2, column: 1 } }, command.includes('--json'))
        t.notMatch(r.stdout + r.stderr, /CANARY/, `${name}: azman ${command.join(' ')} shows no entity content`)
      }
      t.notOk(existsSync(join(dir, `${name}.copy`)), `${name}: copy created nothing`)
      t.same(fingerprint(path), before, `${name}: unchanged`)
    }
    t.same(requests, [], 'no request reached the server')
  })

  t.test('an undefined entity in an attribute, without any DOCTYPE', async (t) => {
    const dir = t.testdir({
      'store.xml':
        '<?xml version="1.0" encoding="utf-8"?>\r\n<AzAdminManager MajorVersion="2" MinorVersion="0">\r\n\t<AzApplication Guid="5f1c0e2a-7b3d-4c8e-9a1f-000000000001" Name="&xxe;"/></AzAdminManager>\r\n',
    })
    const r = await runCli(['validate', join(dir, 'store.xml'), '--json'])
    assertRefused(t, r, { code: UNSAFE, exitCode: 2, message: [/&xxe;/], position: { line: 3, column: 67 } }, true)
  })
})

t.test('store paths that cannot be read', async (t) => {
  const dir = t.testdir({ folder: {}, 'first.xml': t.fixture('symlink', 'second.xml'), 'second.xml': t.fixture('symlink', 'first.xml') })
  const missing = join(dir, 'missing.xml')
  for (const command of READERS) {
    t.test(`azman ${command.join(' ')} <missing file>`, async (t) => {
      const r = await runCli([command[0] ?? '', missing, ...command.slice(1)])
      assertRefused(t, r, { code: 'AZMAN_ERR_STORE_IO', exitCode: 2, message: [/missing\.xml/, /no such file/] }, command.includes('--json'))
    })
    t.test(`azman ${command.join(' ')} <folder>`, async (t) => {
      const r = await runCli([command[0] ?? '', join(dir, 'folder'), ...command.slice(1)])
      assertRefused(t, r, { code: 'AZMAN_ERR_STORE_IO', exitCode: 2, message: [/folder/] }, command.includes('--json'))
    })
  }
  t.test('a symbolic link loop is explained in words', async (t) => {
    const r = await runCli(['validate', join(dir, 'first.xml'), '--json'])
    assertRefused(t, r, { code: 'AZMAN_ERR_STORE_IO', exitCode: 2, message: [/first\.xml/, /symbolic link|symlink|too many levels|\bloop\b/i] }, true)
    t.notMatch(stderrMessage(r.stderr), /\bE[A-Z]{3,}\b/, 'no bare errno code such as ELOOP')
  })
  t.test('store URLs this build cannot open', async (t) => {
    for (const ref of ['msxml://%zz', 'msldap://CN=Store,DC=example,DC=com', 'mssql://Driver={SQL Server};Server={db};/AzMan/Store', 'C:\\ProgramData\\store.xml']) {
      if (ref.startsWith('C:') && process.platform === 'win32') continue
      const r = await runCli(['validate', ref, '--json'])
      assertRefused(t, r, { code: 'AZMAN_ERR_STORE_UNSUPPORTED', exitCode: 2, message: [/./] }, true)
    }
  })
  t.test('azman copy <missing file> <dest>', async (t) => {
    const dest = join(dir, 'dest.xml')
    assertRefused(t, await runCli(['copy', missing, dest]), { code: 'AZMAN_ERR_STORE_IO', exitCode: 2, message: [/no such file/] }, false)
    t.notOk(existsSync(dest), 'the destination was not created')
  })
  t.test('azman copy <folder> <dest>', async (t) => {
    const dest = join(dir, 'dest.xml')
    assertRefused(t, await runCli(['copy', join(dir, 'folder'), dest]), { code: 'AZMAN_ERR_STORE_IO', exitCode: 2, message: [/folder/] }, false)
    t.notOk(existsSync(dest), 'the destination was not created')
  })
})

const SAMPLE = fixture('../../store-samples/hyperv-2008r2.xml')

const USAGE_CASES: readonly { readonly name: string; readonly args: readonly string[]; readonly message: readonly RegExp[]; readonly noJsonVariant?: true }[] = [
  { name: 'unknown command', args: ['frobnicate', SAMPLE], message: [/unknown command "frobnicate"/] },
  { name: 'unknown flag', args: ['validate', SAMPLE, '--frobnicate'], message: [/--frobnicate/] },
  { name: 'unknown short flag', args: ['show', SAMPLE, '-x'], message: [/-x/] },
  { name: 'missing store argument (validate)', args: ['validate'], message: [/validate takes one <store>/] },
  { name: 'missing store argument (show)', args: ['show'], message: [/show takes one <store>/] },
  { name: 'missing destination (copy)', args: ['copy', SAMPLE], message: [/<source> and <destination>/] },
  { name: 'too many arguments', args: ['validate', SAMPLE, SAMPLE], message: [/validate takes one <store>/] },
  // With --json appended this is a valid command, so it has no --json variant.
  { name: 'export without --json', args: ['export', SAMPLE], message: [/--json/], noJsonVariant: true },
  { name: 'a value for a boolean flag', args: ['copy', SAMPLE, '/nonexistent/x.xml', '--force=yes'], message: [/--force/] },
]

t.test('usage errors exit 3 with AZMAN_ERR_USAGE', async (t) => {
  const before = fingerprint(SAMPLE)
  for (const usage of USAGE_CASES) {
    t.test(usage.name, async (t) => {
      const expected: Expected = { code: 'AZMAN_ERR_USAGE', exitCode: 3, message: usage.message }
      assertRefused(t, await runCli(usage.args), expected, false)
      if (!usage.noJsonVariant) assertRefused(t, await runCli([...usage.args, '--json']), expected, true)
    })
  }
  t.test('a copy with a usage error creates nothing', async (t) => {
    const dir = t.testdir({})
    const dest = join(dir, 'copy.xml')
    assertRefused(t, await runCli(['copy', SAMPLE, dest, '--bogus']), { code: 'AZMAN_ERR_USAGE', exitCode: 3, message: [/--bogus/] }, false)
    t.notOk(existsSync(dest), 'the destination was not created')
  })
  t.test('no arguments at all prints the overview and exits 3', async (t) => {
    const r = await runCli([])
    t.equal(r.code, 3)
    t.match(r.stdout + r.stderr, /usage: azman <command>/)
    t.notMatch(r.stdout + r.stderr, STACK_LINE)
  })
  t.same(fingerprint(SAMPLE), before, 'the sample store is unchanged')
})

t.test('the real binary: process exit code and stderr', async (t) => {
  const spawned: readonly { readonly name: string; readonly args: readonly string[]; readonly expected: Expected; readonly json: boolean }[] = [
    { name: 'XXE', args: ['validate', fixture('bad-input/xxe-external-entity.xml')], expected: BAD_INPUTS[0] as Expected, json: false },
    { name: 'XXE --json', args: ['show', fixture('bad-input/xxe-external-entity.xml'), '--json'], expected: BAD_INPUTS[0] as Expected, json: true },
    { name: 'binary', args: ['validate', fixture('bad-input/binary.png')], expected: byFile('binary.png'), json: false },
    { name: 'binary (NUL-padded)', args: ['validate', fixture('bad-input/nul-padded.xml'), '--json'], expected: byFile('nul-padded.xml'), json: true },
    { name: 'truncated', args: ['show', fixture('bad-input/truncated.xml')], expected: byFile('truncated.xml'), json: false },
    { name: 'truncated --json', args: ['validate', fixture('bad-input/truncated.xml'), '--json'], expected: byFile('truncated.xml'), json: true },
    { name: 'missing file', args: ['validate', fixture('bad-input/does-not-exist.xml')], expected: { code: 'AZMAN_ERR_STORE_IO', exitCode: 2, message: [/no such file/] }, json: false },
    ...USAGE_CASES.filter((u) => ['unknown command', 'unknown flag', 'missing store argument (validate)', 'export without --json'].includes(u.name)).map((u) => ({
      name: `usage: ${u.name}`,
      args: u.args,
      expected: { code: 'AZMAN_ERR_USAGE', exitCode: 3, message: u.message } as const,
      json: false,
    })),
    { name: 'usage: missing argument --json', args: ['validate', '--json'], expected: { code: 'AZMAN_ERR_USAGE', exitCode: 3, message: [/one <store>/] }, json: true },
  ]
  for (const s of spawned) {
    t.test(s.name, async (t) => {
      assertRefused(t, spawnCli(s.args), s.expected, s.json)
    })
  }
  t.test('XXE through the real binary leaks nothing', async (t) => {
    const r = spawnCli(['show', fixture('bad-input/xxe-external-entity.xml'), '--json'])
    t.notMatch(r.stdout + r.stderr, /root:/)
  })
})

function byFile(file: string): Expected {
  const found = BAD_INPUTS.find((b) => b.file === file)
  if (!found) throw new Error(`no fixture ${file}`)
  return found
}
