import { Type, type TSchema } from '@sinclair/typebox'
import { List, Nullable } from './types.js'

/** Schemas of what the store routes answer: the shapes of `azman show --json` and `azman export --json` (docs/cli.md: export JSON shape). */

const described = { description: Type.Optional(Type.String()) }

export const Principal = Type.Object({ sid: Type.String(), name: Nullable(Type.String({ description: 'The well-known name, or null' })) }, { $id: 'Principal', additionalProperties: false })

const BizRule = Nullable(Type.Object({ language: Nullable(Type.String()), script: Type.String(), importedPath: Nullable(Type.String()) }, { additionalProperties: false }))

const OperationId = Type.Union([Type.Integer(), Type.String()], { description: 'The OperationID; its text when it is not a number' })

export const OperationView = Type.Object({ name: Type.String(), id: OperationId, guid: Type.String(), ...described }, { $id: 'Operation', additionalProperties: false })

export const TaskView = Type.Object(
  {
    name: Type.String(),
    guid: Type.String(),
    ...described,
    roleDefinition: Type.Boolean(),
    operations: List(OperationId, { description: 'OperationIDs' }),
    tasks: List(Type.String(), { description: 'Names of nested tasks and role definitions' }),
    bizRule: BizRule,
  },
  { $id: 'Task', additionalProperties: false },
)

export const RoleAssignmentView = Type.Object(
  {
    name: Type.String(),
    guid: Type.String(),
    ...described,
    tasks: List(Type.String(), { description: 'Names of the role definitions and tasks granted' }),
    operations: List(OperationId, { description: 'OperationIDs granted directly (rare)' }),
    members: List(Type.Ref(Principal)),
    appMembers: List(Type.String(), { description: 'Names of the application groups that hold the role' }),
  },
  { $id: 'RoleAssignment', additionalProperties: false },
)

export const GroupView = Type.Object(
  {
    name: Type.String(),
    guid: Type.String(),
    ...described,
    type: Type.String({ description: 'Basic, LdapQuery or Bizrule' }),
    members: List(Type.Ref(Principal)),
    nonMembers: List(Type.Ref(Principal)),
    appMembers: List(Type.String()),
    appNonMembers: List(Type.String()),
    ldapQuery: Nullable(Type.String()),
    bizRule: BizRule,
  },
  { $id: 'Group', additionalProperties: false },
)

/** The properties of a scope, in their order; `show` and `export` differ only in how a role assignment and a group look. */
function scopeProperties<R extends TSchema, G extends TSchema>(role: R, group: G) {
  return { name: Type.String(), guid: Type.String(), ...described, tasks: List(Type.Ref(TaskView)), roles: List(role), groups: List(group) }
}

/** The properties of an application, in their order; `show` and `export` differ only in how a role assignment, a group and a scope look. */
function applicationProperties<R extends TSchema, G extends TSchema, S extends TSchema>(role: R, group: G, scope: S) {
  return {
    name: Type.String(),
    guid: Type.String(),
    ...described,
    version: Type.Optional(Type.String()),
    operations: List(Type.Ref(OperationView)),
    tasks: List(Type.Ref(TaskView)),
    roles: List(role),
    groups: List(group),
    scopes: List(scope),
  }
}

export const ScopeView = Type.Object(scopeProperties(Type.Ref(RoleAssignmentView), Type.Ref(GroupView)), { $id: 'Scope', additionalProperties: false })

export const ApplicationView = Type.Object(applicationProperties(Type.Ref(RoleAssignmentView), Type.Ref(GroupView), Type.Ref(ScopeView)), {
  $id: 'Application',
  additionalProperties: false,
})

export const StoreView = Type.Object(
  {
    store: Type.String({ description: 'The store name' }),
    version: Type.String({ description: 'The store version (also the ETag)' }),
    majorVersion: Type.String(),
    minorVersion: Type.String(),
    guid: Type.Optional(Type.String()),
    ...described,
    applications: List(Type.Ref(ApplicationView)),
    groups: List(Type.Ref(GroupView), { description: 'Store-level application groups' }),
  },
  { $id: 'StoreView', additionalProperties: false },
)

const ExportedRole = Type.Object(
  { name: Type.String(), guid: Type.String(), ...described, tasks: List(Type.String()), operations: List(OperationId), members: List(Type.String()), appMembers: List(Type.String()) },
  { additionalProperties: false },
)
const ExportedGroup = Type.Object(
  {
    name: Type.String(),
    guid: Type.String(),
    ...described,
    type: Type.String(),
    members: List(Type.String()),
    nonMembers: List(Type.String()),
    appMembers: List(Type.String()),
    appNonMembers: List(Type.String()),
    ldapQuery: Nullable(Type.String()),
    bizRule: BizRule,
  },
  { additionalProperties: false },
)

export const ExportedStore = Type.Object(
  {
    majorVersion: Type.String(),
    minorVersion: Type.String(),
    guid: Type.Optional(Type.String()),
    ...described,
    applications: List(
      Type.Object(applicationProperties(ExportedRole, ExportedGroup, Type.Object(scopeProperties(ExportedRole, ExportedGroup), { additionalProperties: false })), {
        additionalProperties: false,
      }),
    ),
    groups: List(ExportedGroup),
  },
  { $id: 'ExportedStore', additionalProperties: false },
)

/** What a finding or lint warning says about where it is. */
const located = {
  code: Type.String(),
  path: List(Type.Object({ kind: Type.String(), name: Type.String() }, { additionalProperties: false })),
  location: Type.String(),
  guid: Type.Optional(Type.String()),
  message: Type.String(),
}

export const ValidationReport = Type.Object(
  {
    store: Type.String(),
    valid: Type.Boolean(),
    errors: Type.Integer(),
    warnings: Type.Integer(),
    findings: List(Type.Object({ severity: Type.Union([Type.Literal('error'), Type.Literal('warning')]), ...located }, { additionalProperties: false })),
    lintWarnings: Type.Integer(),
    lint: List(Type.Object(located, { additionalProperties: false })),
  },
  { $id: 'ValidationReport', additionalProperties: false },
)

export const ApplicationSummary = Type.Object({ name: Type.String(), guid: Type.String(), ...described, version: Type.Optional(Type.String()) }, { additionalProperties: false })

export const PlaceView = Type.Object(
  { tasks: List(Type.Ref(TaskView)), roleDefinitions: List(Type.Ref(TaskView)), roleAssignments: List(Type.Ref(RoleAssignmentView)), groups: List(Type.Ref(GroupView)) },
  { additionalProperties: false },
)

export const VIEW_SCHEMAS = [Principal, OperationView, TaskView, RoleAssignmentView, GroupView, ScopeView, ApplicationView, StoreView, ExportedStore, ValidationReport] as const
