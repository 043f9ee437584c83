import { BizRuleSpec } from '../../change-set/schema/shared.js'
import { ChangeSchema, ChangeSetSchema } from '../../change-set/schema/change-set.js'

/**
 * The change-set format (docs/change-sets.md) as the REST service takes it:
 * the change set's own schemas (`change-set/schema/`), one object per change
 * type, told apart by `type`, unknown fields refused. Routes that take change
 * sets also run them through `parseChangeSet`, so the CLI and the API accept
 * exactly the same documents (the REST schema also refuses empty names).
 */

export { BizRuleSpec }
export const Change = ChangeSchema
export const ChangeSet = ChangeSetSchema

/** The change schemas the service registers (the shared ones, `OperationRef` and `PrincipalRef`, are registered with the others). */
export const CHANGE_SCHEMAS = [BizRuleSpec, Change, ChangeSet] as const
