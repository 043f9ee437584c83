import t, { type Test } from 'tap'
import { CHANGE_TYPES, type Change } from '../../src/change-set/change.js'
import { parseChangeSet } from '../../src/change-set/parse-change-set.js'
import { InvalidChangeError } from '../../src/errors/change-errors.js'

const APP = 'Hyper-V services'

/** One JSON change of every type, with every field it takes, and what it parses to. */
const EVERY_TYPE: readonly { json: Record<string, unknown>; parsed: Change }[] = [
  {
    json: { type: 'create-operation', app: APP, name: 'Export VM', operationId: 360, description: 'Exports' },
    parsed: { type: 'create-operation', app: APP, name: 'Export VM', operationId: 360, description: 'Exports' },
  },
  {
    json: { type: 'update-operation', app: APP, name: 'Export VM', newName: 'Export', description: null, operationId: 361 },
    parsed: { type: 'update-operation', app: APP, name: 'Export VM', newName: 'Export', description: null, operationId: 361 },
  },
  { json: { type: 'delete-operation', app: APP, name: 'Export' }, parsed: { type: 'delete-operation', app: APP, name: 'Export' } },
  {
    json: {
      type: 'create-task',
      app: APP,
      scope: 'Lab VMs',
      name: 'Power',
      operations: [315, 'Stop Virtual Machine'],
      tasks: ['Use Virtual Machine Console'],
      description: 'd',
      bizRule: { language: 'JScript', script: 'x', importedPath: 'C:\\r.js' },
    },
    parsed: {
      type: 'create-task',
      app: APP,
      scope: 'Lab VMs',
      name: 'Power',
      operations: [315, 'Stop Virtual Machine'],
      tasks: ['Use Virtual Machine Console'],
      description: 'd',
      bizRule: { language: 'JScript', script: 'x', importedPath: 'C:\\r.js' },
    },
  },
  {
    json: {
      type: 'update-task',
      app: APP,
      name: 'Power',
      newName: 'VM Power',
      description: 'd',
      bizRule: null,
      addOperations: [320],
      removeOperations: ['Start Virtual Machine'],
      addTasks: ['A'],
      removeTasks: ['B'],
    },
    parsed: {
      type: 'update-task',
      app: APP,
      name: 'Power',
      newName: 'VM Power',
      description: 'd',
      bizRule: null,
      addOperations: [320],
      removeOperations: ['Start Virtual Machine'],
      addTasks: ['A'],
      removeTasks: ['B'],
    },
  },
  { json: { type: 'delete-task', app: APP, scope: 'Lab VMs', name: 'Power' }, parsed: { type: 'delete-task', app: APP, scope: 'Lab VMs', name: 'Power' } },
  {
    json: { type: 'create-role-definition', app: APP, name: 'Operator', operations: [], tasks: ['Power'], bizRule: { language: 'VBScript', script: 'y' } },
    parsed: { type: 'create-role-definition', app: APP, name: 'Operator', operations: [], tasks: ['Power'], bizRule: { language: 'VBScript', script: 'y' } },
  },
  {
    json: { type: 'update-role-definition', app: APP, scope: 'Lab VMs', name: 'Operator', bizRule: { language: 'JScript', script: 'z' } },
    parsed: { type: 'update-role-definition', app: APP, scope: 'Lab VMs', name: 'Operator', bizRule: { language: 'JScript', script: 'z' } },
  },
  { json: { type: 'delete-role-definition', app: APP, name: 'Operator' }, parsed: { type: 'delete-role-definition', app: APP, name: 'Operator' } },
  {
    json: { type: 'create-role-assignment', app: APP, scope: 'Lab VMs', name: 'Lab operators', roleDefinitions: ['Operator'], tasks: ['Power'], description: 'who' },
    parsed: { type: 'create-role-assignment', app: APP, scope: 'Lab VMs', name: 'Lab operators', roleDefinitions: ['Operator'], tasks: ['Power'], description: 'who' },
  },
  {
    json: { type: 'update-role-assignment', app: APP, name: 'Auditors', newName: 'Auditing', description: null },
    parsed: { type: 'update-role-assignment', app: APP, name: 'Auditors', newName: 'Auditing', description: null },
  },
  { json: { type: 'delete-role-assignment', app: APP, scope: 'Lab VMs', name: 'Lab operators' }, parsed: { type: 'delete-role-assignment', app: APP, scope: 'Lab VMs', name: 'Lab operators' } },
  {
    json: { type: 'add-role-assignment-tasks', app: APP, roleAssignment: 'Auditors', roleDefinitions: ['IT Monitor'], tasks: ['Power'] },
    parsed: { type: 'add-role-assignment-tasks', app: APP, roleAssignment: 'Auditors', roleDefinitions: ['IT Monitor'], tasks: ['Power'] },
  },
  {
    json: { type: 'remove-role-assignment-tasks', app: APP, scope: 'Lab VMs', roleAssignment: 'Lab Administrators', roleDefinitions: ['Administrator'] },
    parsed: { type: 'remove-role-assignment-tasks', app: APP, scope: 'Lab VMs', roleAssignment: 'Lab Administrators', roleDefinitions: ['Administrator'] },
  },
  {
    json: { type: 'add-role-assignment-members', app: APP, roleAssignment: 'Auditors', members: [{ sid: 'S-1-1-0' }, { account: 'BUILTIN\\Users' }, { group: 'VM Operators' }] },
    parsed: { type: 'add-role-assignment-members', app: APP, roleAssignment: 'Auditors', members: [{ sid: 'S-1-1-0' }, { account: 'BUILTIN\\Users' }, { group: 'VM Operators' }] },
  },
  {
    json: { type: 'remove-role-assignment-members', app: APP, scope: 'Lab VMs', roleAssignment: 'Lab Administrators', members: [] },
    parsed: { type: 'remove-role-assignment-members', app: APP, scope: 'Lab VMs', roleAssignment: 'Lab Administrators', members: [] },
  },
  { json: { type: 'create-scope', app: APP, name: 'Test VMs', description: 'tests' }, parsed: { type: 'create-scope', app: APP, name: 'Test VMs', description: 'tests' } },
  { json: { type: 'rename-scope', app: APP, name: 'Test VMs', newName: 'QA VMs' }, parsed: { type: 'rename-scope', app: APP, name: 'Test VMs', newName: 'QA VMs' } },
  { json: { type: 'delete-scope', app: APP, name: 'QA VMs' }, parsed: { type: 'delete-scope', app: APP, name: 'QA VMs' } },
  {
    json: { type: 'create-group', app: APP, scope: 'Lab VMs', name: 'Owners', groupType: 'Basic', description: 'd', members: [{ sid: 'S-1-1-0' }], nonMembers: [{ group: 'Lab Owners' }] },
    parsed: { type: 'create-group', app: APP, scope: 'Lab VMs', name: 'Owners', groupType: 'Basic', description: 'd', members: [{ sid: 'S-1-1-0' }], nonMembers: [{ group: 'Lab Owners' }] },
  },
  {
    json: { type: 'update-group', name: 'Hyper-V Auditors', newName: 'Auditors', description: null, ldapQuery: '(a=b)' },
    parsed: { type: 'update-group', name: 'Hyper-V Auditors', newName: 'Auditors', description: null, ldapQuery: '(a=b)' },
  },
  { json: { type: 'delete-group', app: APP, name: 'Owners' }, parsed: { type: 'delete-group', app: APP, name: 'Owners' } },
  {
    json: { type: 'add-group-members', group: 'Hyper-V Auditors', members: [{ sid: 'S-1-1-0' }], nonMembers: [{ account: 'Guests' }] },
    parsed: { type: 'add-group-members', group: 'Hyper-V Auditors', members: [{ sid: 'S-1-1-0' }], nonMembers: [{ account: 'Guests' }] },
  },
  {
    json: { type: 'remove-group-members', app: APP, scope: 'Lab VMs', group: 'Lab Owners', members: [{ sid: 'S-1-1-0' }] },
    parsed: { type: 'remove-group-members', app: APP, scope: 'Lab VMs', group: 'Lab Owners', members: [{ sid: 'S-1-1-0' }] },
  },
]

