import { Type } from '@sinclair/typebox'
import { List } from '../json/schema-types.js'
import { MESSAGE } from '../json/schema-messages.js'
import { ROLES } from './roles.js'

/** The format tag of a tokens file. */
export const TOKENS_FORMAT = 'azman-tokens/1'

/** Token names: what the journal shows as the actor (1 to 64 characters). */
export const TOKEN_NAME = '^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$'

/** The same message whether the field is missing or wrong. */
const says = (message: string) => ({ [MESSAGE]: { required: message, default: message } })

/**
 * One entry of `tokens`: never the token, only its hash. Fields it does not
 * name are ignored (as they always were).
 */
export const TokenRecordSchema = Type.Object(
  {
    name: Type.String({ pattern: TOKEN_NAME, description: 'Who uses the token; the journal shows it as the actor', ...says('is not a token name') }),
    role: Type.Union(
      ROLES.map((r) => Type.Literal(r)),
      { description: 'What the token may do', ...says(`is not one of ${ROLES.join(', ')}`) },
    ),
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the token, 64 hex digits', ...says('is not 64 hex digits') }),
    created: Type.String({ description: 'ISO 8601 time the token was made', ...says('is not a time') }),
  },
  { [MESSAGE]: { type: 'is not an object' } },
)

/**
 * A tokens file without its entries' schema: the file is read field by
 * field, each entry checked in turn after the file's own fields (a name used
 * twice is found between an entry's name and its role).
 */
export const TokenFileShellSchema = Type.Object(
  {
    format: Type.Literal(TOKENS_FORMAT, says(`is not "${TOKENS_FORMAT}"`)),
    tokens: List(Type.Unknown(), { [MESSAGE]: { type: 'is not an array', required: 'is not an array' } }),
  },
  { [MESSAGE]: { type: 'it is not a JSON object' } },
)
