import type { AccessIndex } from '../../access/index.js'
import type { FindingPrincipal } from '../../audit/finding.js'
import type { Severity } from '../../audit/severity.js'
import type { Application, PolicyStore } from '../../model/policy.js'
import { canonicalSid, wellKnownSidName } from '../../model/sid.js'
import type { HostFacts } from '../facts/schema.js'
import { HostCode, type HostFinding } from './host-finding.js'
import type { LocalMemberships } from './host-token.js'

/** What every host check reads: the host's facts, the store, and the application Hyper-V opens in it. */
export interface HostContext {
  readonly host: string
  readonly facts: HostFacts
  readonly policy: PolicyStore
  /** The application's name as the host opens it (ServiceApplication, or the default). */
  readonly appName: string
  /** The application in the store; undefined when the store lacks it. */
  readonly app: Application | undefined
  /** Its access index; undefined when the store lacks the application. */
  readonly index: AccessIndex | undefined
  /** Names of SIDs the facts give (members of local groups as the host resolved them). */
  readonly names: ReadonlyMap<string, string>
  /** Which local groups list each member SID, built once for every principal's token. */
  readonly memberships: LocalMemberships
}

/** The fields of a finding a check chooses; the rest default to none. */
export interface FindingFields {
  readonly severity: Severity
  readonly code: HostCode
  readonly message: string
  readonly scope?: string | null
  readonly principal?: FindingPrincipal | null
  readonly operations?: HostFinding['operations']
  readonly vms?: readonly string[]
}

/** A finding about this host. */
export function finding(ctx: HostContext, fields: FindingFields): HostFinding {
  return {
    severity: fields.severity,
    code: fields.code,
    host: ctx.host,
    app: ctx.app?.name ?? ctx.appName,
    scope: fields.scope ?? null,
    principal: fields.principal ?? null,
    operations: fields.operations ?? [],
    vms: fields.vms ?? [],
    hosts: [],
    message: fields.message,
  }
}

/**
 * `HOST_FACT_MISSING` (info): the check named in `check` needs `fact`. Without
 * `problem`, the facts lack it (with the collector's reason, when its
 * `errors` give one); with `problem`, what is wrong with it.
 */
export function factMissing(ctx: HostContext, fact: string, check: string, problem?: string): HostFinding {
  const reason = ctx.facts.errors.find((e) => e.fact === fact || e.fact.startsWith(`${fact}.`))?.reason
  const why = problem ?? `the facts lack ${fact}${reason === undefined ? '' : ` (the collector says: ${oneLine(reason)})`}`
  return finding(ctx, { severity: 'info', code: HostCode.FactMissing, message: `${check} was not checked: ${why}` })
}

/** The host's machine SID from its facts, for evaluating SDDL's LA and LG; none when the facts lack it. */
export function machineOf(ctx: HostContext): { readonly machineSid?: string } {
  const sid = ctx.facts.computer?.machineSid
  return sid === undefined ? {} : { machineSid: sid }
}

/** Text made one line and bounded, for messages built from facts (untrusted). */
export function oneLine(text: string, max = 300): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ')
  return flat.length > max ? `${flat.slice(0, max)}...` : flat
}

/** Who a finding is about: the SID and its name (well-known, or as the host resolved it). */
export function principalOf(ctx: HostContext, sid: string): FindingPrincipal {
  return { sid, name: wellKnownSidName(sid) ?? ctx.names.get(sid) ?? null }
}

/** `Name (SID)` or the SID. */
export function who(p: FindingPrincipal): string {
  return p.name === null ? (p.sid ?? '') : `${oneLine(p.name, 120)} (${p.sid ?? ''})`
}

/** SID → name, from the members of the facts' local groups. */
export function namesFromFacts(facts: HostFacts): Map<string, string> {
  const names = new Map<string, string>()
  for (const g of facts.localGroups ?? []) {
    names.set(canonicalSid(g.sid), g.name)
    for (const m of g.members) if (m.name !== undefined && !names.has(canonicalSid(m.sid))) names.set(canonicalSid(m.sid), m.name)
  }
  return names
}
