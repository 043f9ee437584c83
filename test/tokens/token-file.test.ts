import t from 'tap'
import { parseTokenFile } from '../../src/tokens/token-file.js'

const H = 'a'.repeat(64)
const entry = (name: unknown, more: object = {}) => ({ name, role: 'reader', sha256: H, created: '2026-01-01T00:00:00Z', ...more })
const problem = (value: unknown): string => {
  try {
    parseTokenFile(typeof value === 'string' ? value : JSON.stringify(value), 'F')
  } catch (e) {
    return (e as Error).message.replace(/^F is not a tokens file: (.*); azman token add creates one$/, '$1')
  }
  return 'ok'
}

t.test('reports the first problem as a reader meets it: format, tokens, then each entry name, name used twice, role, sha256, created', async (t) => {
  t.equal(problem('{'), 'it is not JSON')
  t.equal(problem([]), 'it is not a JSON object')
  t.equal(problem({ tokens: 1 }), '"format" is not "azman-tokens/1"')
  t.equal(problem({ format: 'azman-tokens/1' }), '"tokens" is not an array')
  t.equal(problem({ format: 'azman-tokens/1', tokens: [entry('a'), null] }), 'tokens[1] is not an object')
  t.equal(problem({ format: 'azman-tokens/1', tokens: [entry('a'), entry('a b')] }), 'tokens[1].name is not a token name')
  t.equal(problem({ format: 'azman-tokens/1', tokens: [entry('a'), entry('a', { role: 'x', sha256: 1 })] }), 'the name "a" is used twice', 'before the role')
  t.equal(problem({ format: 'azman-tokens/1', tokens: [entry('a', { role: 'x', sha256: 1 })] }), 'tokens[0].role is not one of reader, auditor, operator')
  t.equal(problem({ format: 'azman-tokens/1', tokens: [entry('a', { sha256: H.toUpperCase(), created: 1 })] }), 'tokens[0].sha256 is not 64 hex digits')
  t.equal(problem({ format: 'azman-tokens/1', tokens: [entry('a', { created: undefined })] }), 'tokens[0].created is not a time')
  t.equal(problem({ format: 'azman-tokens/1', tokens: [[1]] }), 'tokens[0].name is not a token name', 'an array entry is an entry without fields')
  t.same(parseTokenFile(JSON.stringify({ format: 'azman-tokens/1', tokens: [entry('a', { extra: 1 })], more: 2 }), 'F'), [entry('a')], 'fields it does not define are ignored')
})
