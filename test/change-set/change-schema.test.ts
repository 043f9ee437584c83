import { Ajv } from 'ajv'
import t from 'tap'
import { CHANGE_TYPES } from '../../src/change-set/change.js'
import { parseChangeSet } from '../../src/change-set/parse-change-set.js'
import { CHANGE_SCHEMAS, CHANGE_SET_SCHEMAS } from '../../src/change-set/schema/change-set.js'

t.test('CHANGE_TYPES is read off the change schemas, one per type, in their order', async (t) => {
  t.same(
    CHANGE_SCHEMAS.map((s) => s.properties.type.const),
    CHANGE_TYPES,
  )
  t.equal(new Set(CHANGE_TYPES).size, CHANGE_TYPES.length, 'no type twice')
})

for (const schema of CHANGE_SCHEMAS) {
  const type = schema.properties.type.const
  t.test(`${type}: described, with one example that parses to itself`, async (t) => {
    t.ok(typeof schema.description === 'string' && schema.description.length > 10, 'a description')
    const examples = schema.examples as unknown[]
    t.equal(examples.length, 1, 'one example')
    t.strictSame(parseChangeSet({ changes: examples }), { changes: examples })
  })
}

t.test('the schemas are valid JSON Schema, and the REST union (discriminator) takes every example', async (t) => {
  const ajv = new Ajv({ strict: false, discriminator: true })
  for (const schema of CHANGE_SET_SCHEMAS) ajv.addSchema(schema)
  const validate = ajv.getSchema('ChangeSet')
  if (validate === undefined) {
    t.fail('no ChangeSet schema')
    return
  }
  t.ok(validate({ changes: CHANGE_SCHEMAS.flatMap((s) => s.examples as unknown[]) }), ajv.errorsText(validate.errors))
  t.notOk(validate({ changes: [{ type: 'create-scope', app: 'A', name: '' }] }), 'the REST schema refuses an empty name')
})

t.test('a parsed change is a fresh object in the schema field order, whatever the order in the file', async (t) => {
  const given = { bizRule: { script: 's', language: 'JScript' }, name: 'T', app: 'A', type: 'create-task', operations: [1] }
  const [parsed] = parseChangeSet({ changes: [given] }).changes
  t.equal(JSON.stringify(parsed), '{"type":"create-task","app":"A","name":"T","operations":[1],"bizRule":{"language":"JScript","script":"s"}}')
  t.not(parsed, given)
})

t.test('an empty name passes the parser (planning refuses it with its own code)', async (t) => {
  t.strictSame(parseChangeSet({ changes: [{ type: 'create-scope', app: 'A', name: '' }] }), { changes: [{ type: 'create-scope', app: 'A', name: '' }] })
})
