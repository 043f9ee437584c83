import { UsageError } from '../../errors/usage-error.js'
import { delegateRequest, undelegateRequest } from '../../delegation/write-requests.js'
import { loadTemplate } from '../../templates/load-template.js'
import { parseCommandArgs } from '../args.js'
import type { Command, GlobalOptions } from '../command.js'
import { ExitCode } from '../../errors/azman-error.js'
import { openStore } from '../../store/open-store.js'
import { storeDocument } from '../../store/port.js'
import { checkHostScriptRequest } from '../../host/script/host-script.js'
import { principalSids } from '../../host/script/principal-sids.js'
import { refuseExistingScript, writeDelegationScript } from './host-script.js'
import { operations, principals, PRINCIPAL_FLAGS, renamedFlag, required, requiredPrincipals, WHERE_FLAGS } from '../write/flags.js'
import { runChanges, runChangesOutcome } from '../write/run-changes.js'
import { resolvePrincipals } from '../directory.js'
import { WRITE_FLAGS, WRITE_USAGE, writeSettings } from '../write/write-options.js'
import { examplesSection } from '../examples.js'
import { UNTIL_FLAG, UNTIL_USAGE, untilOption } from '../write/until-option.js'

export const delegate: Command = {
  name: 'delegate',
  summary: 'the delegation workflow in one step: role definition, scope, role assignment, members',
  usage: `azman delegate <store> --app A --scope S (--template T [--operation ID|NAME...] | --operation ID|NAME...) (--sid SID | --account NAME)... [--role-assignment N] [--role-definition R] [--with-connect] [--until TIME]
               [--host-script FILE [--vm NAME...] [--install-store] [--force-host-script]]

Creates (or reuses) a role definition with exactly the wanted operations, creates (or reuses) the
scope and a role assignment in it, and adds the members: one change set, planned and applied
together. --template takes a file path or the name of a shipped template (templates/*.json);
a template's role definition lives at application level, one from --operation in the scope.
The role assignment is named --role-assignment (its deprecated old name --name is accepted for one
version), by default "<template title> (<scope>)", made to fit
AzMan's name rules: \\ / : * ? " < > | TAB become _, and past 64 characters the name is cut and
ends in ~ and 8 hex digits of a hash of the whole.
With a template, an existing role definition whose effective operations (through nested tasks
and role definitions) equal the template's is reused whatever its name, unless --role-definition
is given, and so is a role assignment in the place that grants exactly that definition, unless
--role-assignment is given: the members are added there. The plan says what it reused. --operation given
with --template extends the template: the plan says the result is no longer the template, and
the role definition is named "<template's role definition> plus <OperationIDs>".
A template's forbidden principals (Everyone, Authenticated Users, Domain Users...) are refused.
Warns when a member lacks operations 100 and 295 at application level: Hyper-V Manager cannot
connect without them. --with-connect also applies the template's companions (the scope templates
name hyperv-manager-connect) at application level, for the same members, in the same change set;
without it, a member who would lack a companion's operations is warned about, naming --with-connect.
--host-script FILE also writes, once the delegation is applied, the host half of it for one host
(as azman host script: docs/host-script.md): the --vm VMs bound to the scope, the members given
remote Hyper-V Manager access. It needs --scope, is refused with --dry-run, and is refused before
anything is applied when FILE exists (unless --force-host-script). With --install-store the script
also installs the delegated store file on the host, over the store as it was before this
delegation (its SHA-256): the host's file must be the copy that was delegated from.
--until TIME makes the delegation end: the members are removed at TIME by azman expire (or the
service's timer); docs/expiry.md.

${WRITE_USAGE}
${UNTIL_USAGE}

${examplesSection(
  `# lab.xml: made with azman copy store-samples/hyperv-2008r2-delegated.xml lab.xml`,
  `azman delegate lab.xml --app "Hyper-V services" --scope "Web VMs" --template hyperv-vm-operator --sid S-1-5-21-1004336348-1177238915-682003330-1105 --reason CHG-1234`,
  `azman delegate lab.xml --app "Hyper-V services" --scope "Lab VMs" --operation 315 --operation 320 --account 'BUILTIN\\Hyper-V Administrators' --role-assignment "Lab power" --dry-run`,
  `azman delegate lab.xml --app "Hyper-V services" --scope "Web VMs" --template hyperv-vm-operator --sid S-1-5-21-1004336348-1177238915-682003330-1105 --until 2099-01-31T18:00:00Z --reason CHG-1235`,
  `azman delegate lab.xml --app "Hyper-V services" --scope "Web VMs" --template hyperv-vm-operator --sid S-1-5-21-1004336348-1177238915-682003330-1105 --with-connect --host-script hv01-web.js --vm web-01 --vm web-02`,
)}`,
  async run(args, io, globals) {
    const flags = {
      ...WHERE_FLAGS,
      ...WRITE_FLAGS,
      ...PRINCIPAL_FLAGS,
      template: { type: 'string' },
      operation: { type: 'string', multiple: true },
      'role-assignment': { type: 'string' },
      name: { type: 'string' },
      'role-definition': { type: 'string' },
      'with-connect': { type: 'boolean' },
      'host-script': { type: 'string' },
      'force-host-script': { type: 'boolean' },
      'install-store': { type: 'boolean' },
      vm: { type: 'string', multiple: true },
      ...UNTIL_FLAG,
    } as const
    const { values, positionals } = parseCommandArgs('delegate', args, flags, { min: 1, max: 1, names: 'one <store>' })
    const app = required('delegate', 'app', values.app)
    if (values.template === undefined && values.operation === undefined) throw new UsageError('delegate: give --template or --operation (both: the operations extend the template)')
    if (principals(values).length === 0) throw new UsageError('delegate: name at least one --sid or --account')
    const roleAssignment = renamedFlag('delegate', io, ['role-assignment', values['role-assignment']], ['name', values.name])
    const hostScriptPath = values['host-script']
    if (hostScriptPath !== undefined) {
      if (values.scope === undefined) throw new UsageError("delegate: --host-script binds VMs to the delegation's scope: give --scope")
      if (values['dry-run'] === true) throw new UsageError('delegate: --host-script is written for the delegation once it is applied: drop --dry-run (or write it later with azman host script)')
      refuseExistingScript(hostScriptPath, values['force-host-script'] === true)
    } else if (values.vm !== undefined || values['install-store'] === true) throw new UsageError('delegate: --vm and --install-store are for --host-script: give --host-script FILE')
    const installing = values['install-store'] === true
    if (installing) refuseDirectoryStore(positionals[0] ?? '', globals)
    const settings = writeSettings('delegate', values, io, globals)
    const who = await resolvePrincipals(principals(values), positionals[0], globals)
    const afterWrite = await untilOption('delegate', values.until, positionals[0] ?? '', who, globals, settings.lockTimeoutMs)
    const template = values.template === undefined ? undefined : await loadTemplate(values.template)
    const request = delegateRequest({
      app,
      ...(values.scope === undefined ? {} : { scope: values.scope }),
      ...(values.operation === undefined ? {} : { operations: operations(values.operation) }),
      ...(template === undefined ? {} : { template }),
      principals: who,
      ...(roleAssignment === undefined ? {} : { name: roleAssignment }),
      ...(values['role-definition'] === undefined ? {} : { roleDefinition: values['role-definition'] }),
      ...(values['with-connect'] === true ? { withConnect: true } : {}),
    })
    const script = values.scope === undefined ? undefined : { app, scope: values.scope, vms: values.vm ?? [], grant: principalSids(who), allowBroad: values['allow-broad'] === true }
    // What the script needs but the store does not decide is checked before the delegation is applied.
    if (hostScriptPath !== undefined && script !== undefined) checkHostScriptRequest(script)
    const outcome = await runChangesOutcome(positionals[0] ?? '', request, settings, io, globals, afterWrite)
    if (hostScriptPath !== undefined && script !== undefined && !outcome.dryRun) {
      // The base is the version the write itself started from (under its lock), the script's store the version it left.
      const install = installing ? { installStore: { baseSha256: outcome.before } } : {}
      await writeDelegationScript(hostScriptPath, positionals[0] ?? '', { ...script, ...install }, io, globals, values['force-host-script'] === true, installing ? outcome.after : undefined)
    }
    return ExitCode.Ok
  },
}

/** For --install-store: an AD store has no file to install; refused before anything is applied. */
function refuseDirectoryStore(store: string, globals: GlobalOptions): void {
  if (storeDocument(openStore(store, globals.store)) === undefined)
    throw new UsageError(`delegate: --install-store installs a store file; ${store} is not one (an Active Directory store is changed in place)`)
}

export const undelegate: Command = {
  name: 'undelegate',
  summary: "remove a principal's delegation in a scope cleanly",
  usage: `azman undelegate <store> --app A [--scope S] (--sid SID | --account NAME | --group APPGROUP)...

