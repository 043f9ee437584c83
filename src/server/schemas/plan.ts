import { Type, type TProperties } from '@sinclair/typebox'
import type { PolicyEdit as LibraryPolicyEdit } from '../../model/edit/policy-edit.js'
import type { RollbackOutcome as LibraryRollbackOutcome } from '../../change-set/run-write.js'
import type { PublicEdit as LibraryPublicEdit } from '../../change-set/edit-view.js'
import type { PublicRollbackOutcome } from '../../change-set/plan-detail.js'
import { Change } from './change.js'
import { ALLOW_BROAD } from '../../change-set/schema/change-set.js'
import { List } from './types.js'
import { AccessChangeSchema, CombinedChangeSchema } from './access.js'
import { ITEMS_IN_STEPS } from '../plugins/stepwise-validation.js'
import { ExpiryEntrySchema } from '../../expiry/expiry-schema.js'

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

const KINDS = ['store', 'application', 'operation', 'task', 'role-definition', 'role-assignment', 'group', 'scope'] as const
const ObjectKind = Type.Union(KINDS.map((k) => Type.Literal(k)))

/** An edit in its public shape (the default of plans and write answers). Its TypeScript type is the library's `PublicEdit`. */
export const PublicEdit = Type.Unsafe<LibraryPublicEdit>(
  Type.Object(
    {
      type: Type.Union(['create', 'delete', 'set', 'add', 'remove', 'set-store'].map((t) => Type.Literal(t))),
      kind: ObjectKind,
      guid: Type.Optional(Type.String({ description: "The object's GUID (absent for a store attribute)" })),
      name: Type.Optional(Type.String({ description: "The object's name (absent for a store attribute)" })),
      application: Type.Optional(Type.String({ description: 'The application it is in, by name' })),
      scope: Type.Optional(Type.String({ description: 'The scope it is in, by name (absent at application level)' })),
      field: Type.Optional(Type.String({ description: '`set`, `set-store`: the field set' })),
      from: Type.Optional(Type.String({ description: '`set`, `set-store`: the value before' })),
      value: Type.Optional(Type.String({ description: "`set`, `set-store`: the new value (absent when removed); `add`, `remove`: the SID or the linked object's GUID" })),
      list: Type.Optional(Type.String({ description: '`add`, `remove`: members, nonMembers, operations, tasks, memberGroups or nonMemberGroups' })),
      valueName: Type.Optional(Type.String({ description: "`add`, `remove`: the account's name (where known) or the linked object's name" })),
      valueKind: Type.Optional(ObjectKind),
      summary: Type.String({ description: 'The edit in words: objects by kind, name and place, accounts by name where known' }),
    },
    { $id: 'PublicEdit', additionalProperties: false, description: "An object-level edit by kind, name and place; the model's own edit (PolicyEdit) with ?detail=full" },
  ),
)

/** The fields of a plan in either shape; `edits` is the shape's; `extra`, fields some answers add. */
function planSchema(id: string, edits: ReturnType<typeof Type.Ref>, description: string, extra: TProperties = {}) {
  return Type.Object(
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
      edits: List(edits),
      editSummaries: List(Type.String(), { description: 'Each edit in words, in the order of `edits`: objects named by kind, name and place, accounts by name where known' }),
      warnings: List(Type.String()),
      ...extra,
    },
    { $id: id, additionalProperties: false, description },
  )
}

/** A plan as answers give it by default: edits in their public shape. It can be applied later (POST /changes) as it is. */
export const Plan = planSchema('Plan', Type.Ref(PublicEdit), 'A plan, its edits by kind, name and place (?detail=full: FullPlan); POST /changes applies it as it is')

/** A plan with the model's edits in full (`?detail=full`), as `azman plan --out` saves it. */
export const FullPlan = planSchema('FullPlan', Type.Ref(PolicyEdit), "A plan with the model's edits in full, as azman plan --out saves it (?detail=full)")

/** What a plan would change in effective access (`POST /stores/{store}/plan?delta=true`). */
export const PlannedAccessDelta = Type.Object(
  {
    access: List(AccessChangeSchema, { description: 'Who would gain or lose which operation where, as azman diff computes it between the store as it is and as the plan leaves it' }),
    combined: List(CombinedChangeSchema, { description: 'Operations whose access may change for tokens of several SIDs (see azman diff)' }),
  },
  { $id: 'PlannedAccessDelta', additionalProperties: false, description: 'The effective-access delta of a plan' },
)

/** A plan with its effective-access delta (`?delta=true`); posted to POST /changes it applies as a plan (the delta is not read). */
export const PlanWithDelta = planSchema('PlanWithDelta', Type.Ref(PublicEdit), 'A plan (edits by kind, name and place) with its effective-access delta (?delta=true)', {
  accessDelta: Type.Ref(PlannedAccessDelta),
})

