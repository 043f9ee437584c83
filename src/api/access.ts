import { AccessIndex } from '../access/index/access-index.js'
import { checkAccess as checkWithIndex } from '../access/check.js'
import type { AccessResult } from '../access/explain/explain-access.js'
import { whatCan as whatCanWithIndex, type ScopeAccess } from '../access/queries/what-can.js'
import { whoCan as whoCanWithIndex, type WhoCanResult } from '../access/queries/who-can.js'
import { makeToken } from '../access/token.js'
import type { PolicyStore } from '../model/policy.js'

/** Where an access question is asked: an application and, optionally, one of its scopes. */
export interface AccessPlace {
  /** The application's name (compared without regard to case). */
  readonly application: string
  /** A scope's name; undefined or `""`: the application level. */
  readonly scope?: string | undefined
}

/** What {@link checkAccess} decides: AccessCheck's inputs, by OperationID or name. */
export interface CheckQuery extends AccessPlace {
  /** The whole token: every SID the caller holds (nothing is added; BUILTIN SIDs count as held). */
  readonly sids: Iterable<string>
  /** OperationIDs (numbers or decimal text) or operation names. */
  readonly operations: readonly (number | string)[]
  /** Build the proof of each decision (`because`). Default false: decisions only. */
  readonly explain?: boolean
  /** For each decision not granted, its nearest misses (`whyNot`), at most this many (0 to 100). Default 0: none (docs/access-evaluation.md#65-why-not). */
  readonly whyNot?: number
}

/**
 * AzMan's AccessCheck, emulated off Windows (docs/access-evaluation.md): one result per requested
 * operation, in request order, each `granted`, `conditional` (a BizRule or an LDAP-query group
 * decides at run time) or `denied`, with the proof when `explain` is set. Each call builds the
 * application's access index (time linear in the application's size), then decides each operation in
 * O(token size x entries per SID).
 *
 * @throws NotFoundError `AZMAN_ERR_NOT_FOUND` for an unknown application, scope or operation.
 * @throws UsageError `AZMAN_ERR_USAGE` for a `whyNot` that is not a whole number from 0 to 100.
 * @throws AccessLimitError `AZMAN_ERR_ACCESS_TOO_COMPLEX` or AccessTooDeepError
 *   `AZMAN_ERR_ACCESS_TOO_DEEP` for group nesting azman refuses to evaluate.
 */
export function checkAccess(policy: PolicyStore, query: CheckQuery): AccessResult[] {
  const index = AccessIndex.build(policy, query.application)
  return checkWithIndex(index, {
    scope: query.scope,
    sids: query.sids,
    operations: query.operations,
    ...(query.explain === undefined ? {} : { explain: query.explain }),
    ...(query.whyNot === undefined ? {} : { whyNot: query.whyNot }),
  })
}

/** What {@link whoCan} looks up. */
export interface WhoCanQuery extends AccessPlace {
  /** An OperationID (number or decimal text) or an operation name. */
  readonly operation: number | string
  /** Include the proof for each principal. Default true. */
  readonly explain?: boolean
}

/**
 * Who can perform one operation in a scope or at application level: every SID the store names as a
 * member of a role assignment that applies there (each taken as a token of its own), granted or
 * conditional; the application groups access flows through; and the non-members that cut a granting
 * chain. Members of Windows groups are not expanded (that needs the directory).
 *
 * @throws NotFoundError `AZMAN_ERR_NOT_FOUND` for an unknown application, scope or operation.
 * @throws AccessLimitError, AccessTooDeepError as {@link checkAccess}.
 */
export function whoCan(policy: PolicyStore, query: WhoCanQuery): WhoCanResult {
  const index = AccessIndex.build(policy, query.application)
  const where = index.where(query.scope)
  return whoCanWithIndex(index, where, index.operation(query.operation), query.explain === undefined ? {} : { explain: query.explain })
}

/** What {@link whatCan} looks up. */
export interface WhatCanQuery {
  /** The application's name (compared without regard to case). */
  readonly application: string
  /** The whole token: every SID the caller holds. */
  readonly sids: Iterable<string>
  /** Include the proof for each operation. Default true. */
  readonly explain?: boolean
}

/**
 * What a token can do in an application: for the application level and each scope (in document
 * order), the operations granted and those granted on a run-time condition. A scope's lists include
 * what the application level grants there.
 *
 * @throws NotFoundError `AZMAN_ERR_NOT_FOUND` for an unknown application.
 * @throws AccessLimitError, AccessTooDeepError as {@link checkAccess}.
 */
export function whatCan(policy: PolicyStore, query: WhatCanQuery): ScopeAccess[] {
  const index = AccessIndex.build(policy, query.application)
  return whatCanWithIndex(index, makeToken(query.sids), query.explain === undefined ? {} : { explain: query.explain })
}
