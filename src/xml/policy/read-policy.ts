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
import { ATTRIBUTE as A, ATTRIBUTE_ORDER, ELEMENT_OF as E, LIST_ELEMENT as L, STORE_ELEMENT, VALUE_CHILD as V } from './xml-shape.js'

/** The element that holds each object, by GUID key. A GUID used twice maps to every element that uses it. */
export type ElementIndex = ReadonlyMap<string, readonly XmlElement[]>

export interface ReadPolicy {
  readonly store: PolicyStore
  readonly elements: ElementIndex
}

/** The attributes the model reads, per element; any other is carried in `extras`. */
const KNOWN_ATTRIBUTES: ReadonlyMap<string, ReadonlySet<string>> = new Map(Object.entries(ATTRIBUTE_ORDER).map(([element, names]) => [element, new Set(names)]))

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
    if (root.name !== STORE_ELEMENT) {
      throw new NotAStoreError(`the root element is <${root.name}>, not <${STORE_ELEMENT}>: this is not an AzMan store`, this.source === undefined ? {} : { source: this.source })
    }
    const applications: Application[] = []
    const groups: ApplicationGroup[] = []
    const unknown: UnknownElement[] = []
    let count = 0
    for (const child of root.children) {
      if (child.type !== 'element') continue
      if (++count % OBJECTS_PER_STEP === 0) yield
      if (child.name === E.application) applications.push(yield* this.application(child))
      else if (child.name === E.group) groups.push(this.group(child))
      else unknown.push(this.unknownElement(child))
    }
    const guid = attr(root, A.guid)
    const description = attr(root, A.description)
    const store: PolicyStore = {
      majorVersion: attr(root, A.majorVersion) ?? '',
      minorVersion: attr(root, A.minorVersion) ?? '',
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
        case E.operation:
          operations.push(this.operation(child))
          break
        case E.group:
          groups.push(this.group(child))
          break
        case E.task:
          tasks.push(this.task(child))
          break
        case E['role-assignment']:
          roleAssignments.push(this.roleAssignment(child))
          break
        case E.scope:
          scopes.push(this.scope(child))
          break
        default:
          unknown.push(this.unknownElement(child))
      }
    }
    const version = attr(el, A.version)
    return { ...this.base(el, unknown), ...(version === undefined ? {} : { version }), operations, groups, tasks, roleAssignments, scopes }
  }

  private scope(el: XmlElement): Scope {
    const groups: ApplicationGroup[] = []
    const tasks: Task[] = []
    const roleAssignments: RoleAssignment[] = []
    const unknown: UnknownElement[] = []
    for (const child of el.children) {
      if (child.type !== 'element') continue
      if (child.name === E.group) groups.push(this.group(child))
      else if (child.name === E.task) tasks.push(this.task(child))
      else if (child.name === E['role-assignment']) roleAssignments.push(this.roleAssignment(child))
      else unknown.push(this.unknownElement(child))
    }
    return { ...this.base(el, unknown), groups, tasks, roleAssignments }
  }

  private operation(el: XmlElement): Operation {
    const { values, unknown } = this.children(el, [], ['operationId'])
    return { ...this.base(el, unknown), operationId: values.operationId ?? '' }
  }

  private task(el: XmlElement): Task {
    const {
      lists: { operationLinks, taskLinks },
      values: { language, script },
      unknown,
    } = this.children(el, ['operationLinks', 'taskLinks'], ['language', 'script'])
    const importedPath = attr(el, A.importedPath)
    return {
      ...this.base(el, unknown),
      roleDefinition: attr(el, A.roleDefinition)?.toLowerCase() === 'true',
      ...(language === undefined ? {} : { language }),
      ...(script === undefined ? {} : { script }),
      ...(importedPath === undefined ? {} : { importedPath }),
      operationLinks,
      taskLinks,
    }
  }

  private roleAssignment(el: XmlElement): RoleAssignment {
    const {
      lists: { taskLinks, operationLinks, appMemberLinks, members },
      unknown,
    } = this.children(el, ['taskLinks', 'operationLinks', 'appMemberLinks', 'members'], [])
    return { ...this.base(el, unknown), taskLinks, operationLinks, appMemberLinks, members }
  }

  private group(el: XmlElement): ApplicationGroup {
    const {
      lists: { members, nonMembers, appMemberLinks, appNonMemberLinks },
      values: { language, ldapQuery, script, importedPath },
      unknown,
    } = this.children(el, ['members', 'nonMembers', 'appMemberLinks', 'appNonMemberLinks'], ['language', 'ldapQuery', 'script', 'importedPath'])
    return {
      ...this.base(el, unknown),
      groupType: attr(el, A.groupType) ?? '',
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

  /**
   * The child elements of an object, by the shape table (xml-shape.ts): the text of each list element
   * ({@link L}) in document order, the first of each value child ({@link V}), and every other child (a repeated
   * value child too) as an unknown element, in document order, for a byte-exact round trip.
   */
  private children<K extends keyof typeof L, W extends keyof typeof V>(
    el: XmlElement,
    lists: readonly K[],
    values: readonly W[],
  ): { lists: Record<K, string[]>; values: Partial<Record<W, string>>; unknown: UnknownElement[] } {
    const found = { lists: {} as Record<K, string[]>, values: {} as Partial<Record<W, string>>, unknown: [] as UnknownElement[] }
    const listOf = new Map<string, string[]>()
    for (const k of lists) listOf.set(L[k], (found.lists[k] = []))
    const valueOf = new Map<string, W>(values.map((w) => [V[w], w]))
    for (const child of el.children) {
      if (child.type !== 'element') continue
      const list = listOf.get(child.name)
      const value = valueOf.get(child.name)
      if (list !== undefined) list.push(textContent(this.text, child))
      else if (value !== undefined && found.values[value] === undefined) found.values[value] = textContent(this.text, child)
      else found.unknown.push(this.unknownElement(child))
    }
    return found
  }

  /** Guid, name, description and extras, and the element indexed under its GUID. */
  private base(el: XmlElement, unknown: UnknownElement[]): { guid: string; name: string; description?: string; extras: Extras } {
    const guid = attr(el, A.guid) ?? ''
    const description = attr(el, A.description)
    this.index(guid, el)
    return { guid, name: attr(el, A.name) ?? '', ...(description === undefined ? {} : { description }), extras: this.extras(el, unknown) }
  }

  private index(guid: string, el: XmlElement): void {
    if (guid === '') return
    const key = guidKey(guid)
    const list = this.elements.get(key)
    if (list) list.push(el)
    else this.elements.set(key, [el])
  }

  private extras(el: XmlElement, unknown: UnknownElement[]): Extras {
    const known = KNOWN_ATTRIBUTES.get(el.name)
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
