import { InvalidChangeError } from '../errors/change-errors.js'
import { isJsonObject, JsonFields } from '../json/json-fields.js'
import { assertChangeCount } from './limits.js'
import { CHANGE_TYPES, type BizRuleSpec, type Change, type ChangeSet, type ChangeType, type OperationRef, type PrincipalRef } from './change.js'
import { finish, OBJECTS_PER_STEP, type Steps } from '../model/steps.js'

/** A change set that is not of the documented shape. Exit code 4, with the JSON path of the problem. */
function invalid(path: string, message: string): InvalidChangeError {
  return new InvalidChangeError('AZMAN_ERR_CHANGE_SET_INVALID', `${path}: ${message}`)
}

type Json = unknown

const isObject = isJsonObject

/** Reads the fields of one JSON object, refusing unknown keys so typos do not pass silently. */
class Fields extends JsonFields {
  /** `preRead`: keys the caller has already read itself (a change's "type"). */
  constructor(value: Record<string, Json>, path: string, preRead: readonly string[] = []) {
    super(value, path, invalid, preRead)
  }

  /** A string, null (to remove), or absent (no change). */
  nullableString(key: string): string | null | undefined {
    const v = this.take(key)
    if (v === undefined || v === null) return v
    if (typeof v !== 'string') throw invalid(`${this.path}.${key}`, 'must be a string, or null to remove it')
    return v
  }

  operations(key: string): readonly OperationRef[] | undefined {
    const v = this.take(key)
    if (v === undefined) return undefined
    if (!Array.isArray(v)) throw invalid(`${this.path}.${key}`, 'must be an array of OperationIDs or operation names')
    return v.map((item, i): OperationRef => {
      if (typeof item === 'string') return item
      if (typeof item === 'number' && Number.isSafeInteger(item)) return item
      throw invalid(`${this.path}.${key}[${i}]`, 'must be an OperationID (an integer) or an operation name (a string)')
    })
  }

  principals(key: string, required: boolean): readonly PrincipalRef[] | undefined {
    const v = this.take(key)
    if (v === undefined) {
      if (required) throw invalid(`${this.path}.${key}`, 'is required (an array of {"sid"}, {"account"} or {"group"})')
      return undefined
    }
    if (!Array.isArray(v)) throw invalid(`${this.path}.${key}`, 'must be an array of {"sid"}, {"account"} or {"group"}')
    return v.map((item, i): PrincipalRef => {
      const at = `${this.path}.${key}[${i}]`
      if (!isObject(item)) throw invalid(at, 'must be an object: {"sid": "S-1-..."}, {"account": "BUILTIN\\\\Users"} or {"group": "name"}')
      const keys = Object.keys(item)
      const [only] = keys
      const value = only === undefined ? undefined : item[only]
      if (keys.length !== 1 || typeof value !== 'string' || (only !== 'sid' && only !== 'account' && only !== 'group')) {
        throw invalid(at, 'must have exactly one of "sid", "account" or "group", with a string value')
      }
      return only === 'sid' ? { sid: value } : only === 'account' ? { account: value } : { group: value }
    })
  }

  bizRule(key: string): BizRuleSpec | null | undefined {
    const v = this.take(key)
    if (v === undefined || v === null) return v
    const at = `${this.path}.${key}`
    if (!isObject(v)) throw invalid(at, 'must be an object {"language", "script", "importedPath"?}, or null to remove the rule')
    const f = new Fields(v, at)
    const language = f.string('language')
    if (language !== 'VBScript' && language !== 'JScript') throw invalid(`${at}.language`, 'must be "VBScript" or "JScript"')
    const script = f.string('script')
    const importedPath = f.optionalString('importedPath')
    f.done()
    return importedPath === undefined ? { language, script } : { language, script, importedPath }
  }

  /** Names of tasks and role definitions. */
  override strings(key: string): readonly string[] | undefined {
    return super.strings(key, 'names', 'a name (a string)')
  }

  override done(): void {
    super.done('this change')
  }
}

/** `T` with every property that may be undefined made optional instead. */
type Defined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>
}

/** Drops undefined fields, so parsed changes compare and serialise cleanly. */
function defined<T extends Record<string, unknown>>(o: T): Defined<T> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(o)) if (value !== undefined) out[key] = value
  return out as Defined<T>
}

