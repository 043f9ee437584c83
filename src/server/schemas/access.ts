import { Type } from '@sinclair/typebox'
import { ReportMetaSchema } from '../../report/report-meta.js'
import type { AccessResult, Because, WhyNot } from '../../access/index.js'
import type { AccessMatrix } from '../../access/queries/matrix.js'
import type { ScopeAccess } from '../../access/queries/what-can.js'
import type { WhoCanResult } from '../../access/queries/who-can.js'
import type { StoreDiff } from '../../diff/store-diff.js'
import { List, Nullable } from './types.js'

/**
 * Schemas of the access queries (`azman check`, `who-can`, `what-can`,
 * `matrix`) and of `azman diff`. Their TypeScript types are the library's;
 * the response check of the tests holds the two together.
 */

const nullableString = Nullable(Type.String())
const closed = { additionalProperties: false } as const

export const OperationRefSchema = Type.Object({ id: Nullable(Type.Integer()), name: Type.String(), guid: Type.String() }, { ...closed, $id: 'AccessOperation' })
const RoleAssignmentRef = Type.Object({ name: Type.String(), guid: Type.String(), scope: nullableString }, closed)
const groupRef = {
  name: Type.String(),
  guid: Type.String(),
  groupType: Type.String(),
  level: Type.Union([Type.Literal('store'), Type.Literal('application'), Type.Literal('scope')]),
  scope: nullableString,
}
const GroupRef = Type.Object(groupRef, closed)
const TaskStep = Type.Object(
  {
    type: Type.Union([Type.Literal('role-definition'), Type.Literal('task')]),
    name: Type.String(),
    guid: Type.String(),
    scope: nullableString,
    bizRule: Nullable(Type.Object({ language: nullableString, importedPath: nullableString }, closed)),
  },
  closed,
)
const PathStep = Type.Union([TaskStep, Type.Object({ type: Type.Literal('operation'), id: Nullable(Type.Integer()), name: Type.String(), guid: Type.String() }, closed)])
const MemberStep = Type.Union([Type.Object({ type: Type.Literal('sid'), sid: Type.String(), name: nullableString }, closed), Type.Object({ type: Type.Literal('group'), ...groupRef }, closed)])
const groupCondition = (type: string, extra: Parameters<typeof Type.Object>[0] = {}) => Type.Object({ type: Type.Literal(type), group: GroupRef, ...extra }, closed)
const SimpleCondition = Type.Union([
  Type.Object({ type: Type.Literal('bizrule-task'), task: TaskStep }, closed),
  groupCondition('ldap-query-group', { query: nullableString }),
  groupCondition('bizrule-group', { language: nullableString, hasScript: Type.Boolean() }),
  groupCondition('unknown-group-type'),
])
/** Why a path is only conditional; a non-member exclusion nests the conditions of its own (shown one level deep here). */
const Condition = Type.Union([
  SimpleCondition,
  groupCondition('non-member-exclusion', { nonMember: List(MemberStep), conditions: List(Type.Object({ type: Type.String() }, { additionalProperties: true })) }),
])

/** A path to the operation cut by a non-member exclusion: a proof's `excluded` entry, and a why-not miss of that kind. */
const Excluded = Type.Object(
  {
    type: Type.Literal('excluded'),
    roleAssignment: RoleAssignmentRef,
    path: List(PathStep),
    member: List(MemberStep),
    excludedBy: Type.Object({ group: GroupRef, nonMember: List(MemberStep) }, closed),
  },
  closed,
)

export const BecauseSchema = Type.Unsafe<Because>(
  Type.Union(
    [
      Type.Object(
        {
          type: Type.Literal('grant'),
          certainty: Type.Union([Type.Literal('certain'), Type.Literal('conditional')]),
          roleAssignment: RoleAssignmentRef,
          path: List(PathStep),
          member: List(MemberStep),
          conditions: List(Condition),
        },
        closed,
      ),
      Excluded,
    ],
    {
      $id: 'Because',
      description: 'One reason for a decision: a granting path (role assignment, role definitions and tasks to the operation, membership chain, conditions) or a path cut by a non-member',
    },
  ),
)

const Decision = Type.Union([Type.Literal('granted'), Type.Literal('conditional'), Type.Literal('denied')])
const Certainty = Type.Union([Type.Literal('certain'), Type.Literal('conditional')])

