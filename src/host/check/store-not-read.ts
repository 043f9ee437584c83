import { quote } from '../../model/quote.js'
import { factMissing, finding, oneLine, type HostContext } from './check-context.js'
import { HostCode, type HostFinding } from './host-finding.js'
import { storeKey } from './store-location.js'

/** The store checked, as checkHost was given it. */
export interface CheckedStore {
  /** How findings name the store: the path or msldap URL given on the command line, or a REST store's name. */
  readonly reference: string
  /**
   * Where the store is read from (a path or msldap URL), compared with the host's StoreLocation;
   * default: `reference`. Never shown: on the REST service it is a path on the server.
   */
  readonly location?: string
  /** The SHA-256 of a file store's bytes; null for an AD store. */
  readonly sha256: string | null
}

function notRead(ctx: HostContext, why: string): HostFinding {
  return finding(ctx, {
    severity: 'high',
    code: HostCode.StoreNotRead,
    message: `${why}: what this check says about the store's delegations is not what ${ctx.host} enforces; fix: check (and edit) the store the host reads, or point StoreLocation at this one`,
  })
}

/**
 * `HOST_STORE_NOT_READ` (high): the store checked is not the one the host
 * reads. Compared: the host's StoreLocation with the reference given, by kind
 * (file or msldap) and then by file name (folders differ between the host and
 * the machine running azman) or by DN; and, when both are known, the SHA-256
 * of the file's bytes, which decides for files (equal bytes are the same
 * store under any name; a file of the same name with other bytes is not).
 * Also reported: a store without the application the host opens
 * (ServiceApplication). A host file of the same name whose SHA-256 the facts
 * lack (the collector could not read it) is unknown: `HOST_FACT_MISSING`.
 */
export function storeNotReadFindings(ctx: HostContext, store: CheckedStore): HostFinding[] {
  const out: HostFinding[] = []
  if (ctx.app === undefined) out.push(notRead(ctx, `the store has no application ${quote(oneLine(ctx.appName, 200))}, which ${ctx.host} opens (ServiceApplication)`))
  const location = ctx.facts.store?.location ?? ctx.facts.virtualization?.storeLocation ?? undefined
  if (location === undefined || location === null) return [...out, factMissing(ctx, ctx.facts.virtualization === undefined ? 'virtualization' : 'store', 'whether the host reads this store')]
  const host = storeKey(location)
  const given = storeKey(store.location ?? store.reference)
  const shown = quote(oneLine(location, 300))
  if (host.kind !== given.kind || host.kind === 'other') return [...out, notRead(ctx, `${ctx.host} reads ${shown} (StoreLocation), not a store like ${quote(oneLine(store.reference, 300))}`)]
  const hostSha = ctx.facts.store?.sha256
  if (host.kind === 'file' && hostSha !== undefined && store.sha256 !== null) {
    if (hostSha.toLowerCase() !== store.sha256.toLowerCase()) out.push(notRead(ctx, `${ctx.host} reads ${shown}, whose SHA-256 is ${hostSha}, but the store checked has SHA-256 ${store.sha256}`))
    return out
  }
  if (host.key !== given.key) out.push(notRead(ctx, `${ctx.host} reads ${shown} (StoreLocation), not ${quote(oneLine(store.reference, 300))}`))
  else if (host.kind === 'file' && ctx.facts.store?.exists === false)
    out.push(notRead(ctx, `the file ${shown} that ${ctx.host} reads (StoreLocation) does not exist there, so Hyper-V cannot initialise its authorization store and no delegation applies`))
  else if (host.kind === 'file' && ctx.facts.store?.exists === true && store.sha256 !== null)
    out.push(factMissing(ctx, 'store.sha256', `whether ${ctx.host}'s store file holds the bytes of the store checked`))
  return out
}