/** {@link PlanWithDelta} with the model's edits in full (`?delta=true&detail=full`). */
export const FullPlanWithDelta = planSchema('FullPlanWithDelta', Type.Ref(PolicyEdit), "A plan with the model's edits in full and its effective-access delta (?delta=true&detail=full)", {
  accessDelta: Type.Ref(PlannedAccessDelta),
})

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
    accessDelta: Type.Optional(Type.Unknown({ description: "A plan's effective-access delta (?delta=true): not read" })),
  },
  {
    $id: 'ChangeInput',
    additionalProperties: false,
    description: 'A change set {"changes": [...]}, or a plan saved from POST /plan or azman plan --out (format azman-plan/1)',
    // The service validates the changes a few hundred at a time, letting other requests run between them.
    [ITEMS_IN_STEPS]: 'changes',
  },
)

function writeOutcomeSchema(id: string, plan: ReturnType<typeof Type.Ref>, extra: TProperties = {}) {
  return Type.Object(
    {
      dryRun: Type.Boolean(),
      written: Type.Boolean({ description: 'Whether anything was written (false when the store already was as asked)' }),
      before: Type.Optional(Type.String({ description: 'Store version before (absent on a dry run)' })),
      after: Type.Optional(Type.String({ description: 'Store version after (absent on a dry run)' })),
      plan,
      ...extra,
    },
    { $id: id, additionalProperties: false },
  )
}

/** What a write did, its plan's edits in their public shape. */
export const WriteOutcome = writeOutcomeSchema('WriteOutcome', Type.Ref(Plan))

/** What a write did, its plan's edits in full (`?detail=full`). */
export const FullWriteOutcome = writeOutcomeSchema('FullWriteOutcome', Type.Ref(FullPlan))

/** What a write with `expiresAt` recorded in the store's expiry file (docs/expiry.md). */
export const RecordedExpiry = Type.Object(
  {
    expiresAt: Type.String({ description: 'When the members leave, UTC' }),
    entries: List(ExpiryEntrySchema, { description: "The expiry file's entries this write recorded, one per member SID it added (none on a dry run)" }),
    alreadyMembers: List(Type.String({ description: 'A member SID' }), { description: 'The member SIDs given that were members already: no expiry recorded for them (none on a dry run)' }),
  },
  { $id: 'RecordedExpiry', additionalProperties: false, description: "The expiry recorded in the store's expiry file (docs/expiry.md)" },
)

const expiry = { expiry: Type.Optional(Type.Ref(RecordedExpiry)) }

/** A write that adds members, with the expiry it recorded when asked (`expiresAt`). */
export const ExpiringWriteOutcome = writeOutcomeSchema('ExpiringWriteOutcome', Type.Ref(Plan), expiry)

/** {@link ExpiringWriteOutcome}, its plan's edits in full (`?detail=full`). */
export const FullExpiringWriteOutcome = writeOutcomeSchema('FullExpiringWriteOutcome', Type.Ref(FullPlan), expiry)

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

function rollbackOutcomeSchema(id: string, edits: ReturnType<typeof Type.Ref>) {
  return Type.Object(
    {
      dryRun: Type.Boolean(),
      written: Type.Boolean(),
      rolledBackTo: Type.Optional(Type.String({ description: 'The entry whose result was restored (`to`)' })),
      rolledBackBefore: Type.Optional(Type.String({ description: 'The entry undone (`before`)' })),
      before: Type.String(),
      after: Type.String(),
      edits: List(edits),
    },
    { $id: id, additionalProperties: false },
  )
}

/** What a rollback did, its edits in their public shape. */
export const RollbackOutcome = Type.Unsafe<PublicRollbackOutcome>(rollbackOutcomeSchema('RollbackOutcome', Type.Ref(PublicEdit)))

/** What a rollback did, its edits in full (`?detail=full`). */
export const FullRollbackOutcome = Type.Unsafe<LibraryRollbackOutcome>(rollbackOutcomeSchema('FullRollbackOutcome', Type.Ref(PolicyEdit)))

export const PLAN_SCHEMAS = [
  PolicyEdit,
  PublicEdit,
  Plan,
  FullPlan,
  PlannedAccessDelta,
  PlanWithDelta,
  FullPlanWithDelta,
  ChangeInput,
  WriteOutcome,
  FullWriteOutcome,
  RecordedExpiry,
  ExpiringWriteOutcome,
  FullExpiringWriteOutcome,
  JournalEntry,
  History,
  RollbackOutcome,
  FullRollbackOutcome,
] as const
