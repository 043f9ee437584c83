import { Type, type TString } from '@sinclair/typebox'
import { NAME_LIMIT, type ObjectKind } from '../../model/limits.js'
import { REASON_HEADER_LIMIT, REASON_LIMIT } from '../reason-header.js'
import { List } from './types.js'

/** RFC 9457 problem details, with azman's stable error code. */
export const Problem = Type.Object(
  {
    type: Type.String({ description: 'A URI naming the kind of problem: `urn:azman:error:<code>`' }),
    title: Type.String({ description: 'What kind of problem, in a few words (the HTTP status text)' }),
    status: Type.Integer({ description: 'The HTTP status code' }),
    detail: Type.String({ description: 'What went wrong and what to do, for a person' }),
    code: Type.String({ description: 'Stable machine-readable code, e.g. `AZMAN_ERR_CONFLICT_PRECONDITION`' }),
    instance: Type.Optional(Type.String({ description: 'The request id (also in the `X-Request-Id` header and the server log)' })),
  },
  { $id: 'Problem', additionalProperties: false },
)

/** Operations and members as changes name them: the change set's own schemas (`change-set/schema/shared.ts`). */
export { OperationId, OperationRef, PrincipalRef } from '../../change-set/schema/shared.js'

export const Names = List(Type.String({ minLength: 1 }))

export const StoreName = Type.String({ minLength: 1, maxLength: 64, description: 'A store name from the server configuration' })

/** Path parameters. Names are matched without regard to case, as in AzMan. */
export const StoreParams = Type.Object({ store: StoreName })
/**
 * A name in a path, held to AzMan's limit for its kind (`NAME_LIMIT`, in
 * characters): a longer one is 400, never looked for. An object whose name
 * is longer (a store from elsewhere) or too long for a URL is addressed by
 * GUID (`?byGuid=`).
 */
export function PathName(kind: ObjectKind, description: string): TString {
  return Type.String({ minLength: 1, maxLength: NAME_LIMIT[kind], description: `${description}, at most ${NAME_LIMIT[kind]} characters (or its GUID, with ?byGuid=)` })
}
export const AppName = PathName('application', 'Application name')
export const ScopeName = PathName('scope', 'Scope name')
export const AppParams = Type.Object({ store: StoreName, app: AppName })
export const ScopeParams = Type.Object({ store: StoreName, app: AppName, scope: ScopeName })

/** Headers every write takes. */
export const WriteHeaders = Type.Object({
  'if-match': Type.Optional(
    Type.String({
      pattern: '^[\\s,]*(\\*|(W/)?"[^"]*"([\\s,]*,[\\s,]*(W/)?"[^"]*")*)[\\s,]*$',
      description:
        'Write only if the store is at this version: an ETag as the server sent it ("sha256:..."), or a comma-separated list of them (any will do, RFC 9110 §13.1.1), or * for any; a weak tag (W/"...") never matches',
    }),
  ),
  'azman-reason': Type.Optional(
    Type.String({
      maxLength: REASON_HEADER_LIMIT,
      description: `Why, e.g. a ticket number; recorded in the journal. UTF-8: the text's bytes as they are, or UTF-8''<percent-encoded UTF-8> (RFC 8187) from a client that sends ASCII only. At most ${REASON_LIMIT} characters, no control characters; otherwise 400`,
    }),
  ),
})

/** Query parameters every write takes. */
/** How much of a plan an answer shows (`?detail=`): its edits by kind, name and place (the default), or in full. */
export const PlanDetailQuery = Type.Union([Type.Literal('summary'), Type.Literal('full')], {
  description: "`summary` (the default): edits by kind, name and place; `full`: the model's edits in full, as a saved plan (azman plan --out) holds them",
})

export const WriteQuery = Type.Object(
  {
    dryRun: Type.Optional(Type.Boolean({ description: 'Plan only: answer the plan and write nothing' })),
    force: Type.Optional(Type.Boolean({ description: "Allow removing BUILTIN\\Administrators' last full access" })),
    allowBroad: Type.Optional(Type.Boolean({ description: 'Allow granting to Everyone, Domain Users and other broad principals (refused with 400 otherwise); the journal records the allowance' })),
    detail: Type.Optional(PlanDetailQuery),
  },
  { additionalProperties: false },
)

export const ReadHeaders = Type.Object({
  'if-none-match': Type.Optional(Type.String({ description: 'The ETag of a copy the client has: 304 when the store is still at it' })),
})
