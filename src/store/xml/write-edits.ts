import { InvalidChangeError } from '../../errors/change-errors.js'
import type { ParentRef, PolicyEdit } from '../../model/edit/policy-edit.js'
import { guidKey } from '../../model/policy.js'
import { finish, type Steps } from '../../model/steps.js'
import { escapeAttribute, escapeText } from '../../xml/escape.js'
import type { XmlDocument, XmlElement } from '../../xml/nodes.js'
import { applySplices, type Splice } from '../../xml/splice.js'
import { isBlank, type XmlLayout } from '../../xml/policy/layout.js'
import { textContent, type ElementIndex } from '../../xml/policy/read-policy.js'
import { renderObject, renderValue } from '../../xml/policy/render-object.js'
import { ATTRIBUTE, ATTRIBUTE_ORDER, CHILD_ORDER, fieldPlace, holdsSid, LIST_ELEMENT } from '../../xml/policy/xml-shape.js'

/**
 * Writes object-level edits into an AzMan XML document by splicing: every byte
 * outside the touched objects stays as it was. New elements follow the file's
 * layout (AzMan-compact or indented) and AzMan's conventions: appended as the
 * last child of their parent, list values at their ascending position, value
 * children in AzMan's order, empty elements self-closing.
 */
export function writeEdits(doc: XmlDocument, index: ElementIndex, layout: XmlLayout, edits: readonly PolicyEdit[]): string {
  return finish(writeEditSteps(doc, index, layout, edits))
}

/** How many edits {@link writeEditSteps} writes between two steps. */
const EDITS_PER_STEP = 16

/**
 * {@link writeEdits} in steps (see `model/steps.ts`): yields after every
 * 16 edits, so that a long-running process can let other work run.
 */
export function* writeEditSteps(doc: XmlDocument, index: ElementIndex, layout: XmlLayout, edits: readonly PolicyEdit[]): Steps<string> {
  if (edits.length === 0) return doc.text
  const writer = new EditWriter(doc, index, layout)
  // Removals first, so new values are placed among the siblings that stay; then additions in
  // ascending order, so values that land at the same place come out sorted.
  const additions = edits.filter((e) => e.type === 'add')
  let done = 0
  for (const edit of [...edits.filter((e) => e.type !== 'add'), ...additions.sort(compareAdditions)]) {
    writer.edit(edit)
    if (++done % EDITS_PER_STEP === 0) yield
  }
  yield
  return applySplices(doc.text, writer.splices())
}

function compareAdditions(a: PolicyEdit, b: PolicyEdit): number {
  if (a.type !== 'add' || b.type !== 'add') return 0
  const key = (e: typeof a): string => (e.list === 'members' || e.list === 'nonMembers' ? e.value : guidKey(e.value))
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0
}

type Anchor = { readonly before: XmlElement } | { readonly after: XmlElement } | 'end'

interface Insert {
  readonly anchor: Anchor
  /** Markup of the new element, without leading indentation. */
  readonly markup: string
}

/** What happens to one existing element. */
interface ElementWork {
  readonly el: XmlElement
  /** Nesting level; the root is 0. */
  readonly depth: number
  readonly attributes: Map<string, string | undefined>
  readonly removed: Set<XmlElement>
  readonly inserts: Insert[]
  readonly contents: Map<XmlElement, string>
}

/**
 * The value children of one name of an element, for placing and finding
 * values without a scan per edit: in document order, with their keys, the
 * running maximum of the keys, and where each key is.
 */
interface ValueChildren {
  readonly elements: readonly XmlElement[]
  readonly keys: readonly string[]
  /** `maxKeys[i]`: the largest of `keys[0..i]` (non-decreasing, so it can be searched). */
  readonly maxKeys: readonly string[]
  /** Key to the indexes holding it, in document order. */
  readonly byKey: ReadonlyMap<string, readonly number[]>
}

