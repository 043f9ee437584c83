import { useState } from 'preact/hooks'
import { ErrorBox } from '../parts/error-box'
import { signIn, type SignedIn } from '../session'

/** Sign in with an API token (`azman token add`, or the one `npm start` printed). */
export function SignInView({ onSignedIn }: { onSignedIn: (s: SignedIn) => void }) {
  const [token, setToken] = useState('')
  const [error, setError] = useState<unknown>(undefined)
  const [busy, setBusy] = useState(false)
  const submit = (e: Event) => {
    e.preventDefault()
    setBusy(true)
    setError(undefined)
    signIn(token).then(onSignedIn, (err: unknown) => {
      setError(err)
      setBusy(false)
    })
  }
  return (
    <main class="sign-in">
      <h1>azman console</h1>
      <form onSubmit={submit}>
        <label for="token">API token</label>
        <input id="token" name="token" type="password" autoComplete="off" required value={token} onInput={(e) => setToken(e.currentTarget.value)} />
        <p class="hint">The token is kept in this tab only, and sent to this server as a header.</p>
        <button type="submit" disabled={busy || token.trim() === ''}>
          Sign in
        </button>
      </form>
      {error !== undefined && <ErrorBox error={error} title="Not signed in" />}
    </main>
  )
}
