import { guidKey, type PolicyStore } from './policy.js'
import { quote } from './quote.js'

/**
 * What renaming or deleting a scope does on a Hyper-V host, from `before` to
 * `after` (scopes matched by GUID): the VMs bound to it (their
 * `ScopeOfResidence` names the scope, not its GUID) fall back to the
 * application level, where only application-level role assignments apply.
 * Plans warn with it and `diff` reports it. The count of bound VMs needs the
 * host's facts, which neither has.
 */
export function scopeBindingConsequences(before: PolicyStore, after: PolicyStore): string[] {
  const now = new Map(after.applications.flatMap((a) => a.scopes.map((s) => [guidKey(s.guid), s.name] as const)))
  const warnings: string[] = []
  for (const app of before.applications) {
    for (const scope of app.scopes) {
      const name = now.get(guidKey(scope.guid))
      if (name === scope.name) continue
      const what = name === undefined ? `scope ${quote(scope.name)} is deleted` : `scope ${quote(scope.name)} is renamed to ${quote(name)}`
      warnings.push(
        `${what} in application ${quote(app.name)}: every VM bound to ${quote(scope.name)} (its ScopeOfResidence) falls back to the application level, where only application-level role assignments apply, until it is bound again${name === undefined ? '' : ` to ${quote(name)}`}`,
      )
    }
  }
  return warnings
}
