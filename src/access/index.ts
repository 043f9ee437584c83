/**
 * Access evaluation: AzMan's AccessCheck emulated off Windows, with proofs
 * (docs/access-evaluation.md). Build an {@link AccessIndex} once per (store,
 * application), then:
 * - {@link checkAccess}: decisions for a token, scope and operations, with `explain` for the proof;
 * - {@link AccessIndex.decide}: one decision, no proof, O(token size x entries per SID);
 * - {@link roleAssignmentGrants}: what one role assignment grants (certain / conditional, with paths) and to whom.
 */
export { AccessIndex, findApplication, type AccessIndexOptions } from './index/access-index.js'
export type { ContainerIndex, IndexedRoleAssignment } from './index/container-index.js'
export { checkAccess, type CheckRequest } from './check.js'
export { explainAccess, explainedResult, type AccessResult } from './explain/explain-access.js'
export { whyNot, WHY_NOT_DEFAULT, WHY_NOT_MAX, type InsteadGrant, type NearMiss, type NonMemberList, type WhyNot, type WouldGrant } from './explain/why-not.js'
export type { Because, Condition, GroupRef, MemberStep, PathStep, RoleAssignmentRef, BizRuleRef } from './explain/proof.js'
export { roleAssignmentGrants, type Holder, type OperationGrant, type RoleAssignmentGrants } from './grants.js'
export { makeToken, type Token } from './token.js'
export { canonicalSid } from '../model/sid.js'
export { decisionOf, type Decision } from './decision.js'
export type { OperationRef } from './operations/operation-table.js'
export { AccessLimitError, AccessTooDeepError, NotFoundError } from './access-errors.js'
