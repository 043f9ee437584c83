import { Type } from '@sinclair/typebox'
import { AccessChangeSchema, CombinedChangeSchema } from './access.js'
import { JournalEntry } from './plan.js'
import { List } from './types.js'

/** A journal entry of the change feed: the entry as GET /stores/{store}/history gives it (with its summary), and the effective-access delta of its two versions. */
export const FeedEntrySchema = Type.Object(
  {
    ...JournalEntry.properties,
    access: List(AccessChangeSchema, { description: 'Who gained or lost which operation where, as azman diff computes it between the before and after versions' }),
    combined: List(CombinedChangeSchema, { description: 'Operations whose access may change for tokens of several SIDs (see azman diff)' }),
    outside: Type.Optional(
      Type.Object(
        {
          from: Type.String({ description: 'The version the entry before left the store at' }),
          to: Type.String({ description: "The version this entry found (its 'before')" }),
          access: List(AccessChangeSchema, { description: 'Who gained or lost which operation where through that change' }),
          combined: List(CombinedChangeSchema, { description: 'Operations whose access may change for tokens of several SIDs' }),
        },
        {
          additionalProperties: false,
          description: "Present when the store was changed outside azman since the entry before (that entry's 'after' is not this entry's 'before'): that change's access delta",
        },
      ),
    ),
  },
  { $id: 'FeedEntry', additionalProperties: false },
)

/** One answer of `GET /stores/{store}/changes`. */
export const FeedPageSchema = Type.Object(
  {
    entries: List(Type.Ref(FeedEntrySchema), { description: 'The entries after `since`, oldest first; empty when the wait ended with none' }),
    next: Type.Optional(Type.String({ description: 'Present when more entries follow: ask again with since=<next>' })),
    last: Type.Union([Type.String(), Type.Null()], { description: "The journal's last entry id (null: no entry); since=<last> then waits for newer ones only" }),
  },
  { $id: 'FeedPage', additionalProperties: false },
)

export const CHANGES_SCHEMAS = [FeedEntrySchema, FeedPageSchema] as const
