import type { FastifyReply, FastifyRequest } from 'fastify'
import { AccessIndex } from '../access/index.js'
import type { WriteOutcome, WriteSettings } from '../change-set/run-write.js'
import { versionAfter } from '../change-set/run-write.js'
import { writeOutcomeInDetail, type PlanDetail, type PublicWriteOutcome } from '../change-set/plan-detail.js'
import type { SidNames } from '../directory/sid-names.js'
import type { PolicyStore } from '../model/policy.js'
import type { StoreSnapshot } from '../store/port.js'
import type { ExpectedVersion } from '../store/precondition.js'
import { showView, type ShowView } from '../views/show-view.js'
import { decodeReason } from './reason-header.js'

/** The ETag of a store version: the version, quoted (a strong validator). */
export function etagOf(version: string): string {
  return `"${version}"`
}

/**
 * The versions an `If-Match` header names (RFC 9110 §13.1.1: `*`, or a
 * comma-separated list of entity tags, any of which will do): undefined for
 * none or `*` (any version of a store that exists). A weak tag never matches,
 * as RFC 9110 wants for If-Match, so it is kept with its `W/` to fail the
 * comparison. The header's syntax is checked by the schema (WriteHeaders).
 */
export function ifMatchOf(header: string | undefined): readonly string[] | undefined {
  const value = header?.trim()
  if (value === undefined || value === '*') return undefined
  return (value.match(/(?:W\/)?"[^"]*"/g) ?? []).map((tag) => (tag.startsWith('"') ? tag.slice(1, -1) : tag))
}

/** Whether an `If-None-Match` header names this version (or `*`). */
function notModified(request: FastifyRequest, version: string): boolean {
  const header = request.headers['if-none-match']
  if (header === undefined) return false
  const tags = header.split(',').map((t) => t.trim().replace(/^W\//, ''))
  return tags.includes('*') || tags.includes(etagOf(version))
}

/** Sends a representation of the store at `version` with its ETag; 304 when the client has it already. */
export function sendVersioned<T>(request: FastifyRequest, reply: FastifyReply, version: string, body: T): T | FastifyReply {
  reply.header('etag', etagOf(version))
  if (notModified(request, version)) return reply.code(304).send()
  return body
}

/** Sends what a write did, with the ETag of the version it left the store at; its plan as `detail` shows it (`?detail=`). */
export function sendOutcome(reply: FastifyReply, outcome: WriteOutcome, detail: PlanDetail | undefined): WriteOutcome | PublicWriteOutcome {
  reply.header('etag', etagOf(versionAfter(outcome)))
  return writeOutcomeInDetail(outcome, detail ?? 'summary')
}

const indexes = new WeakMap<PolicyStore, Map<string, AccessIndex>>()

/**
 * The access index of one application of a snapshot, built once per store
 * version and application (an unknown application is a 404).
 */
export function accessIndexOf(snapshot: StoreSnapshot, app: string): AccessIndex {
  let byApp = indexes.get(snapshot.policy)
  if (byApp === undefined) {
    byApp = new Map()
    indexes.set(snapshot.policy, byApp)
  }
  const key = app.toLowerCase()
  let index = byApp.get(key)
  if (index === undefined) {
    index = AccessIndex.build(snapshot.policy, app)
    byApp.set(key, index)
  }
  return index
}

const views = new WeakMap<PolicyStore, ShowView>()

/**
 * The show view of a snapshot (`azman show --json`), computed once per store
 * version: snapshots are immutable and the store keeps the last one.
 */
export function viewOf(snapshot: StoreSnapshot, store: string): ShowView {
  let view = views.get(snapshot.policy)
  if (view === undefined || view.store !== store || view.version !== snapshot.version) {
    view = showView(snapshot.policy, store, snapshot.version)
    views.set(snapshot.policy, view)
  }
  return view
}

/** The service's names file's table (config `names`), for plans in words, as plan options take it. */
export function namesOf(request: FastifyRequest): { names?: SidNames } {
  const table = request.server.azman.config.names
  return table === undefined ? {} : { names: table.names }
}

/** Query string and headers every write takes. */
export interface WriteInput {
  readonly query: { readonly dryRun?: boolean; readonly force?: boolean; readonly allowBroad?: boolean; readonly detail?: PlanDetail }
  readonly headers: { readonly 'if-match'?: string; readonly 'azman-reason'?: string }
  /** The JSON body, when the route takes one: `"allowBroad": true` in it allows as `?allowBroad=true` does. */
  readonly body?: { readonly allowBroad?: boolean }
}

/**
 * How a request writes: as its token's name (the journal's actor), for the
 * reason in its `Azman-Reason` header (UTF-8: {@link decodeReason}), only at a version its `If-Match`
 * names, waiting for other writers as long as the server allows. Broad grants are allowed by
 * `?allowBroad=true` or by `"allowBroad": true` in the body (either one).
 */
export function writeSettingsOf(request: FastifyRequest, input: WriteInput): WriteSettings {
  const asked = ifMatchOf(input.headers['if-match'])
  const reason = decodeReason(input.headers['azman-reason'])
  const ifMatch: ExpectedVersion | undefined = asked
  return {
    dryRun: input.query.dryRun === true,
    force: input.query.force === true,
    allowBroad: input.query.allowBroad === true || input.body?.allowBroad === true,
    actor: request.caller?.name ?? 'unknown',
    lockTimeoutMs: request.server.azman.config.lockTimeoutMs,
    ...namesOf(request),
    ...(reason === undefined ? {} : { reason }),
    ...(ifMatch === undefined ? {} : { ifMatch }),
  }
}
