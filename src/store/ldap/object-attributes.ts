import type { EditableField, EditableKind, EditableList } from '../../model/edit/policy-edit.js'
import type { Application, ApplicationGroup, BizRule, Extras, Operation, PolicyObject, PolicyStore, RoleAssignment, Scope, Task } from '../../model/policy.js'
import { isValidSid } from '../../model/sid.js'
import { guidToBytes } from '../../ldap/binary-ids.js'
import { ATTR, CARRIED_ATTRIBUTES, CLASS, GROUP_TYPE } from './schema.js'

/**
 * How model objects and their fields become AD attribute values
 * (docs/store-format.md#10-active-directory-mapping), and what AD cannot hold.
 * Link values are given by the caller as DN strings (`<GUID=...>` for existing
 * objects, the DN of new ones); members are written `<SID=...>`.
 */

export type AttributeValues = Record<string, (string | Buffer)[]>

/** Collects what cannot be written faithfully; the write is refused before it starts when any. */
export class Unwritable {
  readonly problems: string[] = []
  add(problem: string): void {
    this.problems.push(problem)
  }
}

/** Turns a link target (a model GUID) into the DN value to write; undefined when it names nothing. */
export type LinkValue = (guid: string) => string | undefined

function text(values: AttributeValues, attribute: string, value: string | undefined, where: string, field: string, problems: Unwritable): void {
  if (value === undefined) return
  if (value === '') {
    problems.add(`${where}: the ${field} is empty, and Active Directory cannot hold an empty value (remove it, or give it text)`)
    return
  }
  values[attribute] = [value]
}

function integer(value: string, where: string, field: string, problems: Unwritable): string | undefined {
  const t = value.trim()
  if (!/^-?[0-9]{1,10}$/.test(value) || String(Number(t)) !== value) {
    problems.add(`${where}: the ${field} "${value}" is not a plain decimal integer, which is all Active Directory can hold`)
    return undefined
  }
  return value
}

export function memberValue(sid: string, where: string, problems: Unwritable): string | undefined {
  if (!isValidSid(sid)) {
    problems.add(`${where}: the member "${sid}" is not a SID`)
    return undefined
  }
  return `<SID=${sid}>`
}

function guidBytes(guid: string, where: string, problems: Unwritable): Buffer | undefined {
  try {
    return guidToBytes(guid)
  } catch {
    problems.add(`${where}: the GUID "${guid}" is not a GUID`)
    return undefined
  }
}

/** The carried AD attributes in `extras`; anything else in `extras` has no place in AD. */
function carried(values: AttributeValues, extras: Extras, where: string, problems: Unwritable): void {
  for (const a of extras.attributes) {
    if ((CARRIED_ATTRIBUTES as readonly string[]).includes(a.name)) text(values, a.name, a.value, where, a.name, problems)
    else problems.add(`${where}: the XML attribute ${a.name}="${a.value}" has no place in an Active Directory store`)
  }
  for (const e of extras.elements) problems.add(`${where}: the XML element <${e.name}> has no place in an Active Directory store`)
}

function common(values: AttributeValues, object: PolicyObject, where: string, problems: Unwritable): void {
  text(values, ATTR.description, object.description, where, 'description', problems)
  const bytes = guidBytes(object.guid, where, problems)
  if (bytes) values[ATTR.azObjectGuid] = [bytes]
  carried(values, object.extras, where, problems)
}

function bizRule(values: AttributeValues, rule: BizRule, where: string, problems: Unwritable): void {
  text(values, ATTR.bizRuleLanguage, rule.language, where, 'business rule language', problems)
  text(values, ATTR.bizRule, rule.script, where, 'business rule', problems)
  text(values, ATTR.importedPath, rule.importedPath, where, 'business rule path', problems)
}

function links(values: AttributeValues, attribute: string, guids: readonly string[], link: LinkValue, where: string, problems: Unwritable): void {
  const out = values[attribute] ?? []
  for (const g of guids) {
    const v = link(g)
    if (v === undefined) problems.add(`${where}: the link ${g} points to no object of the store`)
    else out.push(v)
  }
  if (out.length > 0) values[attribute] = out
}

function members(values: AttributeValues, attribute: string, sids: readonly string[], where: string, problems: Unwritable): void {
  const out = values[attribute] ?? []
  for (const sid of sids) {
    const v = memberValue(sid, where, problems)
    if (v !== undefined) out.push(v)
  }
  if (out.length > 0) values[attribute] = out
}

/** `groupType` for a model group type; refuses types AD has no value for. */
export function groupTypeValue(groupType: string, where: string, problems: Unwritable): string | undefined {
  if (groupType === 'Basic' || groupType === 'LdapQuery') return String(GROUP_TYPE[groupType])
  problems.add(
    `${where}: ${groupType === 'Bizrule' ? 'business-rule application groups' : `the group type "${groupType}"`} cannot be written to Active Directory (its groupType value is not documented)`,
  )
  return undefined
}

