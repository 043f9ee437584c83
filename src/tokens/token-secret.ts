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
