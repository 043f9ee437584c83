import type { Problem } from './types'

/** A refusal or failure of the API, with its status and stable code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The whole problem document, for what a view shows of it (a conflict's details). */
    readonly problem: Readonly<Record<string, unknown>>,
  ) {
    super(message)
  }
}

/** What a write sends besides its body. */
export interface WriteOptions {
  /** The journal's reason (the `Azman-Reason` header, RFC 8187 encoded). */
  readonly reason?: string
  /** The store version the write was planned on (`If-Match`). */
  readonly ifMatch?: string
  readonly query?: Readonly<Record<string, string>>
}

/** An answer's body and the store version it was made at (its ETag). */
export interface Answer<T> {
  readonly body: T
  readonly etag: string | undefined
}

/** The REST API with one token: every call sends it as a header, never in a URL. */
export interface Api {
  get<T>(path: string, query?: Readonly<Record<string, string>>): Promise<Answer<T>>
  send<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body: unknown, options?: WriteOptions): Promise<Answer<T>>
}

/** A path of URL-encoded segments: `path('stores', name)` is `/stores/<name>`. */
export function path(...segments: readonly string[]): string {
  return `/${segments.map(encodeURIComponent).join('/')}`
}

function withQuery(url: string, query: Readonly<Record<string, string>> | undefined): string {
  const q = new URLSearchParams(query ?? {}).toString()
  return q === '' ? url : `${url}?${q}`
}

/** A reason as `Azman-Reason` carries it from a client that sends ASCII only (RFC 8187). */
export function encodeReason(reason: string): string {
  return `UTF-8''${encodeURIComponent(reason)}`
}

async function answer<T>(response: Response): Promise<Answer<T>> {
  const text = await response.text()
  let body: unknown
  try {
    body = text === '' ? undefined : JSON.parse(text)
  } catch {
    body = undefined
  }
  if (!response.ok) {
    const problem = (typeof body === 'object' && body !== null ? body : {}) as Partial<Problem> & Record<string, unknown>
    const detail = typeof problem.detail === 'string' ? problem.detail : `${response.status} ${response.statusText}`
    throw new ApiError(response.status, typeof problem.code === 'string' ? problem.code : 'AZMAN_ERR_HTTP', detail, problem)
  }
  return { body: body as T, etag: response.headers.get('etag') ?? undefined }
}

export function createApi(token: string): Api {
  const headers = (extra: Record<string, string> = {}): Record<string, string> => ({ authorization: `Bearer ${token}`, accept: 'application/json', ...extra })
  return {
    async get<T>(url: string, query?: Readonly<Record<string, string>>) {
      return answer<T>(await fetch(withQuery(url, query), { headers: headers(), cache: 'no-store', credentials: 'omit' }))
    },
    async send<T>(method: 'POST' | 'PATCH' | 'DELETE', url: string, body: unknown, options: WriteOptions = {}) {
      const extra: Record<string, string> = { 'content-type': 'application/json' }
      if (options.reason !== undefined && options.reason !== '') extra['azman-reason'] = encodeReason(options.reason)
      if (options.ifMatch !== undefined) extra['if-match'] = options.ifMatch
      const init: RequestInit = { method, headers: headers(extra), body: JSON.stringify(body ?? {}), cache: 'no-store', credentials: 'omit' }
      return answer<T>(await fetch(withQuery(url, options.query), init))
    },
  }
}
