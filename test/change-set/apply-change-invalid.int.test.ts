/**
 * Every way a change can be wrong, each in its own test, each through
 * applyChangeSet on a real file: the error (class, code, exit code 4), a
 * message naming what is wrong, and a store left exactly as it was (bytes,
 * modification time, no journal).
 */
import t from 'tap'
import type { Change } from '../../src/change-set/change.js'
import { InvalidChangeError } from '../../src/errors/change-errors.js'
import { ADMINS, APP, applyOnFile, refusedOnFile, SAMPLE, taskNamed, user } from './change-set-helpers.js'

interface Case {
  readonly what: string
  readonly changes: readonly Change[]
  readonly code: `AZMAN_ERR_CHANGE_${string}`
  readonly message: readonly (string | RegExp)[]
  readonly file?: string
}

/** A name as messages show it: in double quotes, `"` and TAB escaped. */
const q = (name: string): string => `"${name.replace(/"/g, '\\"').replace(/\t/g, '\\t')}"`

const CASES: Case[] = [
  // --- names that do not exist ---
  {
    what: 'an unknown application',
    changes: [{ type: 'create-task', app: 'Hyper-V Service', name: 'X' }],
    code: 'AZMAN_ERR_CHANGE_NOT_FOUND',
    message: ['application "Hyper-V Service"', 'known: "Hyper-V services"'],
  },
  {
    what: 'an unknown application on a delete (deletes are idempotent, but not about a wrong application)',
    changes: [{ type: 'delete-task', app: 'Hyper-V', name: 'X' }],
    code: 'AZMAN_ERR_CHANGE_NOT_FOUND',
    message: ['application "Hyper-V"'],
  },
  {
    what: 'an unknown scope',
    changes: [{ type: 'create-role-assignment', app: APP, scope: 'Test VMs', name: 'X' }],
    code: 'AZMAN_ERR_CHANGE_NOT_FOUND',
    message: ['scope "Test VMs"', '"Lab VMs"', '"Production VMs"'],
  },
  {
    what: 'an unknown task to update',
    changes: [{ type: 'update-task', app: APP, name: 'Use VM Console', description: 'x' }],
    code: 'AZMAN_ERR_CHANGE_NOT_FOUND',
    message: ['task "Use VM Console"', '"Use Virtual Machine Console"'],
  },
  { what: 'an unknown nested task', changes: [{ type: 'create-role-definition', app: APP, name: 'Operator', tasks: ['Operate VMs'] }], code: 'AZMAN_ERR_CHANGE_NOT_FOUND', message: ['"Operate VMs"'] },
  {
    what: 'an unknown task to remove from a task',
    changes: [{ type: 'update-task', app: APP, name: 'Operate Virtual Machine', removeTasks: ['Operate VMs'] }],
    code: 'AZMAN_ERR_CHANGE_NOT_FOUND',
    message: ['"Operate VMs"'],
  },
  {
    what: 'an unknown role definition to update',
    changes: [{ type: 'update-role-definition', app: APP, name: 'Monitor', newName: 'Monitors' }],
    code: 'AZMAN_ERR_CHANGE_NOT_FOUND',
    message: ['role definition "Monitor"'],
  },
  {
    what: 'an unknown role definition to grant',
    changes: [{ type: 'add-role-assignment-tasks', app: APP, roleAssignment: 'Auditors', roleDefinitions: ['Auditor'] }],
    code: 'AZMAN_ERR_CHANGE_NOT_FOUND',
    message: ['role definition "Auditor"'],
  },
  {
    what: 'a scope role definition granted at application level (not visible there)',
    changes: [{ type: 'add-role-assignment-tasks', app: APP, roleAssignment: 'Auditors', roleDefinitions: ['VM Operator (Lab VMs)'] }],
    code: 'AZMAN_ERR_CHANGE_NOT_FOUND',
    message: ['"VM Operator (Lab VMs)"'],
  },
  {
    what: 'a role definition of another scope',
    changes: [{ type: 'create-role-assignment', app: APP, scope: 'Production VMs', name: 'X', roleDefinitions: ['VM Operator (Lab VMs)'] }],
    code: 'AZMAN_ERR_CHANGE_NOT_FOUND',
    message: ['"VM Operator (Lab VMs)"', 'scope "Production VMs"'],
  },
  {
    what: 'an unknown role assignment to add members to',
    changes: [{ type: 'add-role-assignment-members', app: APP, roleAssignment: 'Admins', members: [{ sid: ADMINS }] }],
    code: 'AZMAN_ERR_CHANGE_NOT_FOUND',
    message: ['role assignment "Admins"', '"Administrator"'],
  },
  {
    what: 'an unknown role assignment to update',
    changes: [{ type: 'update-role-assignment', app: APP, scope: 'Lab VMs', name: 'Auditors', description: 'x' }],
    code: 'AZMAN_ERR_CHANGE_NOT_FOUND',
    message: ['role assignment "Auditors"', 'scope "Lab VMs"'],
  },
  {
    what: 'an unknown role assignment to grant tasks to',
    changes: [{ type: 'remove-role-assignment-tasks', app: APP, roleAssignment: 'Operators', tasks: ['Monitor Virtual Machine'] }],
    code: 'AZMAN_ERR_CHANGE_NOT_FOUND',
    message: ['role assignment "Operators"'],
  },
  {
    what: 'an unknown group to add members to',
    changes: [{ type: 'add-group-members', app: APP, group: 'VM Operator', members: [{ sid: user(1109) }] }],
    code: 'AZMAN_ERR_CHANGE_NOT_FOUND',
    message: ['group "VM Operator"', '"VM Operators"'],
  },
  {
    what: 'an unknown group to update',
    changes: [{ type: 'update-group', name: 'VM Operators', description: 'x' }],
    code: 'AZMAN_ERR_CHANGE_NOT_FOUND',
    message: ['group "VM Operators"', 'the store', '"Hyper-V Auditors"'],
  },
  {
    what: 'an unknown group as a member',
    changes: [{ type: 'add-role-assignment-members', app: APP, roleAssignment: 'Auditors', members: [{ group: 'Ops' }] }],
    code: 'AZMAN_ERR_CHANGE_NOT_FOUND',
    message: ['group "Ops"'],
  },
  {
    what: 'a group of another scope as a member',
    changes: [{ type: 'add-role-assignment-members', app: APP, scope: 'Production VMs', roleAssignment: 'Production Monitors', members: [{ group: 'Lab Owners' }] }],
    code: 'AZMAN_ERR_CHANGE_NOT_FOUND',
    message: ['group "Lab Owners"', 'scope "Production VMs"'],
  },
  {
    what: 'a scope group as a member at application level',
    changes: [{ type: 'add-role-assignment-members', app: APP, roleAssignment: 'Auditors', members: [{ group: 'Lab Owners' }] }],
    code: 'AZMAN_ERR_CHANGE_NOT_FOUND',
    message: ['group "Lab Owners"'],
  },
  {
    what: 'an application group as a member of a store-level group',
    changes: [{ type: 'add-group-members', group: 'Hyper-V Auditors', members: [{ group: 'VM Operators' }] }],
    code: 'AZMAN_ERR_CHANGE_NOT_FOUND',
    message: ['group "VM Operators"', 'the store'],
  },
  {
    what: 'an unknown operation by OperationID',
    changes: [{ type: 'update-role-definition', app: APP, name: 'IT Monitor', addOperations: [999] }],
    code: 'AZMAN_ERR_CHANGE_NOT_FOUND',
    message: ['OperationID 999', 'application "Hyper-V services"'],
  },
  {
    what: 'an unknown operation by name',
    changes: [{ type: 'create-task', app: APP, name: 'Fly', operations: [315, 'Fly Virtual Machine'] }],
    code: 'AZMAN_ERR_CHANGE_NOT_FOUND',
    message: ['operation "Fly Virtual Machine"'],
  },
  {
    what: 'an unknown operation to remove',
    changes: [{ type: 'update-task', app: APP, name: 'Operate Virtual Machine Power', removeOperations: [316] }],
    code: 'AZMAN_ERR_CHANGE_NOT_FOUND',
    message: ['OperationID 316'],
  },
  {
    what: 'an unknown operation to update',
    changes: [{ type: 'update-operation', app: APP, name: 'Fly Virtual Machine', description: 'x' }],
    code: 'AZMAN_ERR_CHANGE_NOT_FOUND',
    message: ['operation "Fly Virtual Machine"'],
  },
  { what: 'an unknown scope to rename', changes: [{ type: 'rename-scope', app: APP, name: 'Test VMs', newName: 'QA VMs' }], code: 'AZMAN_ERR_CHANGE_NOT_FOUND', message: ['scope "Test VMs"'] },

  // --- names already taken ---
  {
    what: 'a role definition named like an existing task (one name space)',
    changes: [{ type: 'create-role-definition', app: APP, name: 'monitor virtual machine' }],
    code: 'AZMAN_ERR_CHANGE_EXISTS',
    message: ['task "Monitor Virtual Machine"', 'application "Hyper-V services"'],
  },
  {
    what: 'a task named like an existing role definition',
    changes: [{ type: 'create-task', app: APP, name: 'IT Monitor', tasks: ['Monitor Virtual Machine'] }],
    code: 'AZMAN_ERR_CHANGE_EXISTS',
    message: ['role definition "IT Monitor"'],
  },
  {
    what: 'a task named like an existing one, other content',
    changes: [{ type: 'create-task', app: APP, name: 'Operate Virtual Machine Power', operations: [315] }],
    code: 'AZMAN_ERR_CHANGE_EXISTS',
    message: ['task "Operate Virtual Machine Power"'],
  },
  {
    what: 'an operation named like an existing one, another OperationID',
    changes: [{ type: 'create-operation', app: APP, name: 'Start Virtual Machine', operationId: 999 }],
    code: 'AZMAN_ERR_CHANGE_EXISTS',
    message: ['operation "Start Virtual Machine"', '315'],
  },
  {
    what: 'a role assignment named like an existing one, other grants',
    changes: [{ type: 'create-role-assignment', app: APP, name: 'Auditors', roleDefinitions: ['Hyper-V Manager Connect'] }],
    code: 'AZMAN_ERR_CHANGE_EXISTS',
    message: ['role assignment "Auditors"'],
  },
  {
    what: 'a group named like an existing one, other members',
    changes: [{ type: 'create-group', app: APP, name: 'VM Operators', groupType: 'Basic' }],
    code: 'AZMAN_ERR_CHANGE_EXISTS',
    message: ['group "VM Operators"'],
  },
  {
    what: 'a scope named like an existing one, another description',
    changes: [{ type: 'create-scope', app: APP, name: 'Lab VMs', description: 'x' }],
    code: 'AZMAN_ERR_CHANGE_EXISTS',
    message: ['scope "Lab VMs"'],
  },
  {
    what: 'a new operation with an OperationID in use',
    changes: [{ type: 'create-operation', app: APP, name: 'Boot Virtual Machine', operationId: 315 }],
    code: 'AZMAN_ERR_CHANGE_DUPLICATE',
    message: ['OperationID 315', 'operation "Start Virtual Machine"'],
  },
  {
    what: 'an OperationID changed to one in use',
    changes: [{ type: 'update-operation', app: APP, name: 'Allow Virtual Machine Snapshot', operationId: 320 }],
    code: 'AZMAN_ERR_CHANGE_DUPLICATE',
    message: ['OperationID 320', 'operation "Stop Virtual Machine"'],
  },
  {
    what: 'an operation renamed to a name in use',
    changes: [{ type: 'update-operation', app: APP, name: 'Allow Virtual Machine Snapshot', newName: 'stop virtual machine' }],
    code: 'AZMAN_ERR_CHANGE_DUPLICATE',
    message: ['"stop virtual machine"'],
  },
  {
    what: 'a task renamed to the name of a role definition',
    changes: [{ type: 'update-task', app: APP, name: 'Use Virtual Machine Console', newName: 'IT Monitor' }],
    code: 'AZMAN_ERR_CHANGE_DUPLICATE',
    message: ['"IT Monitor"'],
  },
  {
    what: 'a role assignment renamed to a name in use',
    changes: [{ type: 'update-role-assignment', app: APP, name: 'Auditors', newName: 'administrator' }],
    code: 'AZMAN_ERR_CHANGE_DUPLICATE',
    message: ['"administrator"'],
  },
  {
    what: 'a scope renamed to a name in use',
    changes: [{ type: 'rename-scope', app: APP, name: 'Lab VMs', newName: 'production vms' }],
    code: 'AZMAN_ERR_CHANGE_DUPLICATE',
    message: ['"production vms"'],
  },
  {
    what: 'a group renamed to a name in use',
    changes: [{ type: 'update-group', app: APP, name: 'VM Operators', newName: 'Hyper-V Lab Admins' }],
    code: 'AZMAN_ERR_CHANGE_DUPLICATE',
    message: ['"Hyper-V Lab Admins"'],
  },

  // --- the wrong kind of object ---
  {
    what: 'a task given as a role definition to grant',
    changes: [{ type: 'add-role-assignment-tasks', app: APP, roleAssignment: 'Auditors', roleDefinitions: ['Monitor Virtual Machine'] }],
    code: 'AZMAN_ERR_CHANGE_WRONG_KIND',
    message: ['"Monitor Virtual Machine"', 'is a task, not a role definition'],
  },
  {
    what: 'a role definition given as a task to grant',
    changes: [{ type: 'add-role-assignment-tasks', app: APP, roleAssignment: 'Auditors', tasks: ['IT Monitor'] }],
    code: 'AZMAN_ERR_CHANGE_WRONG_KIND',
    message: ['"IT Monitor"', 'is a role definition, not a task'],
  },
  {
    what: 'a task given as a role definition of a new role assignment',
    changes: [{ type: 'create-role-assignment', app: APP, name: 'Operators', roleDefinitions: ['Operate Virtual Machine'] }],
    code: 'AZMAN_ERR_CHANGE_WRONG_KIND',
    message: ['"Operate Virtual Machine"'],
  },
  {
    what: 'update-task on a role definition',
    changes: [{ type: 'update-task', app: APP, name: 'IT Monitor', description: 'x' }],
    code: 'AZMAN_ERR_CHANGE_WRONG_KIND',
    message: ['"IT Monitor"', 'role definition, not a task'],
  },
  {
    what: 'update-role-definition on a task',
    changes: [{ type: 'update-role-definition', app: APP, name: 'Monitor Virtual Machine', description: 'x' }],
    code: 'AZMAN_ERR_CHANGE_WRONG_KIND',
    message: ['"Monitor Virtual Machine"', 'task, not a role definition'],
  },
  {
    what: 'delete-task on a role definition',
    changes: [{ type: 'delete-task', app: APP, name: 'Hyper-V Manager Connect' }],
    code: 'AZMAN_ERR_CHANGE_WRONG_KIND',
    message: ['"Hyper-V Manager Connect"'],
  },
  {
    what: 'delete-role-definition on a task',
    changes: [{ type: 'delete-role-definition', app: APP, name: 'Operate Virtual Machine In Hours' }],
    code: 'AZMAN_ERR_CHANGE_WRONG_KIND',
    message: ['"Operate Virtual Machine In Hours"'],
  },
  {
    what: 'members added to an LdapQuery group',
    changes: [{ type: 'add-group-members', app: APP, group: 'Hyper-V Lab Admins', members: [{ sid: user(1150) }] }],
    code: 'AZMAN_ERR_CHANGE_WRONG_KIND',
    message: ['group "Hyper-V Lab Admins"', 'LdapQuery'],
  },
  {
    what: 'non-members removed from an LdapQuery group',
    changes: [{ type: 'remove-group-members', app: APP, group: 'Hyper-V Lab Admins', nonMembers: [{ sid: user(1150) }] }],
    code: 'AZMAN_ERR_CHANGE_WRONG_KIND',
    message: ['group "Hyper-V Lab Admins"'],
  },
  {
    what: 'a new LdapQuery group with members',
    changes: [{ type: 'create-group', app: APP, name: 'Lab Staff', groupType: 'LdapQuery', ldapQuery: '(department=Lab)', members: [{ sid: user(1150) }] }],
    code: 'AZMAN_ERR_CHANGE_WRONG_KIND',
    message: ['"Lab Staff"', /LdapQuery group has no members/],
  },
  {
    what: 'a new Basic group with a query',
    changes: [{ type: 'create-group', app: APP, name: 'Lab Staff', groupType: 'Basic', ldapQuery: '(department=Lab)' }],
    code: 'AZMAN_ERR_CHANGE_WRONG_KIND',
    message: ['"Lab Staff"', /only LdapQuery groups/],
  },
  {
    what: 'a query set on a Basic group',
    changes: [{ type: 'update-group', app: APP, name: 'VM Operators', ldapQuery: '(department=Ops)' }],
    code: 'AZMAN_ERR_CHANGE_WRONG_KIND',
    message: ['group "VM Operators"', 'Basic'],
  },

  // --- AzMan's name rules ---
  ...['\\', '/', ':', '*', '?', '"', '<', '>', '|', '\t'].map((c): Case => ({
    what: `a task name with ${c === '\t' ? 'TAB' : c}`,
    changes: [{ type: 'create-task', app: APP, name: `Ops${c}VMs` }],
    code: 'AZMAN_ERR_CHANGE_INVALID_NAME',
    message: [q(`Ops${c}VMs`), c === '\t' ? 'contains TAB' : `contains "${c}"`],
  })),
  {
    what: 'a task name of 65 characters',
    changes: [{ type: 'create-task', app: APP, name: 'T'.repeat(65) }],
    code: 'AZMAN_ERR_CHANGE_INVALID_NAME',
    message: [q('T'.repeat(65)), '65 characters', 'at most 64 for a task'],
  },
  {
    what: 'a role definition name of 65 characters (counted in characters, not UTF-16 units: 64 emoji pass, this has 65)',
    changes: [{ type: 'create-role-definition', app: APP, name: '\u{1F600}'.repeat(65) }],
    code: 'AZMAN_ERR_CHANGE_INVALID_NAME',
    message: ['65 characters'],
  },
  { what: 'an empty task name', changes: [{ type: 'create-task', app: APP, name: '' }], code: 'AZMAN_ERR_CHANGE_INVALID_NAME', message: ['""', 'cannot be empty'] },
  { what: 'a task name of spaces only', changes: [{ type: 'create-task', app: APP, name: '   ' }], code: 'AZMAN_ERR_CHANGE_INVALID_NAME', message: ['cannot be empty'] },
  {
    what: 'a task renamed to a forbidden name',
    changes: [{ type: 'update-task', app: APP, name: 'Use Virtual Machine Console', newName: 'Console: VMs' }],
    code: 'AZMAN_ERR_CHANGE_INVALID_NAME',
    message: ['"Console: VMs"'],
  },
  {
    what: 'an operation name of 65 characters',
    changes: [{ type: 'create-operation', app: APP, name: 'O'.repeat(65), operationId: 999 }],
    code: 'AZMAN_ERR_CHANGE_INVALID_NAME',
    message: ['at most 64 for an operation'],
  },
  {
    what: 'a role assignment renamed with a slash',
    changes: [{ type: 'update-role-assignment', app: APP, name: 'Auditors', newName: 'Audit/Read' }],
    code: 'AZMAN_ERR_CHANGE_INVALID_NAME',
    message: ['"Audit/Read"'],
  },
  { what: 'a group name with a pipe', changes: [{ type: 'create-group', name: 'Ops|Admins', groupType: 'Basic' }], code: 'AZMAN_ERR_CHANGE_INVALID_NAME', message: ['"Ops|Admins"'] },
  {
    what: 'a scope name with a control character XML cannot hold',
    changes: [{ type: 'rename-scope', app: APP, name: 'Lab VMs', newName: 'Lab\u0007VMs' }],
    code: 'AZMAN_ERR_CHANGE_INVALID_TEXT',
    message: ['$.changes[0].newName', 'U+0007'],
  },
  {
    what: 'a scope name with a line break',
    changes: [{ type: 'rename-scope', app: APP, name: 'Lab VMs', newName: 'Lab\nVMs' }],
    code: 'AZMAN_ERR_CHANGE_INVALID_NAME',
    message: ['"Lab\\nVMs"', 'printable'],
  },
  {
    what: 'a task name with a line break',
    changes: [{ type: 'create-task', app: APP, name: 'Two\nlines' }],
    code: 'AZMAN_ERR_CHANGE_INVALID_NAME',
    message: ['"Two\\nlines"', 'printable'],
  },

  // --- texts ---
  {
    what: 'a description with a line break',
    changes: [{ type: 'create-task', app: APP, name: 'Snapshot', description: 'Take\nsnapshots' }],
    code: 'AZMAN_ERR_CHANGE_INVALID_TEXT',
    message: ['"Snapshot"', 'line breaks'],
  },
  {
    what: 'a description with a carriage return',
    changes: [{ type: 'create-scope', app: APP, name: 'Test VMs', description: 'QA\rlab' }],
    code: 'AZMAN_ERR_CHANGE_INVALID_TEXT',
    message: ['"Test VMs"', 'line breaks'],
  },
  {
    what: 'a description of 1025 characters',
    changes: [{ type: 'update-role-assignment', app: APP, name: 'Auditors', description: 'd'.repeat(1025) }],
    code: 'AZMAN_ERR_CHANGE_INVALID_TEXT',
    message: ['"Auditors"', '1025 characters', 'at most 1024'],
  },
  {
    what: 'an operation description of 1025 characters',
    changes: [{ type: 'create-operation', app: APP, name: 'Export', operationId: 999, description: 'd'.repeat(1025) }],
    code: 'AZMAN_ERR_CHANGE_INVALID_TEXT',
    message: ['"Export"', '1025 characters'],
  },
  {
    what: 'a business rule with an empty script',
    changes: [{ type: 'update-task', app: APP, name: 'Operate Virtual Machine In Hours', bizRule: { language: 'JScript', script: '  ' } }],
    code: 'AZMAN_ERR_CHANGE_INVALID_TEXT',
    message: ['"Operate Virtual Machine In Hours"', /null/],
  },
  {
    what: 'an LDAP query over 4096 characters',
    changes: [{ type: 'update-group', app: APP, name: 'Hyper-V Lab Admins', ldapQuery: `(department=${'x'.repeat(4096)})` }],
    code: 'AZMAN_ERR_CHANGE_INVALID_TEXT',
    message: ['"Hyper-V Lab Admins"', 'at most 4096'],
  },

  // --- principals ---
  {
    what: 'a malformed SID',
    changes: [{ type: 'add-role-assignment-members', app: APP, roleAssignment: 'Auditors', members: [{ sid: 'S-1-5-21-LAB-1105' }] }],
    code: 'AZMAN_ERR_CHANGE_INVALID_SID',
    message: ['"S-1-5-21-LAB-1105"', 'S-1-5-21-'],
  },
  {
    what: 'a SID of revision 2',
    changes: [{ type: 'add-group-members', app: APP, group: 'VM Operators', nonMembers: [{ sid: 'S-2-5-32-544' }] }],
    code: 'AZMAN_ERR_CHANGE_INVALID_SID',
    message: ['"S-2-5-32-544"'],
  },
  { what: 'an empty SID', changes: [{ type: 'create-group', app: APP, name: 'G', groupType: 'Basic', members: [{ sid: '' }] }], code: 'AZMAN_ERR_CHANGE_INVALID_SID', message: ['""'] },
  {
    what: 'a malformed SID to remove',
    changes: [{ type: 'remove-role-assignment-members', app: APP, roleAssignment: 'Auditors', members: [{ sid: 'Everyone' }] }],
    code: 'AZMAN_ERR_CHANGE_INVALID_SID',
    message: ['"Everyone"'],
  },
  {
    what: 'a domain account',
    changes: [{ type: 'add-role-assignment-members', app: APP, roleAssignment: 'Auditors', members: [{ account: 'LAB\\alice' }] }],
    code: 'AZMAN_ERR_CHANGE_UNKNOWN_ACCOUNT',
    message: ['"LAB\\alice"', /not a well-known account/, /SID/],
  },
  {
    what: 'a domain group named like a built-in one (must not become BUILTIN\\Administrators)',
    changes: [{ type: 'add-role-assignment-members', app: APP, roleAssignment: 'Auditors', members: [{ account: 'CONTOSO\\Administrators' }] }],
    code: 'AZMAN_ERR_CHANGE_UNKNOWN_ACCOUNT',
    message: ['"CONTOSO\\Administrators"'],
  },
  {
    what: 'a bare user name',
    changes: [{ type: 'create-group', app: APP, name: 'G', groupType: 'Basic', nonMembers: [{ account: 'alice' }] }],
    code: 'AZMAN_ERR_CHANGE_UNKNOWN_ACCOUNT',
    message: ['"alice"'],
  },

  // --- LDAP queries ---
  {
    what: 'an unbalanced LDAP filter',
    changes: [{ type: 'create-group', app: APP, name: 'Lab Staff', groupType: 'LdapQuery', ldapQuery: '(&(department=Lab)' }],
    code: 'AZMAN_ERR_CHANGE_INVALID_LDAP_QUERY',
    message: ['"(&(department=Lab)"', 'not a valid LDAP filter'],
  },
  {
    what: 'an LDAP filter with no value',
    changes: [{ type: 'update-group', app: APP, name: 'Hyper-V Lab Admins', ldapQuery: '(department)' }],
    code: 'AZMAN_ERR_CHANGE_INVALID_LDAP_QUERY',
    message: ['"(department)"'],
  },
  {
    what: 'an LdapQuery group without a query',
    changes: [{ type: 'create-group', app: APP, name: 'Lab Staff', groupType: 'LdapQuery' }],
    code: 'AZMAN_ERR_CHANGE_INVALID_LDAP_QUERY',
    message: ['"Lab Staff"', '"ldapQuery"'],
  },

  // --- removing what is still linked ---
  {
    what: 'an operation linked by tasks and the Administrator role definition',
    changes: [{ type: 'delete-operation', app: APP, name: 'Start Virtual Machine' }],
    code: 'AZMAN_ERR_CHANGE_STILL_LINKED',
    message: ['operation "Start Virtual Machine"', 'role definition "Administrator"', 'task "Operate Virtual Machine Power"', 'task "Operate Virtual Machine In Hours"', 'remove those links first'],
  },
  {
    what: 'a task linked by a role definition',
    changes: [{ type: 'delete-task', app: APP, name: 'Monitor Virtual Machine' }],
    code: 'AZMAN_ERR_CHANGE_STILL_LINKED',
    message: ['task "Monitor Virtual Machine"', 'role definition "IT Monitor"'],
  },
  {
    what: 'a task linked by a role definition in a scope',
    changes: [{ type: 'delete-task', app: APP, name: 'Operate Virtual Machine' }],
    code: 'AZMAN_ERR_CHANGE_STILL_LINKED',
    message: ['role definition "VM Operator (Lab VMs)"', 'scope "Lab VMs"'],
  },
  {
    what: 'a role definition linked by role assignments',
    changes: [{ type: 'delete-role-definition', app: APP, name: 'IT Monitor' }],
    code: 'AZMAN_ERR_CHANGE_STILL_LINKED',
    message: ['role definition "IT Monitor"', 'role assignment "Auditors"', 'role assignment "Production Monitors"'],
  },
  {
    what: 'a group linked by role assignments',
    changes: [{ type: 'delete-group', app: APP, name: 'VM Operators' }],
    code: 'AZMAN_ERR_CHANGE_STILL_LINKED',
    message: ['group "VM Operators"', 'role assignment "Hyper-V Manager Connect"', 'role assignment "VM Operators (Lab VMs)"'],
  },
  {
    what: 'a store-level group linked by a role assignment',
    changes: [{ type: 'delete-group', name: 'Hyper-V Auditors' }],
    code: 'AZMAN_ERR_CHANGE_STILL_LINKED',
    message: ['group "Hyper-V Auditors"', 'role assignment "Auditors"'],
  },
  {
    what: 'an LdapQuery group linked by a scope role assignment',
    changes: [{ type: 'delete-group', app: APP, name: 'Hyper-V Lab Admins' }],
    code: 'AZMAN_ERR_CHANGE_STILL_LINKED',
    message: ['role assignment "Lab Administrators"'],
  },
  {
    what: 'a group linked as a non-member of another group',
    changes: [
      { type: 'create-group', app: APP, name: 'Contractors', groupType: 'Basic' },
      { type: 'create-group', app: APP, name: 'Staff', groupType: 'Basic', nonMembers: [{ group: 'Contractors' }] },
      { type: 'delete-group', app: APP, name: 'Contractors' },
    ],
    code: 'AZMAN_ERR_CHANGE_STILL_LINKED',
    message: ['group "Contractors"', 'group "Staff"'],
  },

  // --- integrity ---
  {
    what: 'a task cycle through a nested task',
    changes: [{ type: 'update-task', app: APP, name: 'Operate Virtual Machine Power', addTasks: ['Operate Virtual Machine'] }],
    code: 'AZMAN_ERR_CHANGE_BREAKS_INTEGRITY',
    message: ['AZ_TASK_CYCLE', '"Operate Virtual Machine Power"', '"Operate Virtual Machine"'],
  },
  {
    what: 'a task nesting itself',
    changes: [{ type: 'update-task', app: APP, name: 'Use Virtual Machine Console', addTasks: ['use virtual machine console'] }],
    code: 'AZMAN_ERR_CHANGE_BREAKS_INTEGRITY',
    message: ['AZ_TASK_CYCLE', '"Use Virtual Machine Console"'],
  },
  {
    what: 'a role definition cycle built over two changes',
    changes: [
      { type: 'create-role-definition', app: APP, name: 'Senior Monitor', tasks: ['IT Monitor'] },
      { type: 'update-role-definition', app: APP, name: 'IT Monitor', addTasks: ['Senior Monitor'] },
    ],
    code: 'AZMAN_ERR_CHANGE_BREAKS_INTEGRITY',
    message: ['AZ_TASK_CYCLE', '"IT Monitor"', '"Senior Monitor"'],
  },
  {
    what: 'a group containing itself',
    changes: [{ type: 'add-group-members', app: APP, group: 'VM Operators', members: [{ group: 'VM Operators' }] }],
    code: 'AZMAN_ERR_CHANGE_BREAKS_INTEGRITY',
    message: ['AZ_GROUP_CYCLE', '"VM Operators"'],
  },

  // --- locking the local administrators out ---
  {
    what: 'BUILTIN\\Administrators removed from the Administrator role assignment',
    changes: [{ type: 'remove-role-assignment-members', app: APP, roleAssignment: 'Administrator', members: [{ sid: ADMINS }] }],
    code: 'AZMAN_ERR_CHANGE_ADMIN_LOCKOUT',
    message: ['S-1-5-32-544', 'application "Hyper-V services"', '--force'],
  },
  {
    what: 'BUILTIN\\Administrators removed by account name',
    changes: [{ type: 'remove-role-assignment-members', app: APP, roleAssignment: 'Administrator', members: [{ account: 'BUILTIN\\Administrators' }] }],
    code: 'AZMAN_ERR_CHANGE_ADMIN_LOCKOUT',
    message: ['S-1-5-32-544'],
  },
  {
    what: 'BUILTIN\\Administrators removed on the 2008 store',
    changes: [{ type: 'remove-role-assignment-members', app: APP, roleAssignment: 'Administrator', members: [{ sid: ADMINS }] }],
    code: 'AZMAN_ERR_CHANGE_ADMIN_LOCKOUT',
    message: ['S-1-5-32-544'],
    file: SAMPLE.v2008,
  },
  {
    what: 'operation 315 removed from the Administrator role definition',
    changes: [{ type: 'update-role-definition', app: APP, name: 'Administrator', removeOperations: [315] }],
    code: 'AZMAN_ERR_CHANGE_ADMIN_LOCKOUT',
    message: ['S-1-5-32-544', 'application "Hyper-V services"'],
  },
  {
    what: 'the Administrator role definition taken from the Administrator role assignment',
    changes: [{ type: 'remove-role-assignment-tasks', app: APP, roleAssignment: 'Administrator', roleDefinitions: ['Administrator'] }],
    code: 'AZMAN_ERR_CHANGE_ADMIN_LOCKOUT',
    message: ['S-1-5-32-544'],
  },
  {
    what: 'the Administrator role assignment deleted',
    changes: [{ type: 'delete-role-assignment', app: APP, name: 'Administrator' }],
    code: 'AZMAN_ERR_CHANGE_ADMIN_LOCKOUT',
    message: ['S-1-5-32-544'],
  },
  {
    what: 'a business rule put on the Administrator role definition (access becomes conditional)',
    changes: [{ type: 'update-role-definition', app: APP, name: 'Administrator', bizRule: { language: 'JScript', script: 'AzBizRuleContext.BusinessRuleResult = true;' } }],
    code: 'AZMAN_ERR_CHANGE_ADMIN_LOCKOUT',
    message: ['S-1-5-32-544'],
  },
  {
    what: 'the administrators moved to an LdapQuery group (membership no longer certain)',
    changes: [
      { type: 'add-role-assignment-members', app: APP, roleAssignment: 'Administrator', members: [{ group: 'Hyper-V Lab Admins' }] },
      { type: 'remove-role-assignment-members', app: APP, roleAssignment: 'Administrator', members: [{ sid: ADMINS }] },
    ],
    code: 'AZMAN_ERR_CHANGE_ADMIN_LOCKOUT',
    message: ['S-1-5-32-544'],
  },
  {
    what: 'the administrators moved to a Basic group that excludes whoever an LdapQuery group matches',
    changes: [
      { type: 'create-group', app: APP, name: 'Local Admins', groupType: 'Basic', members: [{ sid: ADMINS }], nonMembers: [{ group: 'Hyper-V Lab Admins' }] },
      { type: 'add-role-assignment-members', app: APP, roleAssignment: 'Administrator', members: [{ group: 'Local Admins' }] },
      { type: 'remove-role-assignment-members', app: APP, roleAssignment: 'Administrator', members: [{ sid: ADMINS }] },
    ],
    code: 'AZMAN_ERR_CHANGE_ADMIN_LOCKOUT',
    message: ['S-1-5-32-544'],
  },

  // --- a change set is all or nothing ---
  {
    what: 'the third change of three fails: the first two are not written either',
    changes: [
      { type: 'create-scope', app: APP, name: 'Test VMs' },
      { type: 'add-role-assignment-members', app: APP, roleAssignment: 'Auditors', members: [{ sid: user(1150) }] },
      { type: 'create-role-assignment', app: APP, scope: 'Test VMs', name: 'Testers', roleDefinitions: ['No Such Role'] },
    ],
    code: 'AZMAN_ERR_CHANGE_NOT_FOUND',
    message: ['role definition "No Such Role"', 'scope "Test VMs"'],
  },
]

for (const c of CASES) {
  t.test(`refused, nothing written: ${c.what}`, async (t) => {
    await refusedOnFile(t, c.changes, { type: InvalidChangeError, code: c.code, exitCode: 4, message: c.message }, c.file === undefined ? {} : { file: c.file })
  })
}

t.test('the limits themselves are allowed: a 64-character task name, a 1024-character description, 64 emoji', async (t) => {
  const name = 'T'.repeat(64)
  const e = await applyOnFile(t, [
    { type: 'create-task', app: APP, name, description: 'd'.repeat(1024) },
    { type: 'create-role-definition', app: APP, name: '\u{1F600}'.repeat(64) },
  ])
  t.equal(taskNamed(e.reread, name).description?.length, 1024)
  t.ok(taskNamed(e.reread, '\u{1F600}'.repeat(64)).roleDefinition)
})
