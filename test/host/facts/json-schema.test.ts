import { readFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import t from 'tap'
import { decodeFacts } from '../../../src/host/facts/decode-facts.js'
import { hostFactsJsonSchema, hostFactsJsonSchemaText } from '../../../src/host/facts/json-schema.js'
import { currentSchemaText } from '../../docs/host-facts-schema.js'
import { BAD_DIR, BAD_FACTS, corpusFiles, GOOD_DIR } from './facts-corpus.js'
import { readHostFactsFile } from '../../../src/host/facts/read-facts.js'
import { REPO_ROOT } from '../../cli/run-cli.js'

const SAMPLE_HOSTS = `${REPO_ROOT}store-samples/hosts/`

// docs/schemas/azman-host-facts-1.schema.json is the TypeBox schema as plain JSON Schema, for
// other tools: it cannot drift from src/host/facts/schema.ts, a stock validator reads it, and it
// judges the corpus as azman does, except for what only azman's reader checks (docs/host-facts.md).

/** Bad files the schema alone accepts: what azman checks beyond it. */
const BEYOND_THE_SCHEMA = [
  'dcom-sddl-unreadable.json',
  'namespace-slash-twice.json',
  'sddl-mask-too-large.json',
  'sddl-sid-not-sid.json',
  'store-location-differs.json',
  'duplicate-field.json',
  'error-names-no-fact.json',
  'error-names-no-field.json',
  'fact-and-error.json',
  'group-twice.json',
  'member-sid-leading-zero.json',
  'member-sid-overflow.json',
  'vm-guid-twice.json',
]

/** The JSON value of a corpus file, or undefined when it is not readable JSON. */
function jsonOf(path: string): unknown {
  const decoded = decodeFacts(readFileSync(path))
  if ('problem' in decoded) return undefined
  try {
    return JSON.parse(decoded.text.replace(/^\uFEFF/, '')) as unknown
  } catch {
    return undefined
  }
}

t.test('the schema file is the one the TypeBox schema generates (else run `npm run docs:schemas`)', async (t) => {
  t.ok(currentSchemaText() === hostFactsJsonSchemaText(), 'docs/schemas/azman-host-facts-1.schema.json is up to date')
  t.notMatch(currentSchemaText(), /x-message|x-null-is-absent/, "none of azman's own keywords")
})

t.test('a stock validator (Ajv, strict, draft-07) reads the schema and judges the corpus', async (t) => {
  const validate = new Ajv({ strict: true, allErrors: true }).compile(hostFactsJsonSchema())
  let good = 0
  for (const file of corpusFiles(GOOD_DIR)) {
    t.ok(validate(jsonOf(GOOD_DIR + file)), `good/${file} is valid`, { errors: validate.errors })
    good++
  }
  let bad = 0
  for (const { file } of BAD_FACTS) {
    const value = jsonOf(BAD_DIR + file)
    if (value === undefined) continue
    t.equal(validate(value), BEYOND_THE_SCHEMA.includes(file), `bad/${file}: ${BEYOND_THE_SCHEMA.includes(file) ? 'only azman refuses it' : 'the schema refuses it'}`)
    bad++
  }
  // The facts shipped with the samples, which the docs' examples use.
  const samples = corpusFiles(SAMPLE_HOSTS)
  for (const file of samples) {
    t.ok(validate(jsonOf(SAMPLE_HOSTS + file)), `store-samples/hosts/${file} is valid`, { errors: validate.errors })
    t.ok((await readHostFactsFile(SAMPLE_HOSTS + file)).format === 'azman-host-facts/1', `store-samples/hosts/${file}: azman reads it`)
  }
  t.same(samples, ['hv01.json', 'hv02.json', 'hv03.json'])
  t.ok(good >= 6, `good files checked: ${good}`)
  t.ok(bad >= 20, `bad JSON files checked: ${bad}`)
})
