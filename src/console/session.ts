import { createApi, type Api } from './api/client'
import type { Session } from './api/types'

/** Where the token is kept: this tab's session storage only (never local storage, a cookie or a URL). */
const KEY = 'azman.token'

export interface SignedIn {
  readonly api: Api
  readonly session: Session
}

/** Signs in with a token: asks the API whose it is; the token is kept for this tab only when it is valid. */
export async function signIn(token: string): Promise<SignedIn> {
  const api = createApi(token.trim())
  const { body } = await api.get<Session>('/me')
  sessionStorage.setItem(KEY, token.trim())
  return { api, session: body }
}

/** The token this tab signed in with, if any. */
export function savedToken(): string | undefined {
  return sessionStorage.getItem(KEY) ?? undefined
}

export function signOut(): void {
  sessionStorage.removeItem(KEY)
}

/** What a role may do in the console. */
export const may = {
  write: (s: Session) => s.role === 'operator',
  audit: (s: Session) => s.role !== 'reader',
}