t.test('the table covers every change type once', async (t) => {
  t.same(
    EVERY_TYPE.map((c) => c.parsed.type),
    CHANGE_TYPES,
  )
  t.equal(CHANGE_TYPES.length, 24)
})

for (const { json, parsed } of EVERY_TYPE) {
  t.test(`${parsed.type} parses from JSON text, every field kept, and survives a JSON round trip`, async (t) => {
    const text = JSON.stringify({ format: 'azman-changes/1', changes: [json] })
    const set = parseChangeSet(JSON.parse(text))
    t.strictSame(set, { changes: [parsed] })
    t.strictSame(parseChangeSet(JSON.parse(JSON.stringify(set))), set, 'serialising the parsed set and parsing it again gives the same set')
  })
}

t.test('optional fields left out are absent, not undefined, so parsed changes compare and serialise cleanly', async (t) => {
  const set = parseChangeSet({
    changes: [
      { type: 'create-task', app: APP, name: 'Bare' },
      { type: 'update-role-assignment', app: APP, name: 'Auditors' },
      { type: 'create-group', name: 'Store group', groupType: 'LdapQuery', ldapQuery: '(a=b)' },
      { type: 'create-task', app: APP, name: 'No rule', bizRule: null },
    ],
  })
  t.strictSame(set.changes, [
    { type: 'create-task', app: APP, name: 'Bare' },
    { type: 'update-role-assignment', app: APP, name: 'Auditors' },
    { type: 'create-group', name: 'Store group', groupType: 'LdapQuery', ldapQuery: '(a=b)' },
    { type: 'create-task', app: APP, name: 'No rule' },
  ])
  for (const c of set.changes) t.notOk(Object.values(c).includes(undefined), `${c.type}: no undefined value`)
  t.notOk('scope' in (set.changes[0] ?? {}), 'no "scope" key at all')
})

