import { ApiError } from '../api/client'

/** A refusal or failure, in words: the API's code and detail as it gave them (rendered as text). */
export function ErrorBox({ error, title }: { error: unknown; title?: string }) {
  const status = error instanceof ApiError ? error.status : undefined
  const code = error instanceof ApiError ? error.code : undefined
  const message = error instanceof Error ? error.message : String(error)
  return (
    <div class="error" role="alert" data-status={status} data-code={code}>
      <strong>{title ?? (status === 403 ? 'Not allowed' : status === 412 || status === 409 ? 'Conflict' : 'Error')}</strong>
      {status !== undefined && (
        <span class="code">
          {' '}
          {status} {code}
        </span>
      )}
      <p>{message}</p>
    </div>
  )
}
