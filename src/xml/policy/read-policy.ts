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
  type UnknownElement,
} from '../../model/policy.js'
import { decodeText } from '../escape.js'
import { finish, OBJECTS_PER_STEP, type Steps } from '../../model/steps.js'
import type { XmlDocument, XmlElement } from '../nodes.js'

/** The element that holds each object, by GUID key. A GUID used twice maps to every element that uses it. */
export type ElementIndex = ReadonlyMap<string, readonly XmlElement[]>

export interface ReadPolicy {
  readonly store: PolicyStore
  readonly elements: ElementIndex
}

const KNOWN_ATTRIBUTES: Readonly<Record<string, ReadonlySet<string>>> = {
  AzAdminManager: new Set(['MajorVersion', 'MinorVersion', 'Guid', 'Description']),
  AzApplication: new Set(['Guid', 'Name', 'Description', 'ApplicationVersion']),
  AzOperation: new Set(['Guid', 'Name', 'Description']),
  AzTask: new Set(['Guid', 'Name', 'Description', 'BizRuleImportedPath', 'RoleDefinition']),
  AzRole: new Set(['Guid', 'Name', 'Description']),
  AzScope: new Set(['Guid', 'Name', 'Description']),
  AzApplicationGroup: new Set(['Guid', 'Name', 'Description', 'GroupType']),
}

/**
 * Reads the policy model out of a scanned AzMan XML document. Element and
 * attribute names are matched exactly (AzMan has no namespace); whatever the
 * model does not interpret is carried in `extras` and stays in the bytes.
 */
export function readPolicy(doc: XmlDocument, source?: string): ReadPolicy {
  return finish(readPolicySteps(doc, source))
}

/** {@link readPolicy} in steps of a few dozen objects (see `model/steps.ts`). */
export function readPolicySteps(doc: XmlDocument, source?: string): Steps<ReadPolicy> {
  return new PolicyReader(doc, source).read()
}

/** The text content of a simple element: its text and CDATA children, decoded. */
export function textContent(text: string, el: XmlElement): string {
  const { children } = el
  if (children.length === 1) {
    const only = children[0]
    if (only?.type === 'text') return only.cdata ? text.slice(only.start + 9, only.end - 3) : decodeText(text.slice(only.start, only.end))
  }
  let out = ''
  for (const c of children) {
    if (c.type === 'text') out += c.cdata ? text.slice(c.start + 9, c.end - 3) : decodeText(text.slice(c.start, c.end))
  }
  return out
}

class PolicyReader {
  private readonly elements = new Map<string, XmlElement[]>()
  private readonly text: string

  constructor(
    private readonly doc: XmlDocument,
    private readonly source: string | undefined,
  ) {
    this.text = doc.text
  }

  *read(): Steps<ReadPolicy> {
    const { root } = this.doc
    if (root.name !== 'AzAdminManager') {
      throw new NotAStoreError(`the root element is <${root.name}>, not <AzAdminManager>: this is not an AzMan store`, this.source === undefined ? {} : { source: this.source })
    }
    const applications: Application[] = []
    const groups: ApplicationGroup[] = []
    const unknown: UnknownElement[] = []
    let count = 0
    for (const child of root.children) {
      if (child.type !== 'element') continue
      if (++count % OBJECTS_PER_STEP === 0) yield
      if (child.name === 'AzApplication') applications.push(yield* this.application(child))
      else if (child.name === 'AzApplicationGroup') groups.push(this.group(child))
      else unknown.push(this.unknownElement(child))
    }
    const guid = attr(root, 'Guid')
    const description = attr(root, 'Description')
    const store: PolicyStore = {
      majorVersion: attr(root, 'MajorVersion') ?? '',
      minorVersion: attr(root, 'MinorVersion') ?? '',
      ...(guid === undefined ? {} : { guid }),
      ...(description === undefined ? {} : { description }),
      applications,
      groups,
      extras: this.extras(root, unknown),
    }
    if (guid !== undefined) this.index(guid, root)
    return { store, elements: this.elements }
  }

