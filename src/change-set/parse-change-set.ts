import { Ajv, type ValidateFunction } from 'ajv'
import { InvalidChangeError } from '../errors/change-errors.js'
import { canonical, declareSchemaKeywords, MESSAGE, firstProblem, schemaRefs, unionMember, withoutAbsentNulls, deref, type SchemaNode } from '../json/schema-messages.js'
import { isJsonObject } from '../json/json-object.js'
import { assertChangeCount } from './limits.js'
import type { Change, ChangeSet } from './change.js'
import { CHANGE_SET_SCHEMAS, ChangeSchema, ChangeSetFileSchema, REFERENCED_SCHEMAS } from './schema/change-set.js'
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

let ajv: Ajv | undefined
let envelope: ValidateFunction | undefined
/** A validator per change type, compiled when a change of that type is first read. */
const byType = new Map<string, ValidateFunction>()

/**
 * The Ajv instance of change sets, made at first use. Empty names pass here
 * (no `minLength`): planning refuses them with its own code,
 * `AZMAN_ERR_CHANGE_INVALID_NAME`. The schemas are not checked against the
 * JSON Schema meta-schema here (compiling that takes a few hundred ms); the
 * REST service's Ajv and the tests do.
 */
function changeSetAjv(): Ajv {
  if (ajv !== undefined) return ajv
  ajv = new Ajv({ allErrors: true, strict: false, strictNumbers: true, validateSchema: false })
  ajv.removeKeyword('minLength')
  declareSchemaKeywords(ajv)
  for (const schema of REFERENCED_SCHEMAS) ajv.addSchema(schema)
  return ajv
}

/** The file around the changes, each change taken as it is (they are read one by one). */
function envelopeValidator(): ValidateFunction {
  envelope ??= changeSetAjv().compile({ ...ChangeSetFileSchema, properties: { ...ChangeSetFileSchema.properties, changes: { ...ChangeSetFileSchema.properties.changes, items: {} } } })
  return envelope
}

/**
 * One change type's validator. Compiled per type, not as the union of them
 * all: the union takes a few hundred ms to compile, one type a few ms, and a
 * change set uses a few types.
 */
function changeValidator(type: string, branch: SchemaNode): ValidateFunction {
  let validate = byType.get(type)
  if (validate === undefined) {
    validate = changeSetAjv().compile(branch)
    byType.set(type, validate)
  }
  return validate
}

const UNION = ChangeSchema as SchemaNode

/**
 * Compiles the validators of every change type now (about 100 ms in all on
 * an idle machine; a few ms each), instead of when a change of that type is
 * first read. The REST service calls it when it starts, so that no request
 * compiles one inside a single turn of the event loop; the CLI reads a few
 * types once and compiles only those.
 *
 * @returns how many change types it prepared
 */
export function prepareChangeValidators(): number {
  envelopeValidator()
  const branches = (UNION.oneOf ?? []).map((member) => deref(member, refs))
  for (const branch of branches) changeValidator(String(branch.properties?.type?.const), branch)
  return byType.size
}

/** How many change-type validators are compiled so far (for tests). */
export function compiledChangeValidators(): number {
  return byType.size
}

function parseChange(value: unknown, path: string): Change {
  const messages = UNION[MESSAGE]
  if (!isJsonObject(value)) throw invalid(path, messages?.type ?? 'must be an object')
  const branch = unionMember(UNION, value, refs)
  if (branch === undefined) throw invalid(`${path}.type`, messages?.discriminator ?? 'is not a change type')
  const given = withoutAbsentNulls(value, branch)
  const validate = changeValidator(String(value.type), branch)
  if (!validate(given)) {
    const problem = firstProblem(validate.errors ?? [], given, branch, context(path))
    throw invalid(problem.path, problem.message)
  }
  const parsed = canonical(given, branch, refs) as Change
  // Store-level groups have no "app"; a scope always belongs to one.
  if ('scope' in parsed && parsed.scope !== undefined && (!('app' in parsed) || parsed.app === undefined)) {
    throw invalid(`${path}.scope`, 'a scope needs its "app"')
  }
  return parsed
}

/**
 * Parses a change set from parsed JSON: `{"changes": [...]}`, with `"allowBroad": true` kept. Every problem
 * names its JSON path. A set of more than `MAX_CHANGES` changes (limits.ts)
 * is refused before any change is read.
 */
export function parseChangeSet(value: unknown): ChangeSet {
  return finish(parseChangeSetSteps(value))
}

/** {@link parseChangeSet} in steps of {@link OBJECTS_PER_STEP} changes (see `model/steps.ts`). */
export function* parseChangeSetSteps(value: unknown): Steps<ChangeSet> {
  const validate = envelopeValidator()
  if (!validate(value)) {
    const problem = firstProblem(validate.errors ?? [], value, ChangeSetFileSchema, context('$'))
    throw invalid(problem.path, problem.message)
  }
  const { changes: list, allowBroad } = value as { readonly changes: readonly unknown[]; readonly allowBroad?: boolean }
  assertChangeCount(list.length)
  const changes: Change[] = []
  for (const [i, c] of list.entries()) {
    changes.push(parseChange(c, `$.changes[${i}]`))
    if ((i + 1) % OBJECTS_PER_STEP === 0) yield
  }
  return allowBroad === true ? { changes, allowBroad } : { changes }
}
