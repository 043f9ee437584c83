import type { JsonValue, RollbackOptions } from '../store/port.js'

/**
 * What the journal records as a rollback's `changes`, the same for every kind
 * of store: `{"rollbackTo": id}` or `{"rollbackBefore": id}`, with
 * `"allowBroad": true` when the rollback was allowed to grant to a broad
 * principal (as an applied change set records it).
 */
export function rollbackChanges(id: string, options: Pick<RollbackOptions, 'before' | 'allowBroad'>): JsonValue {
  const target = options.before === true ? { rollbackBefore: id } : { rollbackTo: id }
  return options.allowBroad === true ? { ...target, allowBroad: true } : target
}