  private *application(el: XmlElement): Steps<Application> {
    const operations: Operation[] = []
    const groups: ApplicationGroup[] = []
    const tasks: Task[] = []
    const roleAssignments: RoleAssignment[] = []
    const scopes: Scope[] = []
    const unknown: UnknownElement[] = []
    let count = 0
    for (const child of el.children) {
      if (child.type !== 'element') continue
      if (++count % OBJECTS_PER_STEP === 0) yield
      switch (child.name) {
        case 'AzOperation':
          operations.push(this.operation(child))
          break
        case 'AzApplicationGroup':
          groups.push(this.group(child))
          break
        case 'AzTask':
          tasks.push(this.task(child))
          break
        case 'AzRole':
          roleAssignments.push(this.roleAssignment(child))
          break
        case 'AzScope':
          scopes.push(this.scope(child))
          break
        default:
          unknown.push(this.unknownElement(child))
      }
    }
    const version = attr(el, 'ApplicationVersion')
    return { ...this.base(el, unknown), ...(version === undefined ? {} : { version }), operations, groups, tasks, roleAssignments, scopes }
  }

  private scope(el: XmlElement): Scope {
    const groups: ApplicationGroup[] = []
    const tasks: Task[] = []
    const roleAssignments: RoleAssignment[] = []
    const unknown: UnknownElement[] = []
    for (const child of el.children) {
      if (child.type !== 'element') continue
      if (child.name === 'AzApplicationGroup') groups.push(this.group(child))
      else if (child.name === 'AzTask') tasks.push(this.task(child))
      else if (child.name === 'AzRole') roleAssignments.push(this.roleAssignment(child))
      else unknown.push(this.unknownElement(child))
    }
    return { ...this.base(el, unknown), groups, tasks, roleAssignments }
  }

  private operation(el: XmlElement): Operation {
    let operationId: string | undefined
    const unknown: UnknownElement[] = []
    for (const child of el.children) {
      if (child.type !== 'element') continue
      if (child.name === 'OperationID' && operationId === undefined) operationId = textContent(this.text, child)
      else unknown.push(this.unknownElement(child))
    }
    return { ...this.base(el, unknown), operationId: operationId ?? '' }
  }

  private task(el: XmlElement): Task {
    const operationLinks: string[] = []
    const taskLinks: string[] = []
    let language: string | undefined
    let script: string | undefined
    const unknown: UnknownElement[] = []
    for (const child of el.children) {
      if (child.type !== 'element') continue
      switch (child.name) {
        case 'OperationLink':
          operationLinks.push(textContent(this.text, child))
          break
        case 'TaskLink':
          taskLinks.push(textContent(this.text, child))
          break
        case 'BizRuleLanguage':
          if (language === undefined) language = textContent(this.text, child)
          else unknown.push(this.unknownElement(child))
          break
        case 'BizRule':
          if (script === undefined) script = textContent(this.text, child)
          else unknown.push(this.unknownElement(child))
          break
        default:
          unknown.push(this.unknownElement(child))
      }
    }
    const importedPath = attr(el, 'BizRuleImportedPath')
    return {
      ...this.base(el, unknown),
      roleDefinition: attr(el, 'RoleDefinition')?.toLowerCase() === 'true',
      ...(language === undefined ? {} : { language }),
      ...(script === undefined ? {} : { script }),
      ...(importedPath === undefined ? {} : { importedPath }),
      operationLinks,
      taskLinks,
    }
  }

