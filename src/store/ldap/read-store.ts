import { createHash } from 'node:crypto'
import { NotAStoreError } from '../../errors/input-errors.js'
import {
  NO_EXTRAS,
  guidKey,
  type Application,
  type ApplicationGroup,
  type Extras,
  type Operation,
  type PolicyStore,
  type RoleAssignment,
  type Scope,
  type Task,
  type UnknownAttribute,
} from '../../model/policy.js'
import { guidFromBytes } from '../../ldap/binary-ids.js'
import { ancestorKeys, dnKey, parseDn, parseExtendedDn } from '../../ldap/dn.js'
import { ATTR, CARRIED_ATTRIBUTES, GROUP_TYPE, entryKind, type EntryKind } from './schema.js'
import type { LdapEntry } from '../../ldap/session.js'
import type { IndexedObject, StoreIndex } from './store-index.js'

/** A store read from the directory: the model, where each object lives, and the version token. */
export interface ReadLdapStore {
  readonly policy: PolicyStore
  readonly index: StoreIndex
  readonly version: string
}

interface Node {
  readonly kind: EntryKind
  readonly dn: string
  readonly key: string
  /** Keys of the DN's ancestors, nearest first. */
  readonly ancestors: readonly string[]
  readonly objectGuid: string
  readonly entry: LdapEntry
  /** The model GUID: msDS-AzObjectGuid, or objectGUID when the object has none (AzMan 1.0). */
  readonly guid: string
}

/** Version tokens of AD stores: `ad:` and a digest of every object's objectGUID and uSNChanged. */
export const AD_VERSION = /^ad:[0-9a-z:=.-]+$/

/**
 * Builds the policy model from the entries of one subtree search under the
 * store's DN (AzMan objects, groups and containers, read with the extended-DN
 * control). Containers are transparent: an object's AzMan parent is its
 * nearest ancestor that is an AzMan object, so stores laid out by any tool
 * read the same. Links are resolved by objectGUID; member values that point
 * to an application group of the store become app-member links, the others
 * SIDs. Lists come out in ascending order, children by name.
 *
 * @throws NotAStoreError when the DN holds no `msDS-AzAdminManager`, or an
 *   object sits where AzMan has no place for it.
 */
export function readLdapStore(entries: readonly LdapEntry[], storeDn: string, source: string): ReadLdapStore {
  const nodes = new Map<string, Node>()
  const containers = new Set<string>()
  const stamps: { objectGuid: string; usn: string; whenChanged: string }[] = []
  for (const entry of entries) {
    const ext = parseExtendedDn(entry.dn)
    const kind = entryKind(entry.text.get('objectclass') ?? [])
    if (kind === undefined) continue
    const bytes = entry.binary.get('objectguid')?.[0]
    const objectGuid = ext.guid ?? (bytes?.length === 16 ? guidFromBytes(bytes) : undefined)
    if (objectGuid === undefined) throw new NotAStoreError(`${source}: the entry ${ext.dn} came without its objectGUID`, { source })
    stamps.push({ objectGuid, usn: first(entry, ATTR.usnChanged) ?? '', whenChanged: first(entry, ATTR.whenChanged) ?? '' })
    const [key = '', ...ancestors] = ancestorKeys(ext.dn)
    if (kind === 'container') {
      containers.add(key)
      continue
    }
    const azGuid = entry.binary.get(ATTR.azObjectGuid.toLowerCase())?.[0]
    const guid = azGuid?.length === 16 ? guidFromBytes(azGuid) : objectGuid
    nodes.set(key, { kind, dn: ext.dn, key, ancestors, objectGuid, entry, guid })
  }
  const storeKey = dnKey(storeDn)
  const storeNode = nodes.get(storeKey)
  if (storeNode === undefined || storeNode.kind !== 'store') {
    throw new NotAStoreError(`${source}: ${storeDn} is not an AzMan store (no msDS-AzAdminManager object there)`, { source })
  }
  return new Reader(nodes, containers, storeNode, storeDn, source, stamps).read()
}

function first(entry: LdapEntry, attribute: string): string | undefined {
  return entry.text.get(attribute.toLowerCase())?.[0]
}

function all(entry: LdapEntry, attribute: string): readonly string[] {
  return entry.text.get(attribute.toLowerCase()) ?? []
}

const PLACES: Readonly<Record<EntryKind, readonly EntryKind[]>> = {
  store: [],
  container: [],
  application: ['store'],
  scope: ['application'],
  operation: ['application'],
  task: ['application', 'scope'],
  'role-assignment': ['application', 'scope'],
  group: ['store', 'application', 'scope'],
}

class Reader {
  private readonly children = new Map<string, Node[]>()
  /** objectGUID -> model GUID, for links. */
  private readonly byObjectGuid = new Map<string, Node>()