t.test('an empty change set is valid', async (t) => {
  t.strictSame(parseChangeSet({ changes: [] }), { changes: [] })
})

// --- Refusals: each names the JSON path of the problem ---------------------------------------

function refuse(t: Test, value: unknown, path: string, says?: RegExp): void {
  let error: unknown
  try {
    parseChangeSet(value)
  } catch (e) {
    error = e
  }
  if (!(error instanceof InvalidChangeError)) {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- whatever was thrown, as String() shows it
    t.fail(`expected AZMAN_ERR_CHANGE_SET_INVALID at ${path}, got ${error === undefined ? 'a parsed change set' : String(error)}`)
    return
  }
  t.equal(error.code, 'AZMAN_ERR_CHANGE_SET_INVALID')
  t.equal(error.exitCode, 4)
  t.ok(error.message.startsWith(`${path}: `), `the message starts with the JSON path ${path}: ${error.message}`)
  if (says) t.match(error.message, says)
}

/** A valid change, then the broken one, so paths show the index. */
const ok = { type: 'delete-scope', app: APP, name: 'X' }
const set = (...changes: unknown[]): unknown => ({ changes })

const REFUSALS: readonly [string, unknown, string, RegExp?][] = [
  // the set itself
  ['not an object', [], '$', /\{"changes": \[\.\.\.\]\}/],
  ['null', null, '$'],
  ['a string', 'changes', '$'],
  ['no changes', {}, '$.changes', /is required/],
  ['changes not an array', { changes: { type: 'delete-scope' } }, '$.changes', /array/],
  ['an unknown top-level field (typo)', { change: [], changes: [] }, '$.change', /not a field/],
  ['format not a string', { format: 1, changes: [] }, '$.format', /string/],
  ['a change that is not an object', set(ok, 'create-task'), '$.changes[1]', /object/],
  ['a change that is an array', set([ok]), '$.changes[0]'],
  // type
  ['no type', set(ok, { app: APP, name: 'X' }), '$.changes[1].type', /create-operation.*remove-group-members/],
  ['an unknown type', set(ok, ok, { type: 'create-application', name: 'X' }), '$.changes[2].type', /must be one of/],
  ['a type in the wrong case', set({ type: 'Create-Task', app: APP, name: 'X' }), '$.changes[0].type'],
  // unknown fields
  ['a typo in a field name', set(ok, { type: 'create-task', app: APP, name: 'X', operation: [315] }), '$.changes[1].operation', /is not a field of this change/],
  ['a field of another change type', set({ type: 'create-scope', app: APP, name: 'X', newName: 'Y' }), '$.changes[0].newName', /not a field/],
  ['"scope" on an operation change', set({ type: 'create-operation', app: APP, scope: 'Lab VMs', name: 'X', operationId: 1 }), '$.changes[0].scope', /not a field/],
  ['"members" on create-role-assignment', set({ type: 'create-role-assignment', app: APP, name: 'X', members: [] }), '$.changes[0].members', /not a field/],
  [
    'an unknown field in a business rule',
    set({ type: 'create-task', app: APP, name: 'X', bizRule: { language: 'JScript', script: 'x', lang: 'JScript' } }),
    '$.changes[0].bizRule.lang',
    /not a field/,
  ],
  // required fields and types
  ['no app', set({ type: 'create-task', name: 'X' }), '$.changes[0].app', /is required/],
  ['no name', set({ type: 'create-task', app: APP }), '$.changes[0].name', /is required/],
  ['a name that is a number', set({ type: 'create-task', app: APP, name: 7 }), '$.changes[0].name', /must be a string/],
  ['an app that is null', set({ type: 'create-task', app: null, name: 'X' }), '$.changes[0].app', /must be a string/],
  ['no operationId', set({ type: 'create-operation', app: APP, name: 'X' }), '$.changes[0].operationId', /is required/],
  ['an operationId as text', set({ type: 'create-operation', app: APP, name: 'X', operationId: '360' }), '$.changes[0].operationId', /32-bit integer/],
  ['a fractional operationId', set({ type: 'create-operation', app: APP, name: 'X', operationId: 360.5 }), '$.changes[0].operationId', /32-bit integer/],
  ['an operationId over 32 bits', set({ type: 'update-operation', app: APP, name: 'X', operationId: 2147483648 }), '$.changes[0].operationId', /32-bit integer/],
  ['a description that is a number', set({ type: 'create-scope', app: APP, name: 'X', description: 5 }), '$.changes[0].description', /must be a string/],
  ['a null description on a create', set({ type: 'create-scope', app: APP, name: 'X', description: null }), '$.changes[0].description', /must be a string/],
  ['a description that is an object on an update', set({ type: 'update-task', app: APP, name: 'X', description: {} }), '$.changes[0].description', /or null/],
  ['operations not an array', set({ type: 'create-task', app: APP, name: 'X', operations: 315 }), '$.changes[0].operations', /array/],
  ['an operation that is an object', set(ok, ok, { type: 'create-task', app: APP, name: 'X', operations: [315, { id: 320 }] }), '$.changes[2].operations[1]', /OperationID .* or an operation name/],
  ['an operation that is a fraction', set({ type: 'update-task', app: APP, name: 'X', addOperations: [315.5] }), '$.changes[0].addOperations[0]'],
  ['an operation that is null', set({ type: 'update-role-definition', app: APP, name: 'X', removeOperations: [null] }), '$.changes[0].removeOperations[0]'],
  ['tasks not an array', set({ type: 'create-role-definition', app: APP, name: 'X', tasks: 'Power' }), '$.changes[0].tasks', /array of names/],
  ['a task that is a number', set({ type: 'update-task', app: APP, name: 'X', addTasks: ['A', 2] }), '$.changes[0].addTasks[1]', /a name/],
  ['a role definition that is null', set({ type: 'add-role-assignment-tasks', app: APP, roleAssignment: 'R', roleDefinitions: [null] }), '$.changes[0].roleDefinitions[0]'],
  ['a newName that is null on rename-scope', set({ type: 'rename-scope', app: APP, name: 'X', newName: null }), '$.changes[0].newName', /must be a string/],
  // business rules
  ['a business rule that is a string', set({ type: 'create-task', app: APP, name: 'X', bizRule: 'return true' }), '$.changes[0].bizRule', /object/],
  ['a business rule without a language', set({ type: 'create-task', app: APP, name: 'X', bizRule: { script: 'x' } }), '$.changes[0].bizRule.language', /is required/],
  ['a business rule in Python', set({ type: 'update-task', app: APP, name: 'X', bizRule: { language: 'Python', script: 'x' } }), '$.changes[0].bizRule.language', /"VBScript" or "JScript"/],
  ['a business rule without a script', set({ type: 'create-task', app: APP, name: 'X', bizRule: { language: 'JScript' } }), '$.changes[0].bizRule.script', /is required/],
  // principals
  ['no members on add-role-assignment-members', set({ type: 'add-role-assignment-members', app: APP, roleAssignment: 'R' }), '$.changes[0].members', /is required/],
  ['members not an array', set({ type: 'add-role-assignment-members', app: APP, roleAssignment: 'R', members: { sid: 'S-1-1-0' } }), '$.changes[0].members', /array/],
  [
    'a member that is a bare SID string',
    set({ type: 'add-role-assignment-members', app: APP, roleAssignment: 'R', members: [{ sid: 'S-1-1-0' }, 'S-1-5-32-544'] }),
    '$.changes[0].members[1]',
    /must be an object/,
  ],
  [
    'a member with two keys',
    set({ type: 'add-group-members', group: 'G', members: [{ sid: 'S-1-1-0', account: 'Everyone' }] }),
    '$.changes[0].members[0]',
    /exactly one of "sid", "account" or "group"/,
  ],
  ['a member with an unknown key', set({ type: 'add-group-members', group: 'G', nonMembers: [{ user: 'LAB\\alice' }] }), '$.changes[0].nonMembers[0]', /exactly one/],
  ['a member with no key', set({ type: 'create-group', name: 'G', groupType: 'Basic', members: [{}] }), '$.changes[0].members[0]', /exactly one/],
  ['a SID that is a number', set({ type: 'remove-group-members', group: 'G', members: [{ sid: 544 }] }), '$.changes[0].members[0]', /string value/],
  ['a member that is null', set({ type: 'remove-role-assignment-members', app: APP, roleAssignment: 'R', members: [null] }), '$.changes[0].members[0]', /must be an object/],
  // groups
  ['no groupType', set({ type: 'create-group', name: 'G' }), '$.changes[0].groupType', /is required/],
  ['groupType Bizrule (not creatable here)', set({ type: 'create-group', name: 'G', groupType: 'Bizrule' }), '$.changes[0].groupType', /"Basic" or "LdapQuery"/],
  ['groupType in the wrong case', set(ok, { type: 'create-group', name: 'G', groupType: 'basic' }), '$.changes[1].groupType', /"Basic" or "LdapQuery"/],
  ['an ldapQuery that is not a string', set({ type: 'update-group', name: 'G', ldapQuery: ['(a=b)'] }), '$.changes[0].ldapQuery', /string/],
]

