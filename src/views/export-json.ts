import { allContainers, type Container } from '../model/paths.js'
import { hasBizRule, operationNumber, type ApplicationGroup, type PolicyStore, type RoleAssignment, type Task } from '../model/policy.js'
import { LinkResolver } from '../model/resolve.js'

/**
 * The documented JSON form of a whole store (`azman export --json`). Links
 * are given by what people read: operations by OperationID, tasks and groups
 * by name. A link that does not resolve is given as its GUID text.
 */
export interface ExportedStore {
  readonly majorVersion: string
  readonly minorVersion: string
  readonly guid?: string
  readonly description?: string
  readonly applications: readonly ExportedApplication[]
  /** Store-level groups. */
  readonly groups: readonly ExportedGroup[]
}

export interface ExportedApplication {
  readonly name: string
  readonly guid: string
  readonly description?: string
  readonly version?: string
  readonly operations: readonly { readonly name: string; readonly id: number | string; readonly guid: string; readonly description?: string }[]
  readonly tasks: readonly ExportedTask[]
  readonly roles: readonly ExportedRole[]
  readonly groups: readonly ExportedGroup[]
  readonly scopes: readonly ExportedScope[]
}

export interface ExportedBizRule {
  readonly language: string | null
  readonly script: string
  readonly importedPath: string | null
}

export interface ExportedTask {
  readonly name: string
  readonly guid: string
  readonly description?: string
  readonly roleDefinition: boolean
  /** OperationIDs; a non-numeric OperationID as its text. */
  readonly operations: readonly (number | string)[]
  /** Names of nested tasks and role definitions. */
  readonly tasks: readonly string[]
  /** Null when the task has no business rule (an empty script is none). */
  readonly bizRule: ExportedBizRule | null
}

export interface ExportedRole {
  readonly name: string
  readonly guid: string
  readonly description?: string
  /** Names of the role definitions and tasks granted. */
  readonly tasks: readonly string[]
  /** OperationIDs granted directly (rare). */
  readonly operations: readonly (number | string)[]
  readonly members: readonly string[]
  /** Names of the application groups that hold the role. */
  readonly appMembers: readonly string[]
}

export interface ExportedGroup {
  readonly name: string
  readonly guid: string
  readonly description?: string
  readonly type: string
  readonly members: readonly string[]
  readonly nonMembers: readonly string[]
  readonly appMembers: readonly string[]
  readonly appNonMembers: readonly string[]
  readonly ldapQuery: string | null
  readonly bizRule: ExportedBizRule | null
}

export interface ExportedScope {
  readonly name: string
  readonly guid: string
  readonly description?: string
  readonly tasks: readonly ExportedTask[]
  readonly roles: readonly ExportedRole[]
  readonly groups: readonly ExportedGroup[]
}

function described(description: string | undefined): { description?: string } {
  return description === undefined ? {} : { description }
}

function bizRuleOf(rule: { language?: string; script?: string; importedPath?: string }): ExportedBizRule | null {
  return hasBizRule(rule) ? { language: rule.language ?? null, script: rule.script ?? '', importedPath: rule.importedPath ?? null } : null
}

export function exportStore(store: PolicyStore): ExportedStore {
  const resolver = new LinkResolver(store)
  const operationId = (c: Container, g: string): number | string => {
    const r = resolver.operation(c, g)
    return r.status === 'found' ? (operationNumber(r.target) ?? r.target.operationId) : g
  }
  const taskName = (c: Container, g: string): string => {
    const r = resolver.task(c, g)
    return r.status === 'found' ? r.target.name : g
  }
  const groupName = (c: Container | undefined, g: string): string => {
    const r = resolver.group(c, g)
    return r.status === 'found' ? r.target.name : g
  }
  const task = (c: Container, t: Task): ExportedTask => ({
    name: t.name,
    guid: t.guid,
    ...described(t.description),
    roleDefinition: t.roleDefinition,
    operations: t.operationLinks.map((g) => operationId(c, g)),
    tasks: t.taskLinks.map((g) => taskName(c, g)),
    bizRule: bizRuleOf(t),
  })
  const role = (c: Container, r: RoleAssignment): ExportedRole => ({
    name: r.name,
    guid: r.guid,
    ...described(r.description),
    tasks: r.taskLinks.map((g) => taskName(c, g)),
    operations: r.operationLinks.map((g) => operationId(c, g)),
    members: [...r.members],
    appMembers: r.appMemberLinks.map((g) => groupName(c, g)),
  })
  const group = (c: Container | undefined, g: ApplicationGroup): ExportedGroup => ({
    name: g.name,
    guid: g.guid,
    ...described(g.description),
    type: g.groupType,
    members: [...g.members],
    nonMembers: [...g.nonMembers],
    appMembers: g.appMemberLinks.map((l) => groupName(c, l)),
    appNonMembers: g.appNonMemberLinks.map((l) => groupName(c, l)),
    ldapQuery: g.ldapQuery ?? null,
    bizRule: bizRuleOf(g),
  })
  const applications: ExportedApplication[] = []
  for (const app of store.applications) {
    const [appLevel, ...scopes] = [...allContainers({ ...store, applications: [app] })]
    if (!appLevel) continue
    applications.push({
      name: app.name,
      guid: app.guid,
      ...described(app.description),
      ...(app.version === undefined ? {} : { version: app.version }),
      operations: app.operations.map((o) => ({ name: o.name, id: operationNumber(o) ?? o.operationId, guid: o.guid, ...described(o.description) })),
      tasks: app.tasks.map((t) => task(appLevel, t)),
      roles: app.roleAssignments.map((r) => role(appLevel, r)),
      groups: app.groups.map((g) => group(appLevel, g)),
      scopes: scopes.map((c) => ({
        name: c.scope?.name ?? '',
        guid: c.scope?.guid ?? '',
        ...described(c.scope?.description),
        tasks: c.tasks.map((t) => task(c, t)),
        roles: c.roleAssignments.map((r) => role(c, r)),
        groups: c.groups.map((g) => group(c, g)),
      })),
    })
  }
  return {
    majorVersion: store.majorVersion,
    minorVersion: store.minorVersion,
    ...(store.guid === undefined ? {} : { guid: store.guid }),
    ...described(store.description),
    applications,
    groups: store.groups.map((g) => group(undefined, g)),
  }
}
