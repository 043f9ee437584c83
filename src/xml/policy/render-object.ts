import { fragment } from 'xmlbuilder2'
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js'
import type { EditedObject } from '../../model/edit/policy-edit.js'
import { guidKey, type ApplicationGroup, type Application, type Operation, type RoleAssignment, type Scope, type Task } from '../../model/policy.js'
import type { XmlLayout } from './layout.js'
import { ATTRIBUTE as A, ATTRIBUTE_ORDER, ELEMENT_OF as E, LIST_ELEMENT as L, VALUE_CHILD as V } from './xml-shape.js'

/**
 * Renders a new object, with everything inside it, the way AzMan writes it:
 * attributes in AzMan's order with absent ones omitted, value children in
 * AzMan's order, list values ascending, empty elements self-closing. In an
 * indented file the markup is indented for `depth` (the new element's level,
 * the root being 0) and starts with that indentation.
 */
export function renderObject(edited: EditedObject, layout: XmlLayout, depth: number): string {
  const root = fragment()
  new ObjectRenderer(layout).object(root, edited)
  return layout.style === 'compact' ? root.end({ headless: true }) : root.end({ headless: true, prettyPrint: true, indent: layout.indent, newline: layout.newline, offset: depth })
}

/** One value child, `<Member>S-1-1-0</Member>`, for inserting into an existing element. */
export function renderValue(element: string, value: string, layout: XmlLayout): string {
  const root = fragment()
  root.ele(element).txt(textFor(value, layout))
  return root.end({ headless: true })
}

/*
 * xmlbuilder2 escapes `<`, `>` and `"` but leaves an `&` that starts what looks
 * like a reference (`&name;`, `&#38;`) as it is, so `R&D;` would come out as an
 * entity reference and `a &amp; b` as `a & b`. Every `&` is escaped here first
 * (xmlbuilder2 then leaves `&amp;` alone), and the characters XML would not give
 * back as they are become decimal references, the only form it passes through:
 * CR in text (it reads back as LF), TAB, LF and CR in attributes (they read back
 * as spaces). Line ends in text then take the file's own newline.
 */

/** Text content as xmlbuilder2 must be given it so that it reads back as `value`. */
function textFor(value: string, layout: XmlLayout): string {
  const escaped = value.replace(/&/g, '&amp;').replace(/\r/g, '&#13;')
  return layout.newline === '\n' ? escaped : escaped.replace(/\n/g, layout.newline)
}

/** An attribute value as xmlbuilder2 must be given it so that it reads back as `value`. */
function attributeFor(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;')
}

function sortedGuids(values: readonly string[]): string[] {
  return [...values].sort((a, b) => (guidKey(a) < guidKey(b) ? -1 : guidKey(a) > guidKey(b) ? 1 : 0))
}

function sortedSids(values: readonly string[]): string[] {
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

class ObjectRenderer {
  constructor(private readonly layout: XmlLayout) {}

  object(parent: XMLBuilder, edited: EditedObject): void {
    switch (edited.kind) {
      case 'application':
        this.application(parent, edited.object)
        break
      case 'operation':
        this.operation(parent, edited.object)
        break
      case 'task':
        this.task(parent, edited.object)
        break
      case 'role-assignment':
        this.roleAssignment(parent, edited.object)
        break
      case 'group':
        this.group(parent, edited.object)
        break
      case 'scope':
        this.scope(parent, edited.object)
        break
    }
  }

  private element(parent: XMLBuilder, name: string, values: Readonly<Record<string, string | undefined>>): XMLBuilder {
    const attributes: Record<string, string> = {}
    for (const key of ATTRIBUTE_ORDER[name] ?? []) {
      const value = values[key]
      if (value !== undefined) attributes[key] = attributeFor(value)
    }
    return parent.ele(name, attributes)
  }

  private value(parent: XMLBuilder, name: string, value: string | undefined): void {
    if (value !== undefined) parent.ele(name).txt(textFor(value, this.layout))
  }

  private values(parent: XMLBuilder, name: string, values: readonly string[]): void {
    for (const v of values) parent.ele(name).txt(textFor(v, this.layout))
  }

  private application(parent: XMLBuilder, app: Application): void {
    const el = this.element(parent, E.application, { [A.guid]: app.guid, [A.name]: app.name, [A.description]: app.description, [A.version]: app.version })
    for (const g of app.groups) this.group(el, g)
    for (const o of app.operations) this.operation(el, o)
    for (const t of app.tasks) this.task(el, t)
    for (const r of app.roleAssignments) this.roleAssignment(el, r)
    for (const s of app.scopes) this.scope(el, s)
  }

  private scope(parent: XMLBuilder, scope: Scope): void {
    const el = this.element(parent, E.scope, { [A.guid]: scope.guid, [A.name]: scope.name, [A.description]: scope.description })
    for (const g of scope.groups) this.group(el, g)
    for (const t of scope.tasks) this.task(el, t)
    for (const r of scope.roleAssignments) this.roleAssignment(el, r)
  }

  private operation(parent: XMLBuilder, op: Operation): void {
    const el = this.element(parent, E.operation, { [A.guid]: op.guid, [A.name]: op.name, [A.description]: op.description })
    this.value(el, V.operationId, op.operationId)
  }

  private task(parent: XMLBuilder, task: Task): void {
    const el = this.element(parent, E.task, {
      [A.guid]: task.guid,
      [A.name]: task.name,
      [A.description]: task.description,
      [A.importedPath]: task.importedPath,
      [A.roleDefinition]: task.roleDefinition ? 'True' : undefined,
    })
    this.value(el, V.language, task.language)
    this.value(el, V.script, task.script)
    this.values(el, L.operationLinks, sortedGuids(task.operationLinks))
    this.values(el, L.taskLinks, sortedGuids(task.taskLinks))
  }

  private roleAssignment(parent: XMLBuilder, ra: RoleAssignment): void {
    const el = this.element(parent, E['role-assignment'], { [A.guid]: ra.guid, [A.name]: ra.name, [A.description]: ra.description })
    this.values(el, L.taskLinks, sortedGuids(ra.taskLinks))
    this.values(el, L.operationLinks, sortedGuids(ra.operationLinks))
    this.values(el, L.appMemberLinks, sortedGuids(ra.appMemberLinks))
    this.values(el, L.members, sortedSids(ra.members))
  }

  private group(parent: XMLBuilder, group: ApplicationGroup): void {
    const el = this.element(parent, E.group, { [A.guid]: group.guid, [A.name]: group.name, [A.description]: group.description, [A.groupType]: group.groupType })
    this.value(el, V.language, group.language)
    this.value(el, V.ldapQuery, group.ldapQuery)
    this.value(el, V.script, group.script)
    this.value(el, V.importedPath, group.importedPath)
    this.values(el, L.members, sortedSids(group.members))
    this.values(el, L.nonMembers, sortedSids(group.nonMembers))
    this.values(el, L.appMemberLinks, sortedGuids(group.appMemberLinks))
    this.values(el, L.appNonMemberLinks, sortedGuids(group.appNonMemberLinks))
  }
}