/** The attributes of the store object itself. */
export function storeAttributes(store: PolicyStore, problems: Unwritable): AttributeValues {
  const where = 'the store'
  const values: AttributeValues = { [ATTR.objectClass]: [CLASS.store] }
  for (const [field, attribute] of [
    ['majorVersion', ATTR.majorVersion],
    ['minorVersion', ATTR.minorVersion],
  ] as const) {
    const v = store[field]
    if (v !== '') {
      const n = integer(v, where, field, problems)
      if (n !== undefined) values[attribute] = [n]
    }
  }
  text(values, ATTR.description, store.description, where, 'description', problems)
  if (store.guid !== undefined) {
    const bytes = guidBytes(store.guid, where, problems)
    if (bytes) values[ATTR.azObjectGuid] = [bytes]
  }
  carried(values, store.extras, where, problems)
  return values
}

/** The attributes of a new object (without its children); `where` names it in messages. */
export function objectAttributes(kind: EditableKind, object: PolicyObject, link: LinkValue, where: string, problems: Unwritable): AttributeValues {
  const values: AttributeValues = {}
  switch (kind) {
    case 'application': {
      const a = object as Application
      values[ATTR.objectClass] = [CLASS.application]
      text(values, ATTR.applicationName, a.name, where, 'name', problems)
      text(values, ATTR.applicationVersion, a.version, where, 'version', problems)
      break
    }
    case 'scope': {
      const s = object as Scope
      values[ATTR.objectClass] = [CLASS.scope]
      text(values, ATTR.scopeName, s.name, where, 'name', problems)
      break
    }
    case 'operation': {
      const o = object as Operation
      values[ATTR.objectClass] = [CLASS.operation]
      const id = integer(o.operationId, where, 'OperationID', problems)
      if (id !== undefined) values[ATTR.operationId] = [id]
      break
    }
    case 'task': {
      const t = object as Task
      values[ATTR.objectClass] = [CLASS.task]
      if (t.roleDefinition) values[ATTR.roleDefinition] = ['TRUE']
      bizRule(values, t, where, problems)
      links(values, ATTR.operationsForTask, t.operationLinks, link, where, problems)
      links(values, ATTR.tasksForTask, t.taskLinks, link, where, problems)
      break
    }
    case 'role-assignment': {
      const r = object as RoleAssignment
      values[ATTR.objectClass] = [CLASS['role-assignment']]
      links(values, ATTR.tasksForRole, r.taskLinks, link, where, problems)
      links(values, ATTR.operationsForRole, r.operationLinks, link, where, problems)
      links(values, ATTR.membersForRole, r.appMemberLinks, link, where, problems)
      members(values, ATTR.membersForRole, r.members, where, problems)
      break
    }
    case 'group': {
      const g = object as ApplicationGroup
      values[ATTR.objectClass] = [CLASS.group]
      const type = groupTypeValue(g.groupType, where, problems)
      if (type !== undefined) values[ATTR.groupType] = [type]
      text(values, ATTR.ldapQuery, g.ldapQuery, where, 'LDAP query', problems)
      bizRule(values, g, where, problems)
      links(values, ATTR.member, g.appMemberLinks, link, where, problems)
      members(values, ATTR.member, g.members, where, problems)
      links(values, ATTR.nonMembers, g.appNonMemberLinks, link, where, problems)
      members(values, ATTR.nonMembers, g.nonMembers, where, problems)
      break
    }
  }
  common(values, object, where, problems)
  return values
}

/** The attribute a scalar field lives in; `name` of CN-named kinds is the RDN instead (a rename). */
export function fieldAttribute(kind: EditableKind, field: EditableField): string {
  switch (field) {
    case 'name':
      return kind === 'application' ? ATTR.applicationName : kind === 'scope' ? ATTR.scopeName : 'rdn'
    case 'description':
      return ATTR.description
    case 'version':
      return ATTR.applicationVersion
    case 'operationId':
      return ATTR.operationId
    case 'roleDefinition':
      return ATTR.roleDefinition
    case 'groupType':
      return ATTR.groupType
    case 'ldapQuery':
      return ATTR.ldapQuery
    case 'language':
      return ATTR.bizRuleLanguage
    case 'script':
      return ATTR.bizRule
    case 'importedPath':
      return ATTR.importedPath
  }
}

/** The attribute a list lives in. */
export function listAttribute(kind: EditableKind, list: EditableList): string {
  switch (list) {
    case 'operationLinks':
      return kind === 'task' ? ATTR.operationsForTask : ATTR.operationsForRole
    case 'taskLinks':
      return kind === 'task' ? ATTR.tasksForTask : ATTR.tasksForRole
    case 'appMemberLinks':
    case 'members':
      return kind === 'group' ? ATTR.member : ATTR.membersForRole
    case 'appNonMemberLinks':
    case 'nonMembers':
      return ATTR.nonMembers
  }
}

/** A scalar value as AD holds it, or undefined (with a problem) when it cannot. */
export function scalarValue(field: EditableField, value: string, where: string, problems: Unwritable): string | undefined {
  if (value === '') {
    problems.add(`${where}: the ${field} would be empty, and Active Directory cannot hold an empty value`)
    return undefined
  }
  switch (field) {
    case 'operationId':
      return integer(value, where, 'OperationID', problems)
    case 'roleDefinition':
      return 'TRUE'
    case 'groupType':
      return groupTypeValue(value, where, problems)
    default:
      return value
  }
}