  constructor(
    private readonly nodes: ReadonlyMap<string, Node>,
    private readonly containers: ReadonlySet<string>,
    private readonly storeNode: Node,
    private readonly storeDn: string,
    private readonly source: string,
    private readonly stamps: readonly { objectGuid: string; usn: string; whenChanged: string }[],
  ) {}

  read(): ReadLdapStore {
    for (const node of this.nodes.values()) {
      this.byObjectGuid.set(node.objectGuid, node)
      if (node === this.storeNode) continue
      const parent = this.azParent(node)
      if (parent === undefined) continue // outside the store (cannot happen for a subtree search)
      if (!PLACES[node.kind].includes(parent.kind)) {
        throw new NotAStoreError(`${this.source}: the ${node.kind} ${node.dn} sits under a ${parent.kind}, where AzMan has no place for it`, { source: this.source })
      }
      const list = this.children.get(parent.key) ?? []
      list.push(node)
      this.children.set(parent.key, list)
    }
    const s = this.storeNode.entry
    const azGuid = s.binary.get(ATTR.azObjectGuid.toLowerCase())?.[0]
    const description = first(s, ATTR.description)
    const policy: PolicyStore = {
      majorVersion: first(s, ATTR.majorVersion) ?? '',
      minorVersion: first(s, ATTR.minorVersion) ?? '',
      ...(azGuid?.length === 16 ? { guid: guidFromBytes(azGuid) } : {}),
      ...(description === undefined ? {} : { description }),
      applications: this.of(this.storeNode, 'application').map((n) => this.application(n)),
      groups: this.of(this.storeNode, 'group').map((n) => this.group(n)),
      extras: extras(s),
    }
    const objects = new Map<string, IndexedObject>()
    for (const node of this.nodes.values()) {
      if (node === this.storeNode) continue
      const k = guidKey(node.guid)
      if (!objects.has(k)) objects.set(k, this.indexed(node))
    }
    return { policy, index: { storeDn: this.storeDn, store: this.indexed(this.storeNode), objects, containers: this.containers, stamps: this.stamps }, version: versionOf(this.stamps) }
  }

  private indexed(node: Node): IndexedObject {
    const memberGuids = new Map<string, string>()
    for (const attribute of [ATTR.membersForRole, ATTR.member, ATTR.nonMembers]) {
      for (const v of all(node.entry, attribute)) {
        const ext = parseExtendedDn(v)
        if (ext.sid !== undefined && ext.guid !== undefined) memberGuids.set(ext.sid, ext.guid)
      }
    }
    return {
      kind: node.kind,
      dn: node.dn,
      objectGuid: node.objectGuid,
      usn: first(node.entry, ATTR.usnChanged) ?? '',
      whenChanged: first(node.entry, ATTR.whenChanged) ?? '',
      ...(memberGuids.size === 0 ? {} : { memberGuids }),
    }
  }

  /** The nearest ancestor that is an AzMan object (containers are skipped). */
  private azParent(node: Node): Node | undefined {
    for (const key of node.ancestors) {
      const found = this.nodes.get(key)
      if (found !== undefined) return found
      if (key === this.storeNode.key) return undefined
    }
    return undefined
  }

  private of(parent: Node, kind: EntryKind): Node[] {
    return (this.children.get(parent.key) ?? []).filter((n) => n.kind === kind).sort((a, b) => compareText(this.nameOf(a), this.nameOf(b)) || compareText(a.guid, b.guid))
  }

  private nameOf(node: Node): string {
    if (node.kind === 'application') return first(node.entry, ATTR.applicationName) ?? rdnValue(node.dn)
    if (node.kind === 'scope') return first(node.entry, ATTR.scopeName) ?? rdnValue(node.dn)
    return first(node.entry, ATTR.cn) ?? rdnValue(node.dn)
  }

  private base(node: Node): { guid: string; name: string; description?: string; extras: Extras } {
    const description = first(node.entry, ATTR.description)
    return { guid: node.guid, name: this.nameOf(node), ...(description === undefined ? {} : { description }), extras: extras(node.entry) }
  }

  private application(node: Node): Application {
    const version = first(node.entry, ATTR.applicationVersion)
    return {
      ...this.base(node),
      ...(version === undefined ? {} : { version }),
      operations: this.of(node, 'operation').map((n) => this.operation(n)),
      groups: this.of(node, 'group').map((n) => this.group(n)),
      tasks: this.of(node, 'task').map((n) => this.task(n)),
      roleAssignments: this.of(node, 'role-assignment').map((n) => this.roleAssignment(n)),
      scopes: this.of(node, 'scope').map((n) => this.scope(n)),
    }
  }

  private scope(node: Node): Scope {
    return {
      ...this.base(node),
      groups: this.of(node, 'group').map((n) => this.group(n)),
      tasks: this.of(node, 'task').map((n) => this.task(n)),
      roleAssignments: this.of(node, 'role-assignment').map((n) => this.roleAssignment(n)),
    }
  }

