import { Type, type Static } from '@sinclair/typebox'
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { ConflictError, InvalidChangeError } from '../../errors/change-errors.js'
import { NotFoundError } from '../../errors/lookup-error.js'
import { UsageError } from '../../errors/usage-error.js'
import { broadPrincipal } from '../../model/broad-principals.js'
import type { PolicyStore } from '../../model/policy.js'
import { quote } from '../../model/quote.js'
import { canonicalSid, isValidSid, wellKnownSidName } from '../../model/sid.js'
import { azmanVersion } from '../../report/azman-version.js'
import { versionOf } from '../../xml/policy/parse-xml-store.js'
import { COLLECTOR_FILE, stampCollector } from '../collector/collector-script.js'
import { jsLiteral } from './js-literal.js'

/** The host script's template, beside the collector (see collector-script.ts for why this path). */
export const HOST_SCRIPT_FILE = fileURLToPath(new URL('../../../collector/azman-host-script.js', import.meta.url))
export const HOST_SCRIPT_NAME = 'azman-host-script.js'
/** The template's line that the plan replaces. */
export const PLAN_LINE = 'var PLAN = null; // @AZMAN_PLAN@'
/** The template's line that the store's bytes (Base64 lines) replace. */
export const STORE_LINE = 'var STORE = null; // @AZMAN_STORE@'
/** The template's line that the collector's shared part (SHA-256, store paths) replaces. */
export const SHARED_LINE = '// @AZMAN_SHARED@'
const SHARED_BEGIN = '// @AZMAN_SHARED_BEGIN@'
const SHARED_END = '// @AZMAN_SHARED_END@'
/** Base64 characters on one line of the script's STORE. */
const STORE_LINE_CHARS = 100

/** Bounds on one script: more is a mistake, or an attempt to make the script unreadable. */
export const MAX_VMS = 1000
export const MAX_PRINCIPALS = 100
export const MAX_VM_NAME = 256
/** The largest store a script installs, in bytes (32 MiB; Hyper-V stores are kilobytes): WSH holds it in memory twice. */
export const MAX_INSTALL_BYTES = 32 * 1024 * 1024

const SHA256_HEX = '^(sha256:)?[0-9a-fA-F]{64}$'

/**
 * What a host script does, as `azman host script` and `POST /stores/{store}/host-scripts` take it:
 * the schema is the type, the REST validator and the OpenAPI shape. The service checks the bounds
 * again (a library caller passes no validator).
 */
export const HostScriptRequestSchema = Type.Object(
  {
    app: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'The application; default "Hyper-V services"' })),
    scope: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'The scope the VMs are bound to; the store must have it (needed with vms)' })),
    vms: Type.Array(Type.String({ minLength: 1, maxLength: MAX_VM_NAME }), { maxItems: MAX_VMS, description: 'VMs by name or GUID, to bind to the scope (revoking: to unbind from it)' }),
    grant: Type.Array(Type.String({ minLength: 1, maxLength: 512 }), {
      maxItems: MAX_PRINCIPALS,
      description: 'SIDs to give what remote Hyper-V Manager needs (revoking: to take it away); over REST also well-known names and DOMAIN\\name through the directory or the names file',
    }),
    revoke: Type.Optional(Type.Boolean({ description: 'Write the script that undoes the grant and unbinds the VMs' })),
    allowBroad: Type.Optional(Type.Boolean({ description: 'Let a broad principal (Everyone, Domain Users ...) be granted remote access' })),
    installStore: Type.Optional(
      Type.Object(
        {
          baseSha256: Type.String({
            pattern: SHA256_HEX,
            description: "The SHA-256 of the host's store file as it is now, the version the edit was planned from (from its host facts' store.sha256); the script installs over nothing else",
          }),
        },
        { additionalProperties: false, description: "Install this store's file where the host's StoreLocation points, over the version it was planned from, keeping a backup" },
      ),
    ),
  },
  { additionalProperties: false },
)
export type HostScriptRequest = Static<typeof HostScriptRequestSchema>

/** The data a script carries, as its PLAN literal shows it. */
export interface HostScriptPlan {
  readonly store: string
  readonly version: string
  readonly app: string
  /** null when the script binds no VM. */
  readonly scope: string | null
  readonly vms: readonly string[]
  readonly principals: readonly { readonly sid: string; readonly label: string }[]
  readonly revoke: boolean
  /** The store the script installs (its bytes are in the script's STORE), or null. */
  readonly install: { readonly sha256: string; readonly baseSha256: string; readonly size: number } | null
}

