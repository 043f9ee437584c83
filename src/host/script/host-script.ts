import { Type, type Static } from '@sinclair/typebox'
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { InvalidChangeError } from '../../errors/change-errors.js'
import { NotFoundError } from '../../errors/lookup-error.js'
import { UsageError } from '../../errors/usage-error.js'
import { broadPrincipal } from '../../model/broad-principals.js'
import type { PolicyStore } from '../../model/policy.js'
import { quote } from '../../model/quote.js'
import { canonicalSid, isValidSid, wellKnownSidName } from '../../model/sid.js'
import { azmanVersion } from '../../report/azman-version.js'
import { stampCollector } from '../collector/collector-script.js'
import { jsLiteral } from './js-literal.js'

/** The host script's template, beside the collector (see collector-script.ts for why this path). */
export const HOST_SCRIPT_FILE = fileURLToPath(new URL('../../../collector/azman-host-script.js', import.meta.url))
export const HOST_SCRIPT_NAME = 'azman-host-script.js'
/** The template's line that the plan replaces. */
export const PLAN_LINE = 'var PLAN = null; // @AZMAN_PLAN@'

/** Bounds on one script: more is a mistake, or an attempt to make the script unreadable. */
export const MAX_VMS = 1000
export const MAX_PRINCIPALS = 100
export const MAX_VM_NAME = 256

/**
 * What a host script does, as `azman host script` and `POST /stores/{store}/host-scripts` take it:
 * the schema is the type, the REST validator and the OpenAPI shape. The service checks the bounds
 * again (a library caller passes no validator).
 */
export const HostScriptRequestSchema = Type.Object(
  {
    app: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: 'The application; default "Hyper-V services"' })),
    scope: Type.String({ minLength: 1, maxLength: 256, description: 'The scope the VMs are bound to; the store must have it' }),
    vms: Type.Array(Type.String({ minLength: 1, maxLength: MAX_VM_NAME }), { maxItems: MAX_VMS, description: 'VMs by name or GUID, to bind to the scope (revoking: to unbind from it)' }),
    grant: Type.Array(Type.String({ minLength: 1, maxLength: 512 }), {
      maxItems: MAX_PRINCIPALS,
      description: 'SIDs to give what remote Hyper-V Manager needs (revoking: to take it away); over REST also well-known names and DOMAIN\\name through the directory or the names file',
    }),
    revoke: Type.Optional(Type.Boolean({ description: 'Write the script that undoes the grant and unbinds the VMs' })),
    allowBroad: Type.Optional(Type.Boolean({ description: 'Let a broad principal (Everyone, Domain Users ...) be granted remote access' })),
  },
  { additionalProperties: false },
)
export type HostScriptRequest = Static<typeof HostScriptRequestSchema>

/** The data a script carries, as its PLAN literal shows it. */
export interface HostScriptPlan {
  readonly store: string
  readonly version: string
  readonly app: string
  readonly scope: string
  readonly vms: readonly string[]
  readonly principals: readonly { readonly sid: string; readonly label: string }[]
  readonly revoke: boolean
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
function appAndScope(policy: PolicyStore, appName: string, scopeName: string): { app: string; scope: string } {
  const app = policy.applications.find((a) => a.name === appName) ?? policy.applications.find((a) => a.name.toLowerCase() === appName.toLowerCase())
  if (app === undefined) throw new NotFoundError(`the store has no application ${quote(appName)} (applications: ${policy.applications.map((a) => quote(a.name)).join(', ') || 'none'})`)
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

function checkedPrincipals(sids: readonly string[], allowBroad: boolean): { sid: string; label: string }[] {
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
    if (!out.some((p) => p.sid === sid)) out.push({ sid, label })
  }
  return out
}

/** The plan of a script: the request checked against the store. */
export function hostScriptPlan(policy: PolicyStore, store: { readonly reference: string; readonly version: string }, request: HostScriptRequest): HostScriptPlan {
  const { app, scope } = appAndScope(policy, request.app ?? 'Hyper-V services', request.scope)
  const vms = checkedVms(request.vms)
  const principals = checkedPrincipals(request.grant, request.allowBroad === true)
  if (vms.length === 0 && principals.length === 0) throw new UsageError('host script: nothing to do: give --vm (VMs to bind to the scope) or --grant (principals to give remote access), or both')
  return { store: store.reference, version: store.version, app, scope, vms, principals, revoke: request.revoke === true }
}

/** The template with the plan (as literals only) and azman's version written in. */
export function fillHostScript(template: string, plan: HostScriptPlan, version: string): string {
  const parts = template.split(PLAN_LINE)
  if (parts.length !== 2) throw new Error(`${HOST_SCRIPT_NAME} should hold the line ${PLAN_LINE} once, not ${parts.length - 1} times`)
  const literal = jsLiteral({ store: plan.store, version: plan.version, app: plan.app, scope: plan.scope, vms: plan.vms, principals: plan.principals, revoke: plan.revoke })
  return stampCollector(parts.join(`var PLAN = ${literal};`), version, HOST_SCRIPT_NAME)
}

/**
 * `azman host script`: the host half of a delegation for one host, as a WSH JScript file
 * (docs/host-script.md): the request is checked against the store (its application and scope must
 * be there), then written into the shipped template as data.
 */
export async function hostScript(
  policy: PolicyStore,
  store: { readonly reference: string; readonly version: string },
  request: HostScriptRequest,
  version: string = azmanVersion(),
): Promise<HostScript> {
  const plan = hostScriptPlan(policy, store, request)
  const text = fillHostScript(await readFile(HOST_SCRIPT_FILE, 'utf8'), plan, version)
  return { text, sha256: createHash('sha256').update(text, 'utf8').digest('hex'), version, plan }
}