/** The nearest misses of a decision that is not granted (docs/access-evaluation.md#65-why-not). */
export const WhyNotSchema = Type.Unsafe<WhyNot>(
  Type.Object(
    {
      misses: List(
        Type.Union([
          Type.Object({ type: Type.Literal('condition'), roleAssignment: RoleAssignmentRef, path: List(PathStep), member: List(MemberStep), conditions: List(Condition) }, closed),
          Excluded,
          Type.Object(
            {
              type: Type.Literal('holds-operation'),
              roleAssignment: RoleAssignmentRef,
              certainty: Certainty,
              tokenMember: Type.Union([Type.Literal('no'), Type.Literal('conditional')]),
              path: List(PathStep),
              wouldGrant: List(Type.Object({ sid: Type.String(), name: nullableString, certainty: Certainty, member: List(MemberStep) }, closed), {
                description: 'Member SIDs that would get the operation (or get it for certain) if added to the token, certain first; at most 5',
              }),
              moreWouldGrant: Type.Integer({ minimum: 0 }),
              runTimeMembers: List(Condition),
              nonMemberLists: List(Type.Object({ group: GroupRef, nonMembers: List(MemberStep) }, closed)),
            },
            closed,
          ),
          Type.Object(
            {
              type: Type.Literal('holds-token'),
              roleAssignment: RoleAssignmentRef,
              certainty: Certainty,
              member: List(MemberStep),
              grants: List(Type.Object({ operation: Type.Ref(OperationRefSchema), certainty: Certainty, sharedTask: Nullable(TaskStep) }, closed), {
                description: 'What it grants instead, operations sharing a task with the one asked about first; at most 5',
              }),
              moreGrants: Type.Integer({ minimum: 0 }),
            },
            closed,
          ),
          Type.Object(
            {
              type: Type.Literal('other-scope'),
              scope: Type.String(),
              decision: Type.Union([Type.Literal('granted'), Type.Literal('conditional')]),
              roleAssignment: RoleAssignmentRef,
              path: List(PathStep),
              member: List(MemberStep),
              conditions: List(Condition),
            },
            closed,
          ),
        ]),
        { description: 'Nearest first: condition, excluded, holds-operation, holds-token, other-scope' },
      ),
      more: Type.Integer({ minimum: 0, description: 'How many more misses there are beyond those listed' }),
    },
    { ...closed, $id: 'WhyNot', description: 'Why a decision is not granted: its nearest misses, bounded, with a count of the rest' },
  ),
)

/** The account a check or what-can was asked about, as the directory resolved it. */
const AccountSchema = Type.Object({ sid: Type.String(), name: Type.String() }, { ...closed, description: 'The "account" of the query, as the directory resolved it' })

/** The answer's note on a token the service did not build from the directory. */
const TokenNote = Type.String({
  description: "Said when the token is the SIDs given (and, with withWellKnown, Everyone, Authenticated Users and Users), not an account's token from the directory: what it holds and lacks",
})

export const CheckResult = Type.Object(
  {
    application: Type.String(),
    scope: nullableString,
    account: Type.Optional(AccountSchema),
    sids: List(Type.String()),
    tokenNote: Type.Optional(TokenNote),
    results: Type.Unsafe<readonly AccessResult[]>(
      Type.Array(
        Type.Object(
          {
            operation: Type.Ref(OperationRefSchema),
            decision: Decision,
            because: List(Type.Ref(BecauseSchema)),
            whyNot: Type.Optional(Type.Ref(WhyNotSchema, { description: 'On a decision that is not granted, unless whyNot=0' })),
          },
          closed,
        ),
      ),
    ),
  },
  { ...closed, $id: 'CheckResult' },
)

