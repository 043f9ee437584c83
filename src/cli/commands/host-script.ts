import { ExitCode } from '../../errors/azman-error.js'
import { UsageError } from '../../errors/usage-error.js'
import { existsSync } from 'node:fs'
import { ConflictError } from '../../errors/change-errors.js'
import { readHostFactsFile } from '../../host/facts/read-facts.js'
import { hostScript, HOST_SCRIPT_NAME, type HostScriptPlan, type HostScriptRequest, type HostScriptStore } from '../../host/script/host-script.js'
import { principalRefs, principalSids } from '../../host/script/principal-sids.js'
import { writeHostFile } from '../../host/write-host-file.js'
import { parseCommandArgs } from '../args.js'
import type { GlobalOptions } from '../command.js'
import { resolvePrincipals } from '../directory.js'
import { writeJson, type CliIo } from '../io.js'
import { loadStore, type LoadedSnapshot } from '../load-store.js'

const COMMAND = 'host script'

/** `--grant` values as SIDs: SIDs as given, well-known names, and domain accounts through the directory or the names file. */
async function grantSids(values: readonly string[], store: string, globals: GlobalOptions): Promise<string[]> {
  return principalSids(await resolvePrincipals(principalRefs(values), store, globals))
}

/** The store a script is planned from, as the CLI loaded it (an XML store's bytes with it, for --install-store). */
function scriptStore(reference: string, snapshot: LoadedSnapshot): HostScriptStore {
  return { reference, version: snapshot.version, ...(snapshot.bytes === undefined ? {} : { bytes: snapshot.bytes }) }
}

/** Refuses an existing host script file before anything is done (a delegation is not applied only to fail at its script). */
export function refuseExistingScript(path: string, force: boolean): void {
  if (!force && existsSync(path)) throw new ConflictError('AZMAN_ERR_CONFLICT_EXISTS', `${path} already exists; pass --force-host-script to replace it, or name another file`)
}

/** Writes a host script for a delegation just applied: its scope, its members, the VMs given. */
export async function writeDelegationScript(path: string, store: string, request: HostScriptRequest, io: CliIo, globals: GlobalOptions, force: boolean, version?: string): Promise<void> {
  const snapshot = await loadStore(store, io, globals.store)
  // The store the delegation left, not one another writer made since: the script would install that one.
  if (version !== undefined && snapshot.version !== version)
    throw new ConflictError('AZMAN_ERR_CONFLICT_STALE', `${store} changed after the delegation was written (now ${snapshot.version}); no host script was written: write it with azman host script`)
  const script = await hostScript(snapshot.policy, scriptStore(store, snapshot), request)
  const bytes = await writeHostFile(path, script.text, { force })
  io.stderr.write(
    `azman: wrote the host script ${path} (${bytes} bytes, sha256 ${script.sha256}); review it, then run on the host: cscript //nologo ${path.split(/[\\/]/).pop() ?? HOST_SCRIPT_NAME}\n`,
  )
}

/**
 * The SHA-256 the host's store file must have for --install-store: --base-sha256 as given, or the
 * store.sha256 of the host's facts (--facts); exactly one of them.
 */
export async function installBase(baseSha256: string | undefined, factsPath: string | undefined): Promise<{ baseSha256: string }> {
  if ((baseSha256 === undefined) === (factsPath === undefined)) {
    throw new UsageError(`${COMMAND}: --install-store needs the SHA-256 of the host's store file as it is now: give --base-sha256 HEX or --facts FILE (the host's facts), one of them`)
  }
  if (baseSha256 !== undefined) return { baseSha256 }
  const facts = await readHostFactsFile(factsPath ?? '')
  const store = facts.store
  if (store?.kind !== 'msxml' || store.exists !== true || store.sha256 === undefined) {
    const why =
      store === undefined
        ? 'have no store fact'
        : store.kind !== 'msxml'
          ? `name a ${store.kind} store (${store.location})`
          : store.exists !== true
            ? 'say the store file is missing'
            : 'have no SHA-256 of the store file (it could not be read)'
    throw new UsageError(`${COMMAND}: the facts ${factsPath ?? ''} ${why}: collect the host again, or give --base-sha256`)
  }
  return { baseSha256: store.sha256 }
}

/** What the script does, in words. */
function summary(plan: HostScriptPlan): string {
  const parts = [
    plan.install === null ? '' : `installs the store (${plan.install.size} bytes) over the host file with SHA-256 ${plan.install.baseSha256}`,
    plan.vms.length > 0 ? `${plan.revoke ? 'unbinds' : 'binds'} ${plan.vms.length} VM(s) ${plan.revoke ? 'from' : 'to'} scope "${plan.scope ?? ''}"` : '',
    plan.principals.length > 0 ? `${plan.revoke ? 'revokes' : 'grants'} remote Hyper-V Manager access for ${plan.principals.length} principal(s)` : '',
  ]
  return parts.filter((s) => s !== '').join(' and ')
}

/**
 * `azman host script <store> --scope S --vm NAME... [--grant PRINCIPAL...] [--revoke] --out FILE`:
 * the host half of a delegation as a WSH JScript file for one host (docs/host-script.md).
 */
export async function hostScriptCommand(args: readonly string[], io: CliIo, globals: GlobalOptions): Promise<ExitCode> {
  const flags = {
    app: { type: 'string' },
    scope: { type: 'string' },
    vm: { type: 'string', multiple: true },
    grant: { type: 'string', multiple: true },
    revoke: { type: 'boolean' },
    'install-store': { type: 'boolean' },
    'base-sha256': { type: 'string' },
    facts: { type: 'string' },
    'allow-broad': { type: 'boolean' },
    out: { type: 'string' },
    force: { type: 'boolean' },
  } as const
  const { values, positionals } = parseCommandArgs(COMMAND, args, flags, { min: 1, max: 1, names: 'one <store>' })
  if (values.scope === undefined && values.vm !== undefined) throw new UsageError(`${COMMAND}: give --scope, the scope the VMs are bound to (see azman host --help)`)
  if (values.out === undefined) throw new UsageError(`${COMMAND}: give --out FILE, the script to write (for example --out ${HOST_SCRIPT_NAME})`)
  if (values['install-store'] !== true && (values['base-sha256'] !== undefined || values.facts !== undefined)) throw new UsageError(`${COMMAND}: --base-sha256 and --facts go with --install-store`)
  const install = values['install-store'] === true ? { installStore: await installBase(values['base-sha256'], values.facts) } : {}
  const store = positionals[0] ?? ''
  const snapshot = await loadStore(store, io, globals.store)
  const script = await hostScript(snapshot.policy, scriptStore(store, snapshot), {
    ...(values.app === undefined ? {} : { app: values.app }),
    ...(values.scope === undefined ? {} : { scope: values.scope }),
    ...install,
    vms: values.vm ?? [],
    grant: await grantSids(values.grant ?? [], store, globals),
    revoke: values.revoke === true,
    allowBroad: values['allow-broad'] === true,
  })
  const bytes = await writeHostFile(values.out, script.text, { force: values.force === true })
  const { plan } = script
  if (globals.json) writeJson(io, { path: values.out, bytes, sha256: script.sha256, version: script.version, plan })
  else {
    io.stdout.write(`wrote ${values.out} (${bytes} bytes, sha256 ${script.sha256}): it ${summary(plan)}\n`)
    io.stdout.write(`review it, copy it to the host, and run as an administrator: cscript //nologo ${values.out.split(/[\\/]/).pop() ?? HOST_SCRIPT_NAME} (a dry run), then with /apply\n`)
  }
  return ExitCode.Ok
}
