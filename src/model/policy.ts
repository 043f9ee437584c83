/**
 * The AzMan policy model: pure data, no I/O, no knowledge of XML or LDAP.
 *
 * Vocabulary follows the AzMan UI, not the XML element names: a *role
 * definition* is an `AzTask` with `RoleDefinition="True"`, a *role
 * assignment* is an `AzRole`. Links are GUID text as found in the store
 * (compare them with {@link guidKey}); object identity is the GUID.
 *
 * Every value is kept as the store holds it, including values that break
 * AzMan's rules: the integrity checker reports them, the model never fixes
 * them silently.
 */

/** An attribute this model does not interpret, kept as found. */
export interface UnknownAttribute {
  readonly name: string
  readonly value: string
}

/** A child element this model does not interpret, kept as its source markup. */
export interface UnknownElement {
  readonly name: string
  readonly markup: string
}

/** What the model does not interpret about an object. Store adapters keep it in place. */
export interface Extras {
  readonly attributes: readonly UnknownAttribute[]
  readonly elements: readonly UnknownElement[]
}

export const NO_EXTRAS: Extras = Object.freeze({ attributes: Object.freeze([]), elements: Object.freeze([]) })

/** Fields every named AzMan object has. */
export interface PolicyObject {
  readonly guid: string
  readonly name: string
  /** Absent when the store omits the attribute; `""` when it is written empty. */
  readonly description?: string
  readonly extras: Extras
}

export interface Operation extends PolicyObject {
  /** The `OperationID` text as written; applications check access by this number. */
  readonly operationId: string
}

/** The business rule of a task or of a BizRule application group. */
export interface BizRule {
  /** `VBScript` or `JScript`, as written; absent when the element is absent. */
  readonly language?: string
  /** Script text with line ends as XML reports them (LF). Absent or empty means no rule. */
  readonly script?: string
  /** Where the rule was imported from. */
  readonly importedPath?: string
}

/** A task, or a role definition when `roleDefinition` is true. */
export interface Task extends PolicyObject, BizRule {
  readonly roleDefinition: boolean
  /** GUIDs of application-level operations. */
  readonly operationLinks: readonly string[]
  /** GUIDs of tasks or role definitions (nesting). */
  readonly taskLinks: readonly string[]
}

/** A role assignment (`AzRole`): who holds which role definitions and tasks. */
export interface RoleAssignment extends PolicyObject {
  /** GUIDs of role definitions or tasks granted. */
  readonly taskLinks: readonly string[]
  /** GUIDs of operations granted directly; the API allows it, stores rarely have it. */
  readonly operationLinks: readonly string[]
  /** GUIDs of application groups that hold the assignment. */
  readonly appMemberLinks: readonly string[]
  /** SIDs that hold the assignment. */
  readonly members: readonly string[]
}

export type GroupType = 'Basic' | 'LdapQuery' | 'Bizrule'

export interface ApplicationGroup extends PolicyObject, BizRule {
  /** The `GroupType` text as written; {@link groupTypeOf} interprets it. */
  readonly groupType: string
  readonly members: readonly string[]
  readonly nonMembers: readonly string[]
  readonly appMemberLinks: readonly string[]
  readonly appNonMemberLinks: readonly string[]
  /** The LDAP filter of an LdapQuery group, as written. */
  readonly ldapQuery?: string
}

export interface Scope extends PolicyObject {
  readonly groups: readonly ApplicationGroup[]
  /** Tasks and role definitions of this scope. */
  readonly tasks: readonly Task[]
  readonly roleAssignments: readonly RoleAssignment[]
}

export interface Application extends PolicyObject {
  readonly version?: string
  readonly operations: readonly Operation[]
  readonly groups: readonly ApplicationGroup[]
  /** Tasks and role definitions at application level. */
  readonly tasks: readonly Task[]
  readonly roleAssignments: readonly RoleAssignment[]
  readonly scopes: readonly Scope[]
}

export interface PolicyStore {
  readonly majorVersion: string
  readonly minorVersion: string
  readonly guid?: string
  readonly description?: string
  readonly applications: readonly Application[]
  /** Store-level ("global") application groups. */
  readonly groups: readonly ApplicationGroup[]
  readonly extras: Extras
}

/** The interpreted group type, or undefined for a value AzMan does not define. */
export function groupTypeOf(group: ApplicationGroup): GroupType | undefined {
  switch (group.groupType) {
    case 'Basic':
    case 'LdapQuery':
    case 'Bizrule':
      return group.groupType
    default:
      return undefined
  }
}

/** True when a task or group really has a business rule: an empty script is no rule, whatever the language says. */
export function hasBizRule(rule: BizRule): boolean {
  return rule.script !== undefined && rule.script.trim() !== ''
}

/** The key links are compared by: GUIDs are case-insensitive, braces optional. */
export function guidKey(guid: string): string {
  const g = guid.trim().toLowerCase()
  return g.startsWith('{') && g.endsWith('}') ? g.slice(1, -1) : g
}

/** The OperationID as a number, or undefined when the text is not a decimal integer. */
export function operationNumber(operation: Operation): number | undefined {
  const text = operation.operationId.trim()
  if (!/^-?[0-9]{1,10}$/.test(text)) return undefined
  const n = Number(text)
  return Number.isSafeInteger(n) && n >= -2147483648 && n <= 2147483647 ? n : undefined
}
