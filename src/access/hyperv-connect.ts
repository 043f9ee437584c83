import type { Operation } from '../model/policy.js'
import type { AccessIndex } from './index/access-index.js'
import { makeToken, type Token } from './token.js'

/** Hyper-V Manager cannot connect without these at application level: Read Service Configuration, View Virtual Switch Management Service. */
export const HYPERV_CONNECT_OPERATIONS = [100, 295] as const

/** The SIDs every logged-on user's token holds besides its own: Everyone and Authenticated Users. */
export const LOGGED_ON_SIDS = ['S-1-1-0', 'S-1-5-11'] as const

/**
 * The operations (by OperationID) a principal cannot get at application
 * level, as AccessCheck decides for a token of that SID plus Everyone and
 * Authenticated Users (so grants through application groups and through those
 * broad SIDs count). An operation granted only conditionally (business rule,
 * LDAP-query group) is not counted as missing; one the application does not
 * define is left out.
 */
export function missingAtApplicationLevel(index: AccessIndex, sid: string, ids: readonly number[]): Operation[] {
  return missingForToken(index, makeToken([sid, ...LOGGED_ON_SIDS]), ids)
}

/**
 * The operations (by OperationID) a whole token cannot get at application
 * level: denied outright (an operation granted only conditionally is not
 * counted as missing; one the application does not define is left out).
 * `azman host check` passes a token built from a host's facts.
 */
export function missingForToken(index: AccessIndex, token: Token, ids: readonly number[]): Operation[] {
  const table = index.context.operations
  const where = index.where()
  return ids
    .map((id) => table.indexOfId(id))
    .filter((op): op is number => op !== undefined && index.decide(token, where, op) === 'denied')
    .map((op) => table.operation(op))
}

/**
 * The connect operations (100, 295) a principal cannot get at application
 * level ({@link missingAtApplicationLevel}); undefined when the application
 * does not define both operations (it is not Hyper-V's).
 */
export function missingConnectOperations(index: AccessIndex, sid: string): Operation[] | undefined {
  if (HYPERV_CONNECT_OPERATIONS.some((id) => index.context.operations.indexOfId(id) === undefined)) return undefined
  return missingAtApplicationLevel(index, sid, HYPERV_CONNECT_OPERATIONS)
}
