import { Ajv, type ValidateFunction } from 'ajv'
import { InvalidChangeError } from '../errors/change-errors.js'
import { declareSchemaKeywords, firstProblem, schemaRefs } from '../json/schema-messages.js'
import { SavedPlanSchema } from './schema/plan-file.js'
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

let validate: ValidateFunction | undefined

/** What makes a saved plan a plan, checked against {@link SavedPlanSchema} (its changes are read as a change set's). */
function assertSavedPlan(value: Record<string, unknown>): void {
  if (validate === undefined) {
    const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false })
    declareSchemaKeywords(ajv)
    validate = ajv.compile(SavedPlanSchema)
  }
  if (validate(value)) return
  const { path, message } = firstProblem(validate.errors ?? [], value, SavedPlanSchema, { refs: schemaRefs([]), unknownField: 'is not a field of a plan', base: '$' })
  throw new InvalidChangeError('AZMAN_ERR_CHANGE_SET_INVALID', `${path}: ${message}`)
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
    assertSavedPlan(v)
    const { baseVersion, guids, edits, changes } = v as { baseVersion: string; guids: readonly string[]; edits: readonly unknown[]; changes: unknown }
    return { kind: 'plan', plan: { baseVersion, changeSet: yield* parseChangeSetSteps({ changes }), guids, edits } }
  }
  return { kind: 'changes', changeSet: yield* parseChangeSetSteps(value) }
}
