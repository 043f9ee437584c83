import { Type } from '@sinclair/typebox'
import type { PolicyEdit as LibraryPolicyEdit } from '../../model/edit/policy-edit.js'
import type { RollbackOutcome as LibraryRollbackOutcome } from '../../change-set/run-write.js'
import { Change } from './change.js'
import { ALLOW_BROAD } from '../../change-set/schema/change-set.js'
import { List } from './types.js'
import { ITEMS_IN_STEPS } from '../plugins/stepwise-validation.js'

/** Schemas of plans, write outcomes and the journal. */

const Extras = Type.Object(
  {
    attributes: List(Type.Object({ name: Type.String(), value: Type.String() }, { additionalProperties: false })),
    elements: List(Type.Object({ name: Type.String(), markup: Type.String() }, { additionalProperties: false })),
  },
  { additionalProperties: false, description: 'What the model does not interpret, kept as found' },
)
const object = { guid: Type.String(), name: Type.String(), description: Type.Optional(Type.String()), extras: Extras }
const bizRule = { language: Type.Optional(Type.String()), script: Type.Optional(Type.String()), importedPath: Type.Optional(Type.String()) }
const links = (description: string) => List(Type.String(), { description })

const ModelOperation = Type.Object({ ...object, operationId: Type.String() }, { additionalProperties: false })
const ModelTask = Type.Object({ ...object, ...bizRule, roleDefinition: Type.Boolean(), operationLinks: links('operation GUIDs'), taskLinks: links('task GUIDs') }, { additionalProperties: false })
const ModelRoleAssignment = Type.Object(
  { ...object, taskLinks: links('task GUIDs'), operationLinks: links('operation GUIDs'), appMemberLinks: links('group GUIDs'), members: links('SIDs') },
  { additionalProperties: false },
)
const ModelGroup = Type.Object(
  {
    ...object,
    ...bizRule,
    groupType: Type.String(),
    members: links('SIDs'),
    nonMembers: links('SIDs'),
    appMemberLinks: links('group GUIDs'),
    appNonMemberLinks: links('group GUIDs'),
    ldapQuery: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)
const ModelScope = Type.Object({ ...object, groups: List(ModelGroup), tasks: List(ModelTask), roleAssignments: List(ModelRoleAssignment) }, { additionalProperties: false })
const ModelApplication = Type.Object(
  {
    ...object,
    version: Type.Optional(Type.String()),
    operations: List(ModelOperation),
    groups: List(ModelGroup),
    tasks: List(ModelTask),
    roleAssignments: List(ModelRoleAssignment),
    scopes: List(ModelScope),
  },
  { additionalProperties: false },
)

const Parent = Type.Object({ application: Type.Optional(Type.String()), scope: Type.Optional(Type.String()) }, { additionalProperties: false })
const Kind = Type.Union(['application', 'operation', 'task', 'role-assignment', 'group', 'scope'].map((k) => Type.Literal(k)))
const created = <K extends string>(kind: K, schema: typeof ModelOperation | typeof ModelTask | typeof ModelRoleAssignment | typeof ModelGroup | typeof ModelScope | typeof ModelApplication) =>
  Type.Object({ type: Type.Literal('create'), parent: Parent, kind: Type.Literal(kind), object: schema }, { additionalProperties: false })

/** An object-level edit: what a plan writes, addressed by GUID. Its TypeScript type is the library's `PolicyEdit` (`from`/`value` absent for none). */
export const PolicyEdit = Type.Unsafe<LibraryPolicyEdit>(
  Type.Union(
    [
      created('application', ModelApplication),
      created('operation', ModelOperation),
      created('task', ModelTask),
      created('role-assignment', ModelRoleAssignment),
      created('group', ModelGroup),
      created('scope', ModelScope),
      Type.Object({ type: Type.Literal('delete'), parent: Parent, kind: Kind, guid: Type.String(), name: Type.String() }, { additionalProperties: false }),
      Type.Object(
        { type: Type.Literal('set'), parent: Parent, kind: Kind, guid: Type.String(), field: Type.String(), from: Type.Optional(Type.String()), value: Type.Optional(Type.String()) },
        { additionalProperties: false, description: 'A field set; `value` absent when it is removed' },
      ),
      Type.Object(
        { type: Type.Union([Type.Literal('add'), Type.Literal('remove')]), parent: Parent, kind: Kind, guid: Type.String(), list: Type.String(), value: Type.String() },
        { additionalProperties: false },
      ),
      Type.Object({ type: Type.Literal('set-store'), field: Type.String(), from: Type.Optional(Type.String()), value: Type.Optional(Type.String()) }, { additionalProperties: false }),
    ],
    { $id: 'PolicyEdit' },
  ),
)

export const Plan = Type.Object(
  {
    format: Type.Literal('azman-plan/1'),
    store: Type.String(),
    baseVersion: Type.String({ description: 'The store version the plan was made on' }),
    changes: List(Type.Ref(Change)),
    guids: List(Type.String(), { description: 'GUIDs given to new objects, in order' }),
    results: List(
      Type.Object(
        {
          index: Type.Integer(),
          type: Type.String(),
          status: Type.Union([Type.Literal('applied'), Type.Literal('would-apply'), Type.Literal('in-place')], { description: '`would-apply` on a dry run' }),
          summary: Type.String(),
        },
        { additionalProperties: false },
      ),
    ),
    edits: List(Type.Ref(PolicyEdit)),
    editSummaries: List(Type.String(), { description: 'Each edit in words, in the order of `edits`: objects named by kind, name and place, accounts by name where known' }),
    warnings: List(Type.String()),
  },
  { $id: 'Plan', additionalProperties: false },
)

/** A saved plan or a change set, as `POST /stores/{store}/changes` takes it. */
export const ChangeInput = Type.Object(
  {
    changes: List(Type.Ref(Change)),
    allowBroad: Type.Optional(ALLOW_BROAD),
    format: Type.Optional(Type.Literal('azman-plan/1')),
    store: Type.Optional(Type.String()),
    baseVersion: Type.Optional(Type.String()),
    guids: Type.Optional(List(Type.String())),
    results: Type.Optional(List(Type.Unknown())),
    edits: Type.Optional(List(Type.Unknown())),
    editSummaries: Type.Optional(List(Type.String())),
    warnings: Type.Optional(List(Type.String())),
  },
  {
    $id: 'ChangeInput',
    additionalProperties: false,
    description: 'A change set {"changes": [...]}, or a plan saved from POST /plan or azman plan --out (format azman-plan/1)',
    // The service validates the changes a few hundred at a time, letting other requests run between them.
    [ITEMS_IN_STEPS]: 'changes',
  },
)

export const WriteOutcome = Type.Object(
  {
    dryRun: Type.Boolean(),
    written: Type.Boolean({ description: 'Whether anything was written (false when the store already was as asked)' }),
    before: Type.Optional(Type.String({ description: 'Store version before (absent on a dry run)' })),
    after: Type.Optional(Type.String({ description: 'Store version after (absent on a dry run)' })),
    plan: Type.Ref(Plan),
  },
  { $id: 'WriteOutcome', additionalProperties: false },
)

const Json = Type.Unknown({ description: 'JSON' })

export const JournalEntry = Type.Object(
  {
    id: Type.String(),
    time: Type.String(),
    actor: Type.String(),
    reason: Type.Optional(Type.String()),
    action: Type.Union([Type.Literal('apply'), Type.Literal('rollback')]),
    changes: Json,
    before: Type.String(),
    after: Type.String(),
    summary: List(Type.String(), { description: 'What the entry did in words, one line per change (objects by name and place); a rollback says which entry it restored' }),
  },
  { $id: 'JournalEntry', additionalProperties: false },
)

export const History = Type.Object({ entries: List(Type.Ref(JournalEntry)) }, { $id: 'History', additionalProperties: false })

export const RollbackOutcome = Type.Unsafe<LibraryRollbackOutcome>(
  Type.Object(
    {
      dryRun: Type.Boolean(),
      written: Type.Boolean(),
      rolledBackTo: Type.Optional(Type.String({ description: 'The entry whose result was restored (`to`)' })),
      rolledBackBefore: Type.Optional(Type.String({ description: 'The entry undone (`before`)' })),
      before: Type.String(),
      after: Type.String(),
      edits: List(Type.Ref(PolicyEdit)),
    },
    { $id: 'RollbackOutcome', additionalProperties: false },
  ),
)

export const PLAN_SCHEMAS = [PolicyEdit, Plan, ChangeInput, WriteOutcome, JournalEntry, History, RollbackOutcome] as const
