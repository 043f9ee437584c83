import type { GroupRef, MemberStep, PathStep, RoleAssignmentRef } from '../../api/types'
import { Principal } from '../../parts/principal'
import type { ViewProps } from '../registry'
import { nodeKey, type Place } from '../store-tree'

/** What a chain needs to link its objects to the tree. */
export interface ChainContext {
  readonly app: string
  readonly go: ViewProps['go']
}

/** A place from an application and a scope as the access answers give it (null: application level). */
export function placeOf(app: string, scope: string | null): Place {
  return scope === null ? { app } : { app, scope }
}

/** Where a scope name of an answer is, in words. */
export function where(scope: string | null): string {
  return scope === null ? 'application level' : `scope "${scope}"`
}

function groupPlace(app: string, group: GroupRef): Place {
  if (group.level === 'store') return {}
  return group.level === 'scope' ? placeOf(app, group.scope) : { app }
}

/** A button that opens an object in the store tree. */
export function TreeLink({ ctx, target, children }: { ctx: ChainContext; target: string; children: string }) {
  return (
    <button type="button" class="tree-link" title="Show in the store tree" onClick={() => ctx.go('tree', target)}>
      {children}
    </button>
  )
}

function MemberBox({ ctx, step }: { ctx: ChainContext; step: MemberStep }) {
  if (step.type === 'sid') {
    return (
      <li class="box principal-box" data-kind="principal">
        <span class="kind">principal</span> <Principal member={step} />
      </li>
    )
  }
  const level = step.level === 'store' ? 'store level' : where(step.level === 'scope' ? step.scope : null)
  return (
    <li class="box group-box" data-kind="group">
      <span class="kind">
        {step.groupType} group, {level}
      </span>{' '}
      <TreeLink ctx={ctx} target={nodeKey('group', groupPlace(ctx.app, step), step.name)}>
        {step.name}
      </TreeLink>
    </li>
  )
}

function PathBox({ ctx, step }: { ctx: ChainContext; step: PathStep }) {
  if (step.type === 'operation') {
    return (
      <li class="box operation-box" data-kind="operation">
        <span class="kind">operation</span>{' '}
        <TreeLink ctx={ctx} target={`${nodeKey('application', {}, ctx.app)}/operations`}>
          {`${step.id ?? ''} ${step.name}`.trim()}
        </TreeLink>
      </li>
    )
  }
  const kind = step.type === 'role-definition' ? 'role definition' : 'task'
  return (
    <li class="box task-box" data-kind={step.type}>
      <span class="kind">
        {kind}
        {step.bizRule === null ? '' : ', with a business rule'}
      </span>{' '}
      <TreeLink ctx={ctx} target={nodeKey(step.type, placeOf(ctx.app, step.scope), step.name)}>
        {step.name}
      </TreeLink>
    </li>
  )
}

/**
 * A proof drawn as a path: the membership chain (the principal, then the groups that make it a
 * member), the role assignment, then its role definitions and tasks down to the operation. An
 * ordered list, so a screen reader reads it in order; the arrows are drawn by the style sheet.
 * Either end may be missing (a why-not miss has only one side).
 */
export function Chain({
  ctx,
  member = [],
  roleAssignment,
  path = [],
  label,
}: {
  ctx: ChainContext
  member?: readonly MemberStep[]
  roleAssignment: RoleAssignmentRef
  path?: readonly PathStep[]
  label: string
}) {
  const ra = roleAssignment
  return (
    <ol class="chain" aria-label={label}>
      {member.map((m, i) => (
        <MemberBox key={`m${i}`} ctx={ctx} step={m} />
      ))}
      <li class="box role-assignment-box" data-kind="role-assignment">
        <span class="kind">role assignment, {where(ra.scope)}</span>{' '}
        <TreeLink ctx={ctx} target={nodeKey('role-assignment', placeOf(ctx.app, ra.scope), ra.name)}>
          {ra.name}
        </TreeLink>
      </li>
      {path.map((p, i) => (
        <PathBox key={`p${i}`} ctx={ctx} step={p} />
      ))}
    </ol>
  )
}