  private roleAssignment(el: XmlElement): RoleAssignment {
    const taskLinks: string[] = []
    const operationLinks: string[] = []
    const appMemberLinks: string[] = []
    const members: string[] = []
    const unknown: UnknownElement[] = []
    for (const child of el.children) {
      if (child.type !== 'element') continue
      switch (child.name) {
        case 'TaskLink':
          taskLinks.push(textContent(this.text, child))
          break
        case 'OperationLink':
          operationLinks.push(textContent(this.text, child))
          break
        case 'AppMemberLink':
          appMemberLinks.push(textContent(this.text, child))
          break
        case 'Member':
          members.push(textContent(this.text, child))
          break
        default:
          unknown.push(this.unknownElement(child))
      }
    }
    return { ...this.base(el, unknown), taskLinks, operationLinks, appMemberLinks, members }
  }

  private group(el: XmlElement): ApplicationGroup {
    const members: string[] = []
    const nonMembers: string[] = []
    const appMemberLinks: string[] = []
    const appNonMemberLinks: string[] = []
    const single: Record<'BizRuleLanguage' | 'LdapQuery' | 'BizRule' | 'BizRuleImportedPath', string | undefined> = {
      BizRuleLanguage: undefined,
      LdapQuery: undefined,
      BizRule: undefined,
      BizRuleImportedPath: undefined,
    }
    const unknown: UnknownElement[] = []
    for (const child of el.children) {
      if (child.type !== 'element') continue
      switch (child.name) {
        case 'Member':
          members.push(textContent(this.text, child))
          break
        case 'NonMember':
          nonMembers.push(textContent(this.text, child))
          break
        case 'AppMemberLink':
          appMemberLinks.push(textContent(this.text, child))
          break
        case 'AppNonMemberLink':
          appNonMemberLinks.push(textContent(this.text, child))
          break
        case 'BizRuleLanguage':
        case 'LdapQuery':
        case 'BizRule':
        case 'BizRuleImportedPath':
          if (single[child.name] === undefined) single[child.name] = textContent(this.text, child)
          else unknown.push(this.unknownElement(child))
          break
        default:
          unknown.push(this.unknownElement(child))
      }
    }
    const { BizRuleLanguage: language, LdapQuery: ldapQuery, BizRule: script, BizRuleImportedPath: importedPath } = single
    return {
      ...this.base(el, unknown),
      groupType: attr(el, 'GroupType') ?? '',
      members,
      nonMembers,
      appMemberLinks,
      appNonMemberLinks,
      ...(ldapQuery === undefined ? {} : { ldapQuery }),
      ...(language === undefined ? {} : { language }),
      ...(script === undefined ? {} : { script }),
      ...(importedPath === undefined ? {} : { importedPath }),
    }
  }

  /** Guid, name, description and extras, and the element indexed under its GUID. */
  private base(el: XmlElement, unknown: UnknownElement[]): { guid: string; name: string; description?: string; extras: Extras } {
    const guid = attr(el, 'Guid') ?? ''
    const description = attr(el, 'Description')
    this.index(guid, el)
    return { guid, name: attr(el, 'Name') ?? '', ...(description === undefined ? {} : { description }), extras: this.extras(el, unknown) }
  }

  private index(guid: string, el: XmlElement): void {
    if (guid === '') return
    const key = guidKey(guid)
    const list = this.elements.get(key)
    if (list) list.push(el)
    else this.elements.set(key, [el])
  }

  private extras(el: XmlElement, unknown: UnknownElement[]): Extras {
    const known = KNOWN_ATTRIBUTES[el.name]
    let attributes: UnknownAttribute[] | undefined
    for (const a of el.attributes) {
      if (known?.has(a.name)) continue
      ;(attributes ??= []).push({ name: a.name, value: a.value })
    }
    if (attributes === undefined && unknown.length === 0) return NO_EXTRAS
    return { attributes: attributes ?? [], elements: unknown }
  }

  private unknownElement(el: XmlElement): UnknownElement {
    return { name: el.name, markup: this.text.slice(el.start, el.end) }
  }
}

/** An attribute's value, or undefined when the element does not carry it. */
export function attr(el: XmlElement, name: string): string | undefined {
  for (const a of el.attributes) if (a.name === name) return a.value
  return undefined
}
