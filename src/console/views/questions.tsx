import { useEffect, useState } from 'preact/hooks'
import { path } from '../api/client'
import type { StoreView } from '../api/types'
import { ErrorBox } from '../parts/error-box'
import { CheckQuestion } from './questions/check'
import { WhatCanQuestion } from './questions/what-can'
import { WhoCanQuestion } from './questions/who-can'
import type { ViewProps } from './registry'

const QUESTIONS = [
  { id: 'check', title: 'Check', Component: CheckQuestion },
  { id: 'who-can', title: 'Who can', Component: WhoCanQuestion },
  { id: 'what-can', title: 'What can', Component: WhatCanQuestion },
] as const

/**
 * Access questions: check a principal's access with the proof drawn as a path (and why not),
 * who can do an operation in a place, what a principal can do. Every answer is the API's
 * (`GET {place}/access`, `{place}/who-can`, `{app}/what-can`); objects link to the tree.
 */
export function QuestionsView({ api, store, go }: ViewProps) {
  const [view, setView] = useState<StoreView | undefined>(undefined)
  const [error, setError] = useState<unknown>(undefined)
  const [question, setQuestion] = useState<(typeof QUESTIONS)[number]['id']>('check')
  useEffect(() => {
    api.get<StoreView>(path('stores', store)).then(({ body }) => setView(body), setError)
  }, [api, store])
  if (error !== undefined) return <ErrorBox error={error} />
  if (view === undefined) return <p class="loading">Loading the store…</p>
  if (view.applications.length === 0) return <p class="none">This store has no application to ask about.</p>
  const current = QUESTIONS.find((q) => q.id === question) ?? QUESTIONS[0]
  return (
    <div class="questions">
      <div class="question-picker" role="group" aria-label="Question">
        {QUESTIONS.map((q) => (
          <button key={q.id} type="button" aria-pressed={q.id === current.id} onClick={() => setQuestion(q.id)}>
            {q.title}
          </button>
        ))}
      </div>
      <current.Component key={current.id} api={api} store={store} view={view} go={go} />
    </div>
  )
}
