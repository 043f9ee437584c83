import type { Container } from '../model/paths.js'
import { guidKey, hasBizRule, type Operation, type RoleAssignment, type Task } from '../model/policy.js'
import type { LinkResolver } from '../model/resolve.js'

/** What one role assignment grants, whoever holds it. */
export interface RoleGrants {
  /** Operations reached through a path with no business rule. */
  readonly certain: ReadonlySet<Operation>
  /** Operations reached only through tasks or role definitions with a business rule, with those tasks. */
  readonly conditional: ReadonlyMap<Operation, readonly Task[]>
}

/**
 * The operations a role assignment grants, certainly or only through business
 * rules: operation links on the assignment, then a walk down task and role
 * definition links. A task whose BizRule text is empty has no rule. Cycles and
 * links that do not resolve are skipped (`azman validate` reports them).
 */
export function roleGrants(resolver: LinkResolver, container: Container, ra: RoleAssignment): RoleGrants {
  const certain = new Set<Operation>()
  const conditional = new Map<Operation, Task[]>()
  for (const g of ra.operationLinks) {
    const r = resolver.operation(container, g)
    if (r.status === 'found') certain.add(r.target)
  }
  const seen = new Set<string>()
  const stack: { link: string; rules: readonly Task[] }[] = ra.taskLinks.map((link) => ({ link, rules: [] }))
  while (stack.length > 0) {
    const { link, rules: above } = stack.pop() ?? { link: '', rules: [] }
    const r = resolver.task(container, link)
    if (r.status !== 'found') continue
    const task = r.target
    const rules = hasBizRule(task) ? [...above, task] : above
    // A task is walked at most twice: once on a path without rules, once on a path with one.
    const key = `${guidKey(task.guid)}${rules.length === 0 ? '' : '?'}`
    if (seen.has(key)) continue
    seen.add(key)
    for (const g of task.operationLinks) {
      const op = resolver.operation(container, g)
      if (op.status !== 'found') continue
      if (rules.length === 0) certain.add(op.target)
      else conditional.set(op.target, [...new Set([...(conditional.get(op.target) ?? []), ...rules])])
    }
    for (const child of task.taskLinks) stack.push({ link: child, rules })
  }
  for (const op of certain) conditional.delete(op)
  return { certain, conditional }
}