/** The store a script is planned from: how it was named, its version, and (XML files) its bytes. */
export interface HostScriptStore {
  readonly reference: string
  readonly version: string
  /** The file's bytes, for installStore; undefined for an AD store. */
  readonly bytes?: Uint8Array
}

/** A generated host script. */
export interface HostScript {
  /** The JScript text (ASCII, LF line ends). */
  readonly text: string
  readonly sha256: string
  readonly version: string
  readonly plan: HostScriptPlan
}

/** The application and the scope as the store spells them; NotFoundError naming those there are. */
function appAndScope(policy: PolicyStore, appName: string, scopeName: string | undefined): { app: string; scope: string | null } {
  const app = policy.applications.find((a) => a.name === appName) ?? policy.applications.find((a) => a.name.toLowerCase() === appName.toLowerCase())
  if (app === undefined) throw new NotFoundError(`the store has no application ${quote(appName)} (applications: ${policy.applications.map((a) => quote(a.name)).join(', ') || 'none'})`)
  if (scopeName === undefined) return { app: app.name, scope: null }
  const scope = app.scopes.find((s) => s.name === scopeName) ?? app.scopes.find((s) => s.name.toLowerCase() === scopeName.toLowerCase())
  if (scope === undefined)
    throw new NotFoundError(`application ${quote(app.name)} has no scope ${quote(scopeName)}, so no VM can be bound to it (scopes: ${app.scopes.map((s) => quote(s.name)).join(', ') || 'none'})`)
  return { app: app.name, scope: scope.name }
}

function checkedVms(vms: readonly string[]): string[] {
  if (vms.length > MAX_VMS) throw new UsageError(`host script: ${vms.length} VMs; at most ${MAX_VMS} in one script`)
  const out: string[] = []
  for (const vm of vms) {
    if (vm.trim() === '' || vm.length > MAX_VM_NAME) throw new UsageError(`host script: a VM name must be 1 to ${MAX_VM_NAME} characters, not ${quote(vm.slice(0, 40))}`)
    if (!out.includes(vm)) out.push(vm)
  }
  return out
}

function checkedPrincipals(sids: readonly string[], allowBroad: boolean, revoke: boolean): { sid: string; label: string }[] {
  if (sids.length > MAX_PRINCIPALS) throw new UsageError(`host script: ${sids.length} principals; at most ${MAX_PRINCIPALS} in one script`)
  const out: { sid: string; label: string }[] = []
  for (const given of sids) {
    if (!isValidSid(given)) throw new InvalidChangeError('AZMAN_ERR_CHANGE_INVALID_SID', `host script: ${quote(given)} is not a SID`)
    const sid = canonicalSid(given)
    const name = wellKnownSidName(sid)
    const label = name === undefined ? sid : `${sid} (${name})`
    const broad = broadPrincipal(sid)
    if (broad !== undefined && !allowBroad) {
      throw new InvalidChangeError(
        'AZMAN_ERR_CHANGE_BROAD_PRINCIPAL',
        `host script: ${label} stands for ${broad}: remote WMI and DCOM access for it reaches people no one chose; grant it to a specific group instead, or pass --allow-broad if this is intended`,
      )
    }
    // A local group holds users and global groups only: a BUILTIN group cannot join Distributed COM Users.
    if (!revoke && sid.startsWith('S-1-5-32-'))
      throw new UsageError(`host script: ${label} is a BUILTIN group, which cannot be a member of Distributed COM Users (a local group): grant a domain group or the users instead`)
    if (!out.some((p) => p.sid === sid)) out.push({ sid, label })
  }
  return out
}

function hexOf(sha256: string): string {
  return sha256.replace(/^sha256:/, '').toLowerCase()
}

/** Refuses an install base that is not a SHA-256 (a library caller passes no validator). */
function checkBase(baseSha256: string): void {
  if (!new RegExp(SHA256_HEX).test(baseSha256)) throw new UsageError(`host script: ${quote(baseSha256.slice(0, 80))} is not a SHA-256 (64 hex digits)`)
}

/** What installing the store takes: its bytes, checked against the version it was read as, and the base it replaces. */
function installPlan(store: HostScriptStore, request: HostScriptRequest): HostScriptPlan['install'] {
  if (request.installStore === undefined) return null
  const { bytes } = store
  if (bytes === undefined) throw new UsageError(`host script: ${store.reference} is not a store file (an Active Directory store is changed in place): there is nothing to install`)
  if (request.revoke === true)
    throw new UsageError('host script: --install-store installs the edited store; it does not go with --revoke (to undo an install, install the backup or the earlier version)')
  checkBase(request.installStore.baseSha256)
  if (bytes.length > MAX_INSTALL_BYTES) throw new UsageError(`host script: the store is ${bytes.length} bytes; a script installs at most ${MAX_INSTALL_BYTES}`)
  if (versionOf(bytes) !== store.version) throw new ConflictError('AZMAN_ERR_CONFLICT_STALE', `host script: ${store.reference} changed while it was read; run again`)
  return { sha256: hexOf(store.version), baseSha256: hexOf(request.installStore.baseSha256), size: bytes.length }
}