for (const [what, value, path, says] of REFUSALS) {
  t.test(`refused with its JSON path: ${what}`, async (t) => refuse(t, value, path, says))
}

// A group change names its place by "app" and optionally "scope"; a scope alone names nothing.
for (const type of ['create-group', 'update-group', 'delete-group', 'add-group-members', 'remove-group-members'] as const) {
  t.test(`refused with its JSON path: ${type} with a scope but no app`, async (t) => {
    const change: Record<string, unknown> = { type, scope: 'Lab VMs' }
    if (type === 'create-group') Object.assign(change, { name: 'G', groupType: 'Basic' })
    else if (type === 'add-group-members' || type === 'remove-group-members') Object.assign(change, { group: 'Lab Owners', members: [{ sid: 'S-1-1-0' }] })
    else Object.assign(change, { name: 'Lab Owners' })
    refuse(t, set(ok, change), '$.changes[1].scope', /needs its "app"/)
  })
}

t.test('refused: an unknown top-level "type" field (only "format" and "changes" belong there)', async (t) => {
  refuse(t, { type: 'create-task', changes: [] }, '$.type', /not a field/)
})

t.test('the first problem in document order is the one reported', async (t) => {
  refuse(t, set(ok, { type: 'create-task', app: 1, name: 2 }, { type: 'nope' }), '$.changes[1].app')
})