Removes the principals from every role assignment in the scope (or at application level) that
names them, and deletes role assignments left with no members. Role definitions stay. A removal
that takes from BUILTIN\\Administrators an operation it holds (in an application where it holds
all of them) is refused unless --force.

${WRITE_USAGE}

${examplesSection(
  `# lab.xml: made with azman copy store-samples/hyperv-2008r2-delegated.xml lab.xml`,
  `azman undelegate lab.xml --app "Hyper-V services" --scope "Lab VMs" --group "Lab Owners" --dry-run`,
  `azman undelegate lab.xml --app "Hyper-V services" --sid S-1-5-21-1004336348-1177238915-682003330-1108 --reason CHG-1234`,
)}`,
  async run(args, io, globals) {
    const flags = { ...WHERE_FLAGS, ...WRITE_FLAGS, ...PRINCIPAL_FLAGS } as const
    const { values, positionals } = parseCommandArgs('undelegate', args, flags, { min: 1, max: 1, names: 'one <store>' })
    const app = required('undelegate', 'app', values.app)
    const who = await resolvePrincipals(requiredPrincipals('undelegate', values), positionals[0], globals)
    const request = undelegateRequest({ app, ...(values.scope === undefined ? {} : { scope: values.scope }), principals: who })
    return runChanges(positionals[0] ?? '', request, writeSettings('undelegate', values, io, globals), io, globals)
  },
}