/**
 * The checks of a request that need no store (VM names, principals, the install's base): `delegate
 * --host-script` makes them before the delegation is applied, so a script that cannot be written
 * changes nothing.
 */
export function checkHostScriptRequest(request: HostScriptRequest): void {
  checkedVms(request.vms)
  checkedPrincipals(request.grant, request.allowBroad === true, request.revoke === true)
  if (request.installStore !== undefined) checkBase(request.installStore.baseSha256)
}

/** The plan of a script: the request checked against the store. */
export function hostScriptPlan(policy: PolicyStore, store: HostScriptStore, request: HostScriptRequest): HostScriptPlan {
  const vms = checkedVms(request.vms)
  if (vms.length > 0 && request.scope === undefined) throw new UsageError('host script: give --scope, the scope the VMs are bound to')
  const { app, scope } = appAndScope(policy, request.app ?? 'Hyper-V services', request.scope)
  const principals = checkedPrincipals(request.grant, request.allowBroad === true, request.revoke === true)
  const install = installPlan(store, request)
  if (vms.length === 0 && principals.length === 0 && install === null) {
    throw new UsageError('host script: nothing to do: give --vm (VMs to bind to the scope), --grant (principals to give remote access) or --install-store, or more than one')
  }
  return { store: store.reference, version: store.version, app, scope, vms, principals, revoke: request.revoke === true, install }
}

/** The part of the collector both scripts share (SHA-256 of a file, store paths), between its markers. */
export function sharedPart(collector: string): string {
  const begin = collector.indexOf(SHARED_BEGIN)
  const end = collector.indexOf(SHARED_END)
  if (begin < 0 || end < begin) throw new Error(`the collector should hold ${SHARED_BEGIN} ... ${SHARED_END}`)
  return collector.slice(collector.indexOf('\n', begin) + 1, end).trimEnd()
}

/** The STORE literal: the bytes as Base64 in lines (Base64 needs no escaping, but goes through jsString all the same). */
function storeLiteral(bytes: Uint8Array | undefined): string {
  if (bytes === undefined) return 'var STORE = null;'
  const base64 = Buffer.from(bytes).toString('base64')
  const lines: string[] = []
  for (let at = 0; at < base64.length; at += STORE_LINE_CHARS) lines.push(base64.slice(at, at + STORE_LINE_CHARS))
  return `var STORE = ${jsLiteral(lines)};`
}

function replaceOnce(text: string, marker: string, by: string): string {
  const parts = text.split(marker)
  if (parts.length !== 2) throw new Error(`${HOST_SCRIPT_NAME} should hold ${marker} once, not ${parts.length - 1} times`)
  return parts.join(by)
}

/** The template with the plan (as literals only), the store's bytes, the shared part and azman's version written in. */
export function fillHostScript(template: string, plan: HostScriptPlan, version: string, shared: string, storeBytes?: Uint8Array): string {
  const literal = jsLiteral({ store: plan.store, version: plan.version, app: plan.app, scope: plan.scope, vms: plan.vms, principals: plan.principals, revoke: plan.revoke, install: plan.install })
  let text = replaceOnce(template, PLAN_LINE, `var PLAN = ${literal};`)
  text = replaceOnce(text, STORE_LINE, storeLiteral(plan.install === null ? undefined : storeBytes))
  text = replaceOnce(text, SHARED_LINE, shared)
  return stampCollector(text, version, HOST_SCRIPT_NAME)
}

/**
 * `azman host script`: the host half of a delegation for one host, as a WSH JScript file
 * (docs/host-script.md): the request is checked against the store (its application and scope must
 * be there), then written into the shipped template as data.
 */
export async function hostScript(policy: PolicyStore, store: HostScriptStore, request: HostScriptRequest, version: string = azmanVersion()): Promise<HostScript> {
  const plan = hostScriptPlan(policy, store, request)
  const shared = sharedPart(await readFile(COLLECTOR_FILE, 'utf8'))
  const text = fillHostScript(await readFile(HOST_SCRIPT_FILE, 'utf8'), plan, version, shared, store.bytes)
  return { text, sha256: createHash('sha256').update(text, 'utf8').digest('hex'), version, plan }
}