export const WhoCanSchema = Type.Unsafe<{ readonly application: string } & WhoCanResult>(
  Type.Object(
    {
      application: Type.String(),
      operation: Type.Ref(OperationRefSchema),
      scope: nullableString,
      principals: List(
        Type.Object({ sid: Type.String(), name: nullableString, decision: Type.Union([Type.Literal('granted'), Type.Literal('conditional')]), because: List(Type.Ref(BecauseSchema)) }, closed),
      ),
      groups: List(
        Type.Object(
          { group: GroupRef, decision: Type.Union([Type.Literal('granted'), Type.Literal('conditional')]), roleAssignment: RoleAssignmentRef, path: List(PathStep), member: List(MemberStep) },
          closed,
        ),
      ),
      excluded: List(Type.Object({ nonMember: MemberStep, nonMemberOf: GroupRef, roleAssignment: RoleAssignmentRef }, closed)),
    },
    { ...closed, $id: 'WhoCanResult' },
  ),
)

export const WhatCanSchema = Type.Object(
  {
    application: Type.String(),
    account: Type.Optional(AccountSchema),
    sids: List(Type.String()),
    tokenNote: Type.Optional(TokenNote),
    scopes: Type.Unsafe<readonly ScopeAccess[]>(
      Type.Array(
        Type.Object(
          {
            scope: nullableString,
            granted: List(Type.Object({ operation: Type.Ref(OperationRefSchema), because: List(Type.Ref(BecauseSchema)) }, closed)),
            conditional: List(Type.Object({ operation: Type.Ref(OperationRefSchema), because: List(Type.Ref(BecauseSchema)) }, closed)),
          },
          closed,
        ),
      ),
    ),
  },
  { ...closed, $id: 'WhatCanResult' },
)

const Cell = Nullable(Type.Union([Type.Literal('certain'), Type.Literal('conditional')]))
export const MatrixSchema = Type.Unsafe<AccessMatrix>(
  Type.Object(
    {
      report: Type.Optional(ReportMetaSchema),
      application: Type.String(),
      operations: List(Type.Ref(OperationRefSchema)),
      containers: List(Type.Object({ scope: nullableString, rows: List(Type.Object({ roleAssignment: RoleAssignmentRef, cells: List(Cell) }, closed)) }, closed)),
    },
    { ...closed, $id: 'AccessMatrix' },
  ),
)

/** One principal's access to one operation in one place, before and after (`azman diff`'s effective-access delta). */
export const AccessChangeSchema = Type.Object(
  {
    application: Type.String(),
    scope: nullableString,
    principal: Type.Object({ sid: nullableString, name: nullableString, alsoHolds: List(Type.String()) }, closed),
    operation: Type.Ref(OperationRefSchema),
    before: Decision,
    after: Decision,
    change: Type.Union([Type.Literal('gained'), Type.Literal('lost')]),
  },
  closed,
)

/** Where access may change for tokens of several SIDs (`azman diff`'s `combined`). */
export const CombinedChangeSchema = Type.Object(
  {
    application: Type.String(),
    scope: nullableString,
    operation: Type.Ref(OperationRefSchema),
    sids: List(Type.String()),
  },
  closed,
)

const ListValue = Type.Object({ value: Type.String(), name: nullableString }, closed)
export const DiffSchema = Type.Unsafe<{ readonly storeA: string; readonly storeB: string } & StoreDiff>(
  Type.Object(
    {
      report: Type.Optional(ReportMetaSchema),
      storeA: Type.String(),
      storeB: Type.String(),
      objects: List(
        Type.Object(
          {
            change: Type.Union([Type.Literal('added'), Type.Literal('removed'), Type.Literal('changed')]),
            kind: Type.String(),
            path: Type.String(),
            guid: Type.String(),
            matchedBy: Type.Optional(Type.Union([Type.Literal('guid'), Type.Literal('name')])),
            beforeGuid: Type.Optional(Type.String()),
            fields: List(Type.Object({ field: Type.String(), before: Type.String(), after: Type.String() }, closed)),
            lists: List(Type.Object({ field: Type.String(), removed: List(ListValue), added: List(ListValue) }, closed)),
          },
          closed,
        ),
      ),
      access: List(AccessChangeSchema),
      combined: List(CombinedChangeSchema),
      consequences: List(Type.String(), { description: 'What a scope renamed or deleted does on the host: the VMs bound to it fall back to the application level' }),
      same: Type.Boolean(),
    },
    { ...closed, $id: 'StoreDiff' },
  ),
)

export const ACCESS_SCHEMAS = [OperationRefSchema, BecauseSchema, WhyNotSchema, CheckResult, WhoCanSchema, WhatCanSchema, MatrixSchema, DiffSchema] as const
