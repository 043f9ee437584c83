import { Type, type Static } from '@sinclair/typebox'
import { List } from '../json/schema-types.js'
import { MESSAGE } from '../json/schema-messages.js'

/** The format tag of an expiry sidecar file. */
export const EXPIRY_FORMAT = 'azman-expiry/1'

const ENTRY_SHAPE = '{"app", "scope"?, "roleAssignment": {"name", "guid"}, "sid", "expiresAt", "addedBy"?}'

/** A non-empty string, with the messages of a required text field. */
const Text = (description: string) => Type.String({ description, pattern: '\\S', [MESSAGE]: { type: 'must be a string', required: 'is required (a string)', default: 'must not be empty' } })

/** The role assignment an entry's member belongs to: its name when the expiry was set, and its GUID (which names it for good). */
export const ExpiryRoleAssignmentSchema = Type.Object(
  {
    name: Text('The role assignment name when the expiry was set'),
    guid: Type.String({
      description: 'The role assignment GUID',
      pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
      [MESSAGE]: { required: 'is required (a GUID)', default: 'must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)' },
    }),
  },
  { additionalProperties: false, [MESSAGE]: { type: 'must be an object: {"name", "guid"}', unknown: 'is not a field of a role assignment' } },
)

/** One member that leaves a role assignment at a time. */
export const ExpiryEntrySchema = Type.Object(
  {
    app: Text('The application'),
    scope: Type.Optional(Text('The scope; absent at application level')),
    roleAssignment: ExpiryRoleAssignmentSchema,
    sid: Type.String({ description: 'The member SID (S-1-...)', pattern: '^[Ss]-1-\\d+(-\\d+)*$', [MESSAGE]: { required: 'is required (a SID)', default: 'must be a SID (S-1-...)' } }),
    expiresAt: Type.String({
      description: 'When the member leaves: an ISO 8601 time, UTC',
      pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$',
      [MESSAGE]: { required: 'is required (an ISO 8601 UTC time)', default: 'must be an ISO 8601 UTC time such as 2025-01-31T18:00:00.000Z' },
    }),
    addedBy: Type.Optional(Text('The id of the journal entry of the write that added the member (absent when the member was there already, or the store keeps no journal)')),
  },
  { additionalProperties: false, [MESSAGE]: { type: `must be an object: ${ENTRY_SHAPE}`, unknown: 'is not a field of an expiry entry' } },
)

/** The sidecar file `<store>.expiry.json`: every member with an expiry, in the order they were added. */
export const ExpiryFileSchema = Type.Object(
  {
    format: Type.Literal(EXPIRY_FORMAT, { [MESSAGE]: { required: `must be "${EXPIRY_FORMAT}"`, default: `must be "${EXPIRY_FORMAT}"` } }),
    entries: List(ExpiryEntrySchema, { [MESSAGE]: { type: `is required (an array of ${ENTRY_SHAPE})`, required: `is required (an array of ${ENTRY_SHAPE})` } }),
  },
  { additionalProperties: false, [MESSAGE]: { type: `an expiry file is a JSON object {"format": "${EXPIRY_FORMAT}", "entries": [...]}`, unknown: 'is not a field of an expiry file' } },
)

export type ExpiryEntry = Static<typeof ExpiryEntrySchema>
export type ExpiryFile = Static<typeof ExpiryFileSchema>
