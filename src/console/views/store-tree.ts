import type { Application, Group, RoleAssignment, Scope, StoreView, Task } from '../api/types'

/** What a node of the tree stands for. */
export type NodeObject =
  | { readonly kind: 'application'; readonly app: Application }
  | { readonly kind: 'operations'; readonly app: Application }
  | { readonly kind: 'task' | 'role-definition'; readonly app: Application; readonly scope?: Scope; readonly task: Task }
  | { readonly kind: 'role-assignment'; readonly app: Application; readonly scope?: Scope; readonly role: RoleAssignment }
  | { readonly kind: 'scope'; readonly app: Application; readonly scope: Scope }
  | { readonly kind: 'group'; readonly app?: Application; readonly scope?: Scope; readonly group: Group }
  | { readonly kind: 'folder' }

/** Where an object is: store level, application level or a scope. */
export interface Place {
  readonly app?: string
  readonly scope?: string
}

/**
 * A name as one segment of a tree key: names may hold `/` (a scope named `a/roles/b`), so each is
 * encoded and no two objects share a key.
 */
const seg = (name: string): string => encodeURIComponent(name)

/** The folder of each kind of object in a place. */
const FOLDERS = { group: 'groups', 'role-definition': 'defs', task: 'tasks', 'role-assignment': 'roles' } as const

/** The tree key of an object: what `go('tree', key)` opens and selects. Names are matched as the store spells them. */
export function nodeKey(kind: keyof typeof FOLDERS | 'scope' | 'application', place: Place, name: string): string {
  const app = place.app === undefined ? '' : `app/${seg(place.app)}`
  if (kind === 'application') return `app/${seg(name)}`
  if (kind === 'scope') return `${app}/scopes/${seg(name)}`
  const at = place.scope === undefined ? app : `${app}/scopes/${seg(place.scope)}`
  return at === '' ? `${FOLDERS[kind]}/${seg(name)}` : `${at}/${FOLDERS[kind]}/${seg(name)}`
}

/** The keys of the nodes that hold `key`, outermost first. */
export function ancestorKeys(tree: readonly TreeNode[], key: string): string[] | undefined {
  for (const node of tree) {
    if (node.key === key) return []
    const below = ancestorKeys(node.children, key)
    if (below !== undefined) return [node.key, ...below]
  }
  return undefined
}

/** The node of a key, if the tree has it. */
export function findNode(tree: readonly TreeNode[], key: string): TreeNode | undefined {
  for (const node of tree) {
    if (node.key === key) return node
    const found = findNode(node.children, key)
    if (found !== undefined) return found
  }
  return undefined
}

/** A node of the store's tree, as the AzMan console shows it. */
export interface TreeNode {
  /** Unique in the tree: the path of names. */
  readonly key: string
  readonly label: string
  readonly object: NodeObject
  readonly children: readonly TreeNode[]
}

const folder = (key: string, label: string, children: readonly TreeNode[]): TreeNode => ({ key, label: `${label} (${children.length})`, object: { kind: 'folder' }, children })

function placeNodes(key: string, app: Application, scope: Scope | undefined, tasks: readonly Task[], roles: readonly RoleAssignment[], groups: readonly Group[]): TreeNode[] {
  const at = scope === undefined ? {} : { scope }
  const defs = tasks.filter((t) => t.roleDefinition)
  const plain = tasks.filter((t) => !t.roleDefinition)
  return [
    folder(
      `${key}/groups`,
      'Groups',
      groups.map((g) => ({ key: `${key}/groups/${seg(g.name)}`, label: g.name, object: { kind: 'group', app, ...at, group: g }, children: [] })),
    ),
    folder(
      `${key}/defs`,
      'Role definitions',
      defs.map((t) => ({ key: `${key}/defs/${seg(t.name)}`, label: t.name, object: { kind: 'role-definition', app, ...at, task: t }, children: [] })),
    ),
    folder(
      `${key}/tasks`,
      'Task definitions',
      plain.map((t) => ({ key: `${key}/tasks/${seg(t.name)}`, label: t.name, object: { kind: 'task', app, ...at, task: t }, children: [] })),
    ),
    folder(
      `${key}/roles`,
      'Role assignments',
      roles.map((r) => ({ key: `${key}/roles/${seg(r.name)}`, label: r.name, object: { kind: 'role-assignment', app, ...at, role: r }, children: [] })),
    ),
  ]
}

/** The tree of a store: store groups, then each application with its definitions, assignments and scopes. */
export function storeTree(store: StoreView): TreeNode[] {
  const groups = folder(
    'groups',
    'Groups',
    store.groups.map((g) => ({ key: `groups/${seg(g.name)}`, label: g.name, object: { kind: 'group', group: g }, children: [] })),
  )
  const apps = store.applications.map((app): TreeNode => {
    const key = `app/${seg(app.name)}`
    const operations: TreeNode = { key: `${key}/operations`, label: `Operations (${app.operations.length})`, object: { kind: 'operations', app }, children: [] }
    const scopes = folder(
      `${key}/scopes`,
      'Scopes',
      app.scopes.map((scope) => {
        const sk = `${key}/scopes/${seg(scope.name)}`
        return { key: sk, label: scope.name, object: { kind: 'scope', app, scope }, children: placeNodes(sk, app, scope, scope.tasks, scope.roles, scope.groups) }
      }),
    )
    return { key, label: app.name, object: { kind: 'application', app }, children: [operations, ...placeNodes(key, app, undefined, app.tasks, app.roles, app.groups), scopes] }
  })
  return [groups, ...apps]
}
