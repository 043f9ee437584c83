import { guidKey, type PolicyStore } from './policy.js'
import { quote } from './quote.js'

/**
 * The VMs bound to a scope on the hosts whose facts are known (their names), or
 * undefined when no host facts are known. The faces build it from
 * `azman-host-facts/1` documents (`--facts`).
 */
export type BoundVms = (app: string, scope: string) => readonly string[] | undefined

/** How many VMs to name in a warning before "and N more". */
const NAMED_VMS = 5

function boundText(scope: string, vms: readonly string[] | undefined): string {
  if (vms === undefined) return `every VM bound to ${quote(scope)} (its ScopeOfResidence)`
  if (vms.length === 0) return `no VM of the hosts whose facts were given is bound to ${quote(scope)}; on other hosts, every VM bound to it (its ScopeOfResidence)`
  const named = vms.slice(0, NAMED_VMS).map(quote).join(', ')
  const more = vms.length > NAMED_VMS ? ` and ${vms.length - NAMED_VMS} more` : ''
  return `${vms.length} VM${vms.length === 1 ? '' : 's'} bound to ${quote(scope)} on the hosts whose facts were given (${named}${more})`
}

/**
 * What renaming or deleting a scope does on a Hyper-V host, from `before` to
 * `after` (scopes matched by GUID): the VMs bound to it (their
 * `ScopeOfResidence` names the scope, not its GUID) fall back to the
 * application level, where only application-level role assignments apply.
 * Plans warn with it and `diff` reports it. With `boundVms` (host facts), the
 * warning counts and names the VMs bound to the scope.
 */
export function scopeBindingConsequences(before: PolicyStore, after: PolicyStore, boundVms?: BoundVms): string[] {
  const now = new Map(after.applications.flatMap((a) => a.scopes.map((s) => [guidKey(s.guid), s.name] as const)))
  const warnings: string[] = []
  for (const app of before.applications) {
    for (const scope of app.scopes) {
      const name = now.get(guidKey(scope.guid))
      if (name === scope.name) continue
      const what = name === undefined ? `scope ${quote(scope.name)} is deleted` : `scope ${quote(scope.name)} is renamed to ${quote(name)}`
      warnings.push(
        `${what} in application ${quote(app.name)}: ${boundText(scope.name, boundVms?.(app.name, scope.name))} falls back to the application level, where only application-level role assignments apply, until it is bound again${name === undefined ? '' : ` to ${quote(name)}`}`,
      )
    }
  }
  return warnings
}