/**
 * The first of the children (document order) whose key is above `key`, as a
 * scan would find it: a binary search over the running maximum of the keys.
 */
function firstAbove(list: ValueChildren, key: string): XmlElement | undefined {
  let low = 0
  let high = list.maxKeys.length
  while (low < high) {
    const mid = (low + high) >> 1
    if ((list.maxKeys[mid] as string) > key) high = mid
    else low = mid + 1
  }
  return list.elements[low]
}

class EditWriter {
  private readonly work = new Map<XmlElement, ElementWork>()
  /** For removals: by element, then child name; built when first needed. */
  private readonly finding = new Map<XmlElement, Map<string, ValueChildren>>()
  /** For additions, which run after every removal: the children that stay, by element and name. */
  private readonly placing = new Map<XmlElement, Map<string, ValueChildren>>()
  private readonly text: string

  constructor(
    private readonly doc: XmlDocument,
    private readonly index: ElementIndex,
    private readonly layout: XmlLayout,
  ) {
    this.text = doc.text
  }

  edit(edit: PolicyEdit): void {
    switch (edit.type) {
      case 'set-store':
        this.workOf(this.doc.root, 0).attributes.set(ATTRIBUTE[edit.field], edit.value)
        return
      case 'create': {
        const [parent, depth] = this.parentOf(edit.parent)
        const rendered = renderObject(edit, this.layout, depth + 1)
        this.workOf(parent, depth).inserts.push({ anchor: 'end', markup: this.layout.style === 'indented' ? rendered.trimStart() : rendered })
        return
      }
      case 'delete': {
        const [parent, depth] = this.parentOf(edit.parent)
        this.workOf(parent, depth).removed.add(this.find(edit.guid))
        return
      }
      case 'set': {
        const el = this.find(edit.guid)
        const work = this.workOf(el, this.depthOf(edit.parent) + 1)
        const place = fieldPlace(el.name, edit.field)
        if ('attribute' in place) {
          work.attributes.set(place.attribute, edit.value)
          return
        }
        const existing = this.children(work, place.child)[0]
        if (edit.value === undefined) {
          if (existing) work.removed.add(existing)
        } else if (existing) {
          work.contents.set(existing, this.newlines(escapeText(edit.value)))
        } else {
          work.inserts.push({ anchor: this.anchorFor(work, place.child, undefined), markup: renderValue(place.child, edit.value, this.layout) })
        }
        return
      }
      case 'add': {
        const el = this.find(edit.guid)
        const work = this.workOf(el, this.depthOf(edit.parent) + 1)
        const name = LIST_ELEMENT[edit.list]
        work.inserts.push({ anchor: this.anchorFor(work, name, edit.value), markup: renderValue(name, edit.value, this.layout) })
        return
      }
      case 'remove': {
        const el = this.find(edit.guid)
        const work = this.workOf(el, this.depthOf(edit.parent) + 1)
        const name = LIST_ELEMENT[edit.list]
        const list = this.valueChildren(this.finding, work, name)
        const index = list.byKey.get(this.keyFor(name)(edit.value))?.find((i) => !work.removed.has(list.elements[i] as XmlElement))
        if (index !== undefined) work.removed.add(list.elements[index] as XmlElement)
        return
      }
    }
  }

  /** All splices, element by element. */
  splices(): Splice[] {
    const out: Splice[] = []
    for (const work of this.work.values()) {
      this.attributeSplices(work, out)
      this.contentSplices(work, out)
    }
    return out
  }

