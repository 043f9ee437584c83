import { createHash } from 'node:crypto'
import { NotAStoreError } from '../../errors/input-errors.js'
import type { PolicyStore } from '../../model/policy.js'
import { decodeUtf8 } from '../decode-utf8.js'
import type { XmlDocument } from '../nodes.js'
import { scanXmlSteps } from '../scanner.js'
import { detectLayout, type XmlLayout } from './layout.js'
import { readPolicySteps, type ElementIndex } from './read-policy.js'
import { finish, finishCooperatively, type Steps } from '../../model/steps.js'

/** An XML store read from bytes: the policy, and what the lossless writer needs. */
export interface ParsedXmlStore {
  readonly policy: PolicyStore
  readonly doc: XmlDocument
  readonly index: ElementIndex
  readonly layout: XmlLayout
  /** `sha256:` and the hex hash of the bytes. */
  readonly version: string
}

export function versionOf(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
}

/**
 * Reads an AzMan XML store from its bytes. Refuses, with a stable error code,
 * anything that is not one: empty input, invalid UTF-8, malformed XML, a
 * DOCTYPE or entity, another root element. In steps of a few hundred elements
 * or a few dozen objects (see `model/steps.ts`).
 */
export function* parseXmlStoreSteps(bytes: Uint8Array, source?: string): Steps<ParsedXmlStore> {
  if (bytes.length === 0) throw new NotAStoreError('the file is empty; an AzMan store starts with <?xml', source === undefined ? {} : { source })
  const text = decodeUtf8(bytes, source)
  if (text.replace(/^\uFEFF/, '').trim() === '') {
    throw new NotAStoreError('the file is empty apart from white space; an AzMan store starts with <?xml', source === undefined ? {} : { source })
  }
  const doc = yield* scanXmlSteps(text, source)
  const { store, elements } = yield* readPolicySteps(doc, source)
  return { policy: store, doc, index: elements, layout: detectLayout(doc), version: versionOf(bytes) }
}

/** Reads an AzMan XML store from its bytes ({@link parseXmlStoreSteps} run through at once). */
export function parseXmlStore(bytes: Uint8Array, source?: string): ParsedXmlStore {
  return finish(parseXmlStoreSteps(bytes, source))
}

/** {@link parseXmlStore}, letting the event loop run other work every few milliseconds (for long-running processes). */
export function parseXmlStoreCooperatively(bytes: Uint8Array, source?: string): Promise<ParsedXmlStore> {
  return finishCooperatively(parseXmlStoreSteps(bytes, source))
}
