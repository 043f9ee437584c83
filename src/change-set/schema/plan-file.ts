import { Type } from '@sinclair/typebox'
import { List } from '../../json/schema-types.js'
import { MESSAGE } from '../../json/schema-messages.js'
import { PLAN_FORMAT } from '../plan.js'

/**
 * A saved plan as `azman plan --out` writes it and `azman apply` reads it
 * back: what makes it a plan. Its `changes` are read as a change set's
 * (`parse-change-set.ts`); its other fields (`store`, `results`, `warnings`)
 * are for people and not read.
 */
export const SavedPlanSchema = Type.Object({
  format: Type.Literal(PLAN_FORMAT),
  baseVersion: Type.String({
    description: 'The store version the plan was made on',
    [MESSAGE]: { default: 'a plan must say which store version it was made on', required: 'a plan must say which store version it was made on' },
  }),
  guids: List(Type.String(), { description: 'GUIDs given to new objects, in order', [MESSAGE]: { default: 'must be an array of GUIDs', required: 'must be an array of GUIDs', whole: true } }),
  edits: List(Type.Unknown(), { description: 'The edits the plan promised', [MESSAGE]: { default: 'must be an array', required: 'must be an array', whole: true } }),
})