  private attributeSplices(work: ElementWork, out: Splice[]): void {
    const { el } = work
    const order = ATTRIBUTE_ORDER[el.name] ?? []
    const rank = (name: string): number => {
      const i = order.indexOf(name)
      return i === -1 ? Number.MAX_SAFE_INTEGER : i
    }
    const nameEnd = el.start + 1 + el.name.length
    const endOf = (i: number): number => {
      const a = el.attributes[i]
      return a === undefined ? nameEnd : a.valueEnd + 1
    }
    const changes = [...work.attributes].sort((a, b) => rank(a[0]) - rank(b[0]))
    for (const [name, value] of changes) {
      const i = el.attributes.findIndex((a) => a.name === name)
      const existing = el.attributes[i]
      if (existing) {
        if (value === undefined) out.push({ start: endOf(i - 1), end: existing.valueEnd + 1, text: '' })
        else {
          const quote = this.text[existing.valueStart - 1]
          const escaped = escapeAttribute(value)
          out.push({ start: existing.valueStart, end: existing.valueEnd, text: quote === "'" ? escaped.replace(/'/g, '&apos;') : escaped })
        }
      } else if (value !== undefined) {
        // After the last attribute that AzMan writes before this one.
        let after = -1
        el.attributes.forEach((a, j) => {
          if (rank(a.name) < rank(name)) after = j
        })
        out.push({ start: endOf(after), end: endOf(after), text: ` ${name}="${escapeAttribute(value)}"` })
      }
    }
  }

  private contentSplices(work: ElementWork, out: Splice[]): void {
    const { el, depth, removed, inserts, contents } = work
    const indented = this.layout.style === 'indented'
    const pad = (level: number): string => this.layout.newline + this.layout.indent.repeat(level)

    const emptied = inserts.length === 0 && contents.size === 0 && removed.size > 0 && el.children.every((c) => (c.type === 'element' ? removed.has(c) : isBlank(this.text, c)))
    if (emptied && !el.selfClosing) {
      // AzMan writes an element that lost all its children as an empty-element tag.
      out.push({ start: el.openEnd - 1, end: el.end, text: '/>' })
      return
    }

    for (const child of removed) {
      const i = el.children.indexOf(child)
      const before = el.children[i - 1]
      const start = indented && isBlank(this.text, before) ? before.start : child.start
      out.push({ start, end: child.end, text: '' })
    }
    for (const [child, value] of contents) {
      if (child.selfClosing) out.push({ start: child.start, end: child.end, text: `<${child.name}>${value}</${child.name}>` })
      else out.push({ start: child.openEnd, end: child.closeStart, text: value })
    }

    const atEnd: string[] = []
    for (const insert of inserts) {
      const { anchor, markup } = insert
      if (anchor === 'end') atEnd.push(markup)
      else if ('before' in anchor) out.push({ start: anchor.before.start, end: anchor.before.start, text: indented ? markup + pad(depth + 1) : markup })
      else out.push({ start: anchor.after.end, end: anchor.after.end, text: indented ? pad(depth + 1) + markup : markup })
    }
    if (atEnd.length === 0) return

    const remaining = el.children.filter((c): c is XmlElement => c.type === 'element' && !removed.has(c))
    const last = remaining[remaining.length - 1]
    if (el.selfClosing) {
      const content = indented ? atEnd.map((m) => pad(depth + 1) + m).join('') + pad(depth) : atEnd.join('')
      out.push({ start: el.end - 2, end: el.end, text: `>${content}</${el.name}>` })
    } else if (!indented) {
      out.push({ start: el.closeStart, end: el.closeStart, text: atEnd.join('') })
    } else if (last) {
      out.push({ start: last.end, end: last.end, text: atEnd.map((m) => pad(depth + 1) + m).join('') })
    } else {
      // An indented element with no element children left: lay out its content afresh.
      const blank = el.children.every((c) => c.type === 'element' || isBlank(this.text, c))
      const content = atEnd.map((m) => pad(depth + 1) + m).join('')
      if (blank && el.children.every((c) => c.type !== 'element')) out.push({ start: el.openEnd, end: el.closeStart, text: content + pad(depth) })
      else out.push({ start: el.closeStart, end: el.closeStart, text: content + pad(depth) })
    }
  }

  /** Where a new value child goes: among same-name siblings in ascending order, else at its kind's place. */
  private anchorFor(work: ElementWork, name: string, value: string | undefined): Anchor {
    // A value is placed by an addition (after every removal: the children that stay are known); a
    // single-valued field by a 'set', which has one such child at most.
    const list = value === undefined ? undefined : this.valueChildren(this.placing, work, name)
    const siblings = list?.elements ?? this.children(work, name)
    const last = siblings[siblings.length - 1]
    if (last) {
      if (list === undefined || value === undefined) return { after: last }
      const next = firstAbove(list, this.keyFor(name)(value))
      return next ? { before: next } : { after: last }
    }
    const order = CHILD_ORDER[work.el.name] ?? []
    const rank = order.indexOf(name)
    const laterKind = work.el.children.find((c): c is XmlElement => c.type === 'element' && !work.removed.has(c) && order.indexOf(c.name) > rank && order.includes(c.name))
    return laterKind ? { before: laterKind } : 'end'
  }

  /** The value children named `name` of `work` not being removed when first asked for, kept in `cache`. */
  private valueChildren(cache: Map<XmlElement, Map<string, ValueChildren>>, work: ElementWork, name: string): ValueChildren {
    let byName = cache.get(work.el)
    if (!byName) cache.set(work.el, (byName = new Map<string, ValueChildren>()))
    let list = byName.get(name)
    if (!list) {
      const elements = this.children(work, name)
      const key = this.keyFor(name)
      const keys = elements.map((c) => key(textContent(this.text, c)))
      const maxKeys: string[] = []
      const byKey = new Map<string, number[]>()
      keys.forEach((k, i) => {
        const before = maxKeys[i - 1]
        maxKeys.push(before !== undefined && before > k ? before : k)
        const at = byKey.get(k)
        if (at) at.push(i)
        else byKey.set(k, [i])
      })
      list = { elements, keys, maxKeys, byKey }
      byName.set(name, list)
    }
    return list
  }

  private keyFor(element: string): (value: string) => string {
    return holdsSid(element) ? (v) => v : guidKey
  }

  /** Child elements named `name` that are not being removed. */
  private children(work: ElementWork, name: string): XmlElement[] {
    return work.el.children.filter((c): c is XmlElement => c.type === 'element' && c.name === name && !work.removed.has(c))
  }

  private newlines(value: string): string {
    return this.layout.newline === '\n' ? value : value.replace(/\r?\n/g, this.layout.newline)
  }

  private workOf(el: XmlElement, depth: number): ElementWork {
    let work = this.work.get(el)
    if (!work) {
      work = { el, depth, attributes: new Map(), removed: new Set(), inserts: [], contents: new Map() }
      this.work.set(el, work)
    }
    return work
  }

  private depthOf(parent: ParentRef): number {
    return parent.scope !== undefined ? 2 : parent.application !== undefined ? 1 : 0
  }

  private parentOf(parent: ParentRef): [XmlElement, number] {
    if (parent.scope !== undefined) return [this.find(parent.scope), 2]
    if (parent.application !== undefined) return [this.find(parent.application), 1]
    return [this.doc.root, 0]
  }

  private find(guid: string): XmlElement {
    const found = this.index.get(guidKey(guid))
    if (!found || found.length === 0) {
      throw new InvalidChangeError('AZMAN_ERR_CHANGE_UNKNOWN_OBJECT', `no object with GUID ${guid} in the store`)
    }
    if (found.length > 1) {
      throw new InvalidChangeError('AZMAN_ERR_CHANGE_AMBIGUOUS_GUID', `${found.length} objects share the GUID ${guid}; fix the duplicate (see azman validate) before editing it`)
    }
    const [el] = found
    if (el === undefined) throw new InvalidChangeError('AZMAN_ERR_CHANGE_UNKNOWN_OBJECT', `no object with GUID ${guid} in the store`)
    return el
  }
}
