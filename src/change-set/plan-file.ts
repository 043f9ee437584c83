import { InvalidChangeError } from '../errors/change-errors.js'
import type { ChangeSet } from './change.js'
import { parseChangeSetSteps } from './parse-change-set.js'
import { finish, finishCooperatively, type Steps } from '../model/steps.js'
import { PLAN_FORMAT } from './plan.js'

/** A plan read back from a file: what to replay, and the edits it promised. */
export interface SavedPlan {
  readonly baseVersion: string
  readonly changeSet: ChangeSet
  readonly guids: readonly string[]
  /** The edits as saved; the replay must produce exactly these. */
  readonly edits: unknown
}

export type ChangeInput = { readonly kind: 'plan'; readonly plan: SavedPlan } | { readonly kind: 'changes'; readonly changeSet: ChangeSet }

function invalid(message: string): InvalidChangeError {
  return new InvalidChangeError('AZMAN_ERR_CHANGE_SET_INVALID', message)
}

/** Reads what `azman apply` accepts: a saved plan (`"format": "azman-plan/1"`) or a bare change set. */
export function parseChangeInput(value: unknown): ChangeInput {
  return finish(parseChangeInputSteps(value))
}

/** {@link parseChangeInput}, letting the event loop run other work every few milliseconds (for long-running processes). */
export function parseChangeInputCooperatively(value: unknown): Promise<ChangeInput> {
  return finishCooperatively(parseChangeInputSteps(value))
}

/** {@link parseChangeInput} in steps (see `model/steps.ts`). */
export function* parseChangeInputSteps(value: unknown): Steps<ChangeInput> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { format?: unknown }).format === PLAN_FORMAT) {
    const v = value as Record<string, unknown>
    const { baseVersion, guids, edits, changes } = v
    if (typeof baseVersion !== 'string') throw invalid('$.baseVersion: a plan must say which store version it was made on')
    if (!Array.isArray(guids) || !guids.every((g): g is string => typeof g === 'string')) throw invalid('$.guids: must be an array of GUIDs')
    if (!Array.isArray(edits)) throw invalid('$.edits: must be an array')
    return { kind: 'plan', plan: { baseVersion, changeSet: yield* parseChangeSetSteps({ changes }), guids, edits } }
  }
  return { kind: 'changes', changeSet: yield* parseChangeSetSteps(value) }
}
