import { Type, type Static } from '@sinclair/typebox'
import { MESSAGE } from '../json/schema-messages.js'
import { List } from '../json/schema-types.js'

/** One entry of a names file's list form: a SID and its name. Other fields are ignored. */
export const NamesEntrySchema = Type.Object(
  {
    sid: Type.String({ description: 'The SID (S-1-5-21-...)', [MESSAGE]: { type: 'is not a string', required: 'is missing' } }),
    name: Type.String({ description: 'The name to show for it, e.g. CONTOSO\\alice', [MESSAGE]: { type: 'is not a string', required: 'is missing' } }),
  },
  { description: 'A SID and its name', [MESSAGE]: { type: 'is not an object' } },
)

/**
 * A names file in JSON: either an object `{ "S-1-5-21-...": "CONTOSO\\alice" }`
 * or a list `[{ "sid": "S-1-5-21-...", "name": "CONTOSO\\alice" }]`.
 */
export const NamesJsonSchema = Type.Union(
  [Type.Record(Type.String(), Type.String({ [MESSAGE]: { default: 'is not a string' } }), { description: 'SID to name' }), List(NamesEntrySchema, { description: 'SID and name pairs' })],
  { description: 'A SID to name table', [MESSAGE]: { type: 'is neither an object of SID to name nor a list of {sid, name}' } },
)

/** One entry of a names file's list form. */
export type NamesEntry = Static<typeof NamesEntrySchema>

/** The JSON forms of a names file. */
export type NamesJson = Static<typeof NamesJsonSchema>
