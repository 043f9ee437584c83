import { Ajv, type ValidateFunction } from 'ajv'
import { InvalidChangeError } from '../errors/change-errors.js'
import { canonical, declareSchemaKeywords, firstProblem, schemaRefs, unionMember, withoutAbsentNulls, type SchemaNode } from '../json/schema-messages.js'
import { isJsonObject } from '../json/json-object.js'
import { assertChangeCount } from './limits.js'
import type { Change, ChangeSet } from './change.js'
import { CHANGE_SET_SCHEMAS, ChangeSchema, ChangeSetFileSchema } from './schema/change-set.js'
import { finish, OBJECTS_PER_STEP, type Steps } from '../model/steps.js'

/**
 * Reads change sets with the validators Ajv compiles from the change schemas
 * (`schema/`), reporting the first problem with its JSON path in azman's words.
 */

/** A change set that is not of the documented shape. Exit code 4, with the JSON path of the problem. */
function invalid(path: string, message: string): InvalidChangeError {
  return new InvalidChangeError('AZMAN_ERR_CHANGE_SET_INVALID', `${path}: ${message}`)
}

const refs = schemaRefs(CHANGE_SET_SCHEMAS)
const context = (base: string) => ({ refs, unknownField: 'is not a field of this change', base })

interface Validators {
  /** The file around the changes, each change taken as it is. */
  readonly envelope: ValidateFunction
  readonly change: ValidateFunction
}

let compiled: Validators | undefined

/**
 * Compiled at first use. Empty names pass here (no `minLength`): planning
 * refuses them with its own code, `AZMAN_ERR_CHANGE_INVALID_NAME`.
 */
function validators(): Validators {
  if (compiled !== undefined) return compiled
  const ajv = new Ajv({ allErrors: true, strict: false, strictNumbers: true, discriminator: true })
  ajv.removeKeyword('minLength')
  declareSchemaKeywords(ajv)
  for (const schema of CHANGE_SET_SCHEMAS) ajv.addSchema(schema)
  const envelope = ajv.compile({ ...ChangeSetFileSchema, properties: { ...ChangeSetFileSchema.properties, changes: { ...ChangeSetFileSchema.properties.changes, items: {} } } })
  compiled = { envelope, change: ajv.compile({ $ref: 'Change' }) }
  return compiled
}

function parseChange(value: unknown, path: string): Change {
  const { change } = validators()
  const schema = ChangeSchema as SchemaNode
  if (!isJsonObject(value)) throw invalid(path, schema['x-message']?.type ?? 'must be an object')
  const branch = unionMember(schema, value, refs)
  const given = branch === undefined ? value : withoutAbsentNulls(value, branch)
  if (!change(given)) {
    const problem = firstProblem(change.errors ?? [], given, schema, context(path))
    throw invalid(problem.path, problem.message)
  }
  const parsed = canonical(given, schema, refs) as Change
  // Store-level groups have no "app"; a scope always belongs to one.
  if ('scope' in parsed && parsed.scope !== undefined && (!('app' in parsed) || parsed.app === undefined)) {
    throw invalid(`${path}.scope`, 'a scope needs its "app"')
  }
  return parsed
}

/**
 * Parses a change set from parsed JSON: `{"changes": [...]}`. Every problem
 * names its JSON path. A set of more than `MAX_CHANGES` changes (limits.ts)
 * is refused before any change is read.
 */
export function parseChangeSet(value: unknown): ChangeSet {
  return finish(parseChangeSetSteps(value))
}

/** {@link parseChangeSet} in steps of {@link OBJECTS_PER_STEP} changes (see `model/steps.ts`). */
export function* parseChangeSetSteps(value: unknown): Steps<ChangeSet> {
  const { envelope } = validators()
  if (!envelope(value)) {
    const problem = firstProblem(envelope.errors ?? [], value, ChangeSetFileSchema, context('$'))
    throw invalid(problem.path, problem.message)
  }
  const list = (value as { readonly changes: readonly unknown[] }).changes
  assertChangeCount(list.length)
  const changes: Change[] = []
  for (const [i, c] of list.entries()) {
    changes.push(parseChange(c, `$.changes[${i}]`))
    if ((i + 1) % OBJECTS_PER_STEP === 0) yield
  }
  return { changes }
}