// eslint-disable-next-line max-lines-per-function -- issue #12: parseChange is being rewritten (TypeBox schemas); the integrator removes this line at merge
function parseChange(value: Json, path: string): Change {
  if (!isObject(value)) throw invalid(path, 'must be an object with a "type"')
  const type = value.type
  if (typeof type !== 'string' || !(CHANGE_TYPES as readonly string[]).includes(type)) {
    throw invalid(`${path}.type`, `must be one of: ${CHANGE_TYPES.join(', ')}`)
  }
  const f = new Fields(value, path, ['type'])
  const t = type as ChangeType
  let change: Change
  switch (t) {
    case 'create-operation':
      change = defined({ type: t, app: f.string('app'), name: f.string('name'), operationId: f.integer('operationId'), description: f.optionalString('description') })
      break
    case 'update-operation':
      change = defined({
        type: t,
        app: f.string('app'),
        name: f.string('name'),
        newName: f.optionalString('newName'),
        description: f.nullableString('description'),
        operationId: f.optionalInteger('operationId'),
      })
      break
    case 'delete-operation':
      change = { type: t, app: f.string('app'), name: f.string('name') }
      break
    case 'create-task':
    case 'create-role-definition':
      change = defined({
        type: t,
        app: f.string('app'),
        scope: f.optionalString('scope'),
        name: f.string('name'),
        operations: f.operations('operations'),
        tasks: f.strings('tasks'),
        description: f.optionalString('description'),
        bizRule: f.bizRule('bizRule') ?? undefined,
      })
      break
    case 'update-task':
    case 'update-role-definition':
      change = defined({
        type: t,
        app: f.string('app'),
        scope: f.optionalString('scope'),
        name: f.string('name'),
        newName: f.optionalString('newName'),
        description: f.nullableString('description'),
        bizRule: f.bizRule('bizRule'),
        addOperations: f.operations('addOperations'),
        removeOperations: f.operations('removeOperations'),
        addTasks: f.strings('addTasks'),
        removeTasks: f.strings('removeTasks'),
      })
      break
    case 'delete-task':
    case 'delete-role-definition':
    case 'delete-role-assignment':
      change = defined({ type: t, app: f.string('app'), scope: f.optionalString('scope'), name: f.string('name') })
      break
    case 'create-role-assignment':
      change = defined({
        type: t,
        app: f.string('app'),
        scope: f.optionalString('scope'),
        name: f.string('name'),
        roleDefinitions: f.strings('roleDefinitions'),
        tasks: f.strings('tasks'),
        description: f.optionalString('description'),
      })
      break
    case 'update-role-assignment':
      change = defined({
        type: t,
        app: f.string('app'),
        scope: f.optionalString('scope'),
        name: f.string('name'),
        newName: f.optionalString('newName'),
        description: f.nullableString('description'),
      })
      break
    case 'add-role-assignment-tasks':
    case 'remove-role-assignment-tasks':
      change = defined({
        type: t,
        app: f.string('app'),
        scope: f.optionalString('scope'),
        roleAssignment: f.string('roleAssignment'),
        roleDefinitions: f.strings('roleDefinitions'),
        tasks: f.strings('tasks'),
      })
      break
    case 'add-role-assignment-members':
    case 'remove-role-assignment-members':
      change = defined({
        type: t,
        app: f.string('app'),
        scope: f.optionalString('scope'),
        roleAssignment: f.string('roleAssignment'),
        members: f.principals('members', true) ?? [],
      })
      break
    case 'create-scope':
      change = defined({ type: t, app: f.string('app'), name: f.string('name'), description: f.optionalString('description') })
      break
    case 'rename-scope':
      change = { type: t, app: f.string('app'), name: f.string('name'), newName: f.string('newName') }
      break
    case 'delete-scope':
      change = { type: t, app: f.string('app'), name: f.string('name') }
      break
    case 'create-group': {
      const raw = f.string('groupType')
      if (raw !== 'Basic' && raw !== 'LdapQuery') throw invalid(`${path}.groupType`, 'must be "Basic" or "LdapQuery"')
      const groupType: 'Basic' | 'LdapQuery' = raw
      change = defined({
        type: t,
        app: f.optionalString('app'),
        scope: f.optionalString('scope'),
        name: f.string('name'),
        groupType,
        description: f.optionalString('description'),
        members: f.principals('members', false),
        nonMembers: f.principals('nonMembers', false),
        ldapQuery: f.optionalString('ldapQuery'),
      })
      break
    }
    case 'update-group':
      change = defined({
        type: t,
        app: f.optionalString('app'),
        scope: f.optionalString('scope'),
        name: f.string('name'),
        newName: f.optionalString('newName'),
        description: f.nullableString('description'),
        ldapQuery: f.optionalString('ldapQuery'),
      })
      break
    case 'delete-group':
      change = defined({ type: t, app: f.optionalString('app'), scope: f.optionalString('scope'), name: f.string('name') })
      break
    case 'add-group-members':
    case 'remove-group-members':
      change = defined({
        type: t,
        app: f.optionalString('app'),
        scope: f.optionalString('scope'),
        group: f.string('group'),
        members: f.principals('members', false),
        nonMembers: f.principals('nonMembers', false),
      })
      break
  }
  f.done()
  // Store-level groups have no "app"; a scope always belongs to one. `defined` drops an absent
  // "app", so look at the change itself, not at its keys.
  if ('scope' in change && change.scope !== undefined && (!('app' in change) || change.app === undefined)) {
    throw invalid(`${path}.scope`, 'a scope needs its "app"')
  }
  return change
}

/**
 * Parses a change set from parsed JSON: `{"changes": [...]}`. Every problem
 * names its JSON path. A set of more than `MAX_CHANGES` changes (limits.ts)
 * is refused before any change is read.
 */
export function parseChangeSet(value: Json): ChangeSet {
  return finish(parseChangeSetSteps(value))
}

/** {@link parseChangeSet} in steps of {@link OBJECTS_PER_STEP} changes (see `model/steps.ts`). */
export function* parseChangeSetSteps(value: Json): Steps<ChangeSet> {
  if (!isObject(value)) throw invalid('$', 'a change set is an object {"changes": [...]}')
  const f = new Fields(value, '$')
  f.optionalString('format')
  const list = f.array('changes', 'an array of changes')
  f.done()
  assertChangeCount(list.length)
  const changes: Change[] = []
  for (const [i, c] of list.entries()) {
    changes.push(parseChange(c, `$.changes[${i}]`))
    if ((i + 1) % OBJECTS_PER_STEP === 0) yield
  }
  return { changes }
}
