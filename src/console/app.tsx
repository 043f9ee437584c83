import { useEffect, useState } from 'preact/hooks'
import { ApiError } from './api/client'
import type { StoreListing } from './api/types'
import { ErrorBox } from './parts/error-box'
import { may, savedToken, signIn, signOut, type SignedIn } from './session'
import { SignInView } from './views/sign-in'
import { VIEWS, type ViewId } from './views/registry'

/** The console: sign-in, then a store picker and the views the token's role allows. */
export function App() {
  const [signedIn, setSignedIn] = useState<SignedIn | undefined>(undefined)
  const [resuming, setResuming] = useState(savedToken() !== undefined)
  useEffect(() => {
    const token = savedToken()
    if (token === undefined) return
    signIn(token)
      .then(setSignedIn, () => signOut())
      .finally(() => setResuming(false))
  }, [])
  if (resuming) return <p class="loading">Signing in…</p>
  if (signedIn === undefined) return <SignInView onSignedIn={setSignedIn} />
  return (
    <Console
      signedIn={signedIn}
      onSignOut={() => {
        signOut()
        setSignedIn(undefined)
      }}
    />
  )
}

function Console({ signedIn, onSignOut }: { signedIn: SignedIn; onSignOut: () => void }) {
  const { api, session } = signedIn
  const [stores, setStores] = useState<readonly string[] | undefined>(undefined)
  const [store, setStore] = useState<string | undefined>(undefined)
  const [{ view, focus }, setPlace] = useState<{ view: ViewId; focus?: string }>({ view: 'tree' })
  const go = (next: ViewId, target?: string) => setPlace(target === undefined ? { view: next } : { view: next, focus: target })
  const [error, setError] = useState<unknown>(undefined)
  useEffect(() => {
    api.get<StoreListing>('/stores').then(({ body }) => {
      const names = body.stores.map((s) => s.name)
      setStores(names)
      setStore((current) => current ?? names[0])
    }, setError)
  }, [api])
  const offered = VIEWS.filter((v) => v.offered(session))
  const current = offered.find((v) => v.id === view) ?? offered[0]
  return (
    <div class="console">
      <header class="bar">
        <h1>azman console</h1>
        <label>
          Store{' '}
          <select value={store ?? ''} onChange={(e) => setStore(e.currentTarget.value)} disabled={stores === undefined}>
            {(stores ?? []).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <span class="who" data-role={session.role}>
          {session.name} ({session.role}
          {may.write(session) ? '' : ', read only'})
        </span>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <nav class="views" aria-label="Views">
        {offered.map((v) => (
          <button key={v.id} type="button" aria-current={v.id === current?.id ? 'page' : undefined} onClick={() => go(v.id)}>
            {v.title}
          </button>
        ))}
      </nav>
      <main>
        {error !== undefined && <ErrorBox error={error} />}
        {error === undefined && stores?.length === 0 && <p>This server serves no store.</p>}
        {store !== undefined && current !== undefined && (
          <current.Component key={`${current.id}:${store}:${focus ?? ''}`} api={api} session={session} store={store} go={go} {...(focus === undefined ? {} : { focus })} />
        )}
      </main>
    </div>
  )
}

export { ApiError }