  private operation(node: Node): Operation {
    return { ...this.base(node), operationId: first(node.entry, ATTR.operationId) ?? '' }
  }

  private task(node: Node): Task {
    return {
      ...this.base(node),
      ...bizRule(node.entry),
      roleDefinition: (first(node.entry, ATTR.roleDefinition) ?? '').toUpperCase() === 'TRUE',
      operationLinks: this.links(node.entry, ATTR.operationsForTask),
      taskLinks: this.links(node.entry, ATTR.tasksForTask),
    }
  }

  private roleAssignment(node: Node): RoleAssignment {
    const { sids, groups } = this.members(node.entry, ATTR.membersForRole)
    return {
      ...this.base(node),
      taskLinks: this.links(node.entry, ATTR.tasksForRole),
      operationLinks: this.links(node.entry, ATTR.operationsForRole),
      appMemberLinks: groups,
      members: sids,
    }
  }

  private group(node: Node): ApplicationGroup {
    const members = this.members(node.entry, ATTR.member)
    const nonMembers = this.members(node.entry, ATTR.nonMembers)
    const type = first(node.entry, ATTR.groupType) ?? ''
    const ldapQuery = first(node.entry, ATTR.ldapQuery)
    return {
      ...this.base(node),
      ...bizRule(node.entry),
      groupType: Number(type) === GROUP_TYPE.Basic ? 'Basic' : Number(type) === GROUP_TYPE.LdapQuery ? 'LdapQuery' : type,
      members: members.sids,
      nonMembers: nonMembers.sids,
      appMemberLinks: members.groups,
      appNonMemberLinks: nonMembers.groups,
      ...(ldapQuery === undefined ? {} : { ldapQuery }),
    }
  }

  /** Link values as model GUIDs; a value pointing outside the store keeps its objectGUID (integrity checks report it). */
  private links(entry: LdapEntry, attribute: string): string[] {
    return all(entry, attribute)
      .map((v) => {
        const ext = parseExtendedDn(v)
        const target = ext.guid === undefined ? this.nodes.get(safeKey(ext.dn)) : this.byObjectGuid.get(ext.guid)
        return target?.guid ?? ext.guid ?? ext.dn
      })
      .sort(compareText)
  }

  /** Member values: application groups of the store by model GUID, everything else by SID. */
  private members(entry: LdapEntry, attribute: string): { sids: string[]; groups: string[] } {
    const sids: string[] = []
    const groups: string[] = []
    for (const v of all(entry, attribute)) {
      const ext = parseExtendedDn(v)
      const target = ext.guid === undefined ? this.nodes.get(safeKey(ext.dn)) : this.byObjectGuid.get(ext.guid)
      if (target !== undefined && target.kind === 'group') groups.push(target.guid)
      else sids.push(ext.sid ?? ext.dn)
    }
    return { sids: sids.sort(compareText), groups: groups.sort(compareText) }
  }
}

function safeKey(dn: string): string {
  try {
    return dnKey(dn)
  } catch {
    return dn
  }
}

function rdnValue(dn: string): string {
  return parseDn(dn)[0]?.value ?? dn
}

function bizRule(entry: LdapEntry): { language?: string; script?: string; importedPath?: string } {
  const language = first(entry, ATTR.bizRuleLanguage)
  const script = first(entry, ATTR.bizRule)
  const importedPath = first(entry, ATTR.importedPath)
  return {
    ...(language === undefined ? {} : { language }),
    ...(script === undefined ? {} : { script }),
    ...(importedPath === undefined ? {} : { importedPath }),
  }
}

/** The round-trip-only attributes of an entry, under their AD names. */
function extras(entry: LdapEntry): Extras {
  const attributes: UnknownAttribute[] = []
  for (const name of CARRIED_ATTRIBUTES) {
    const value = first(entry, name)
    if (value !== undefined) attributes.push({ name, value })
  }
  return attributes.length === 0 ? NO_EXTRAS : { attributes, elements: [] }
}

function compareText(a: string, b: string): number {
  const x = a.toLowerCase()
  const y = b.toLowerCase()
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0
}

/**
 * The version of a store read from AD: `ad:`, the highest uSNChanged, the
 * number of objects, and a digest of every object's objectGUID and
 * uSNChanged (containers included). Any add, change, rename or delete under
 * the store changes it.
 */
export function versionOf(stamps: readonly { readonly objectGuid: string; readonly usn: string }[]): string {
  const lines = stamps.map((s) => `${s.objectGuid}=${s.usn}`).sort()
  const max = stamps.reduce((m, s) => Math.max(m, Number(s.usn) || 0), 0)
  const digest = createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 32)
  return `ad:usn=${max}:n=${stamps.length}:${digest}`
}
