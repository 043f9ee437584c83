import { readFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import t from 'tap'
import { parse } from 'yaml'
import { TESTS_SCHEMA_FILE, testsJsonSchema, testsJsonSchemaText } from '../../src/policy-tests/schema/json-schema.js'
import { REPO_ROOT, sample } from '../cli/run-cli.js'

// docs/schemas/azman-tests-1.schema.json is the TypeBox schema as plain JSON Schema: it cannot drift
// from src/policy-tests/schema/test-file.ts (regenerate it with the command below), and a stock
// validator reads it and judges test files as azman's reader does, for what a schema can say.

t.test('the published schema is the TypeBox schema', async (t) => {
  const now = readFileSync(`${REPO_ROOT}${TESTS_SCHEMA_FILE}`, 'utf8')
  t.equal(
    now,
    testsJsonSchemaText(),
    `${TESTS_SCHEMA_FILE} is stale: npx tsx -e "import('./src/policy-tests/schema/json-schema.ts').then(m=>process.stdout.write(m.testsJsonSchemaText()))" > ${TESTS_SCHEMA_FILE}`,
  )
})

t.test('a stock validator accepts the sample test file and refuses bad ones', async (t) => {
  const validate = new Ajv({ discriminator: true, strict: false }).compile(testsJsonSchema())
  const good = parse(readFileSync(sample('hyperv-2008r2-delegated.tests.yaml'), 'utf8')) as { tests: Record<string, unknown>[] }
  t.ok(validate(good), JSON.stringify(validate.errors))
  const bad: unknown[] = [
    { ...good, extra: 1 },
    { ...good, format: 'azman-tests/2' },
    { ...good, tests: [] },
    { ...good, tests: [{ ...good.tests[0], colour: 'red' }] },
    { ...good, tests: [{ ...good.tests[0], kind: 'who-may' }] },
    { ...good, tests: [{ ...good.tests[0], expect: 'maybe' }] },
  ]
  let checked = 0
  for (const value of bad) {
    t.notOk(validate(value), JSON.stringify(value).slice(0, 120))
    checked++
  }
  t.equal(checked, 6)
})
