import type { ComponentType } from 'preact'
import type { Api } from '../api/client'
import type { Session } from '../api/types'
import { HistoryView } from './history'
import { QuestionsView } from './questions'
import { may } from '../session'
import { DelegateView } from './delegate'
import { AuditView } from './audit'
import { TreeView } from './tree'

/** What every view is given. */
export interface ViewProps {
  readonly api: Api
  readonly session: Session
  readonly store: string
  /**
   * Switches to another view; `focus` is what it shows first: for the tree, the key of a node
   * ({@link nodeKey}), which it opens and selects.
   */
  readonly go: (view: ViewId, focus?: string) => void
  /** What another view asked this one to show first (see `go`). */
  readonly focus?: string
}

export type ViewId = 'tree' | 'delegate' | 'questions' | 'audit' | 'history'

export interface ViewEntry {
  readonly id: ViewId
  readonly title: string
  readonly offered: (session: Session) => boolean
  readonly Component: ComponentType<ViewProps>
}

/** The console's views, in the order of its menu; each offered only to the roles that may use it. */
export const VIEWS: readonly ViewEntry[] = [
  { id: 'tree', title: 'Store', offered: () => true, Component: TreeView },
  { id: 'delegate', title: 'Delegate', offered: may.write, Component: DelegateView },
  { id: 'questions', title: 'Questions', offered: () => true, Component: QuestionsView },
  { id: 'audit', title: 'Audit', offered: may.audit, Component: AuditView },
  { id: 'history', title: 'History', offered: () => true, Component: HistoryView },
]
