import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { snapshotAt } from '../history/at-time.js'
import type { StoreSnapshot } from '../store/port.js'

/**
 * `?at=`, the REST form of `--at`: the read routes that take it (the store,
 * check, who-can, what-can, the matrix) answer from the version the store held
 * at that time or right after that journal entry, read from its version
 * archive, with that version as ETag.
 */
export const AtParam = Type.String({
  minLength: 1,
  maxLength: 64,
  description:
    'Answer from the store as it was at this ISO 8601 time (2026-12-03T08:30:00Z) or right after this journal entry (GET /stores/{store}/history): 400 for a time in the future, one that does not parse or one before the first entry, 404 for an unknown entry, 409 AZMAN_ERR_CONFLICT_UNJOURNALED when the store was changed outside azman after that point',
})

/** The store `name` as it is, or as it was at `at`. */
export async function snapshotOf(fastify: FastifyInstance, name: string, at: string | undefined): Promise<StoreSnapshot> {
  const store = fastify.azman.store(name)
  return at === undefined ? store.load() : snapshotAt(store, at)
}
