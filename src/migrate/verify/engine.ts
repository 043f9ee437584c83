import type { Symmetry } from './symmetry.js'

/** A target's engine as the comparison asks it: may this token do this action here? */
export interface MigrationEngine {
  readonly name: string
  /**
   * @param token the SIDs of a client context, canonical and each once, the first the user's
   * @param scope a scope name, or null for the application level
   * @param action the action id of an operation (`op:<name>`)
   */
  decide(token: readonly string[], scope: string | null, action: string): boolean
  /**
   * What the engine's files treat alike at a place, read from the files themselves (so an edit
   * cannot hide a case); undefined, or no method: nothing is known, every case there is asked.
   */
  symmetry?(scope: string | null): Symmetry | undefined
}
