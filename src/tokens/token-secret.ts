import * as crypto from 'node:crypto'
import { createHash, randomBytes } from 'node:crypto'

/** Every token starts with this, so secret scanners and people can tell one. */
export const TOKEN_PREFIX = 'azman_'

/** A new token: 256 random bits, base64url, after {@link TOKEN_PREFIX}. Shown once, never stored. */
export function newToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`
}

/** The SHA-256 of a token's text: what the tokens file keeps (hex). */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest()
}

/** `crypto.hash` (Node 20.12 and later): one call, no Hash object; the same digest as {@link hashToken}. */
const oneShot: ((algorithm: string, data: string, encoding: 'hex') => string) | undefined = typeof crypto.hash === 'function' ? crypto.hash : undefined

/** {@link hashToken} as 64 hex digits (as the tokens file writes it), at the cost of one call per request. */
export function tokenDigest(token: string): string {
  return oneShot === undefined ? hashToken(token).toString('hex') : oneShot('sha256', token, 'hex')
}
