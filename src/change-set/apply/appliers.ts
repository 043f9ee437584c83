import type { Change, ChangeType } from '../change.js'
import type { Applier } from './applier.js'
import { GROUP_APPLIERS } from './group.js'
import { OPERATION_APPLIERS } from './operation.js'
import { ROLE_ASSIGNMENT_APPLIERS } from './role-assignment.js'
import { SCOPE_APPLIERS } from './scope.js'
import { TASK_APPLIERS } from './task.js'

/**
 * The applier of every change type, gathered from the tables of each kind of
 * object. A change type is added in its kind's file (`operation.ts`,
 * `task.ts`, `role-assignment.ts`, `scope.ts`, `group.ts`): each table is
 * checked against the change types its name pattern picks from
 * {@link ChangeType}, and this one against them all, so nothing here changes
 * unless a new kind of object comes.
 */
export const APPLIERS: { readonly [T in ChangeType]: Applier<Extract<Change, { type: T }>> } = {
  ...OPERATION_APPLIERS,
  ...TASK_APPLIERS,
  ...ROLE_ASSIGNMENT_APPLIERS,
  ...SCOPE_APPLIERS,
  ...GROUP_APPLIERS,
}
