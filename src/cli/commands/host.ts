import type { Command } from '../command.js'
import { examplesSection } from '../examples.js'
import { commandWithActions } from '../write/actions.js'
import { hostCheck } from './host-check.js'
import { hostCollector } from './host-collector.js'
import { hostScriptCommand } from './host-script.js'

const usage = `azman host collector [--out FILE] [--force] [--json]
azman host check <store> --facts FILE[=STORE]... [--reference STORE] [--expect HOST...] [--hosts FILE]
                 [--app A] [--json | --format text|md|csv|html|json] [--fail-on S] [--out FILE] [--progress]
azman host script <store> [--scope S --vm NAME...] [--app A] [--grant PRINCIPAL...] [--revoke] [--allow-broad]
                  [--install-store (--facts FILE | --base-sha256 HEX)] --out FILE [--force] [--json]

The host half of a Hyper-V delegation: collect facts on each host (a WSH JScript file that runs on
every host that enforces AzMan, Server Core 2008 included), then judge the store against them.

collector writes the collector to FILE (refused if FILE exists, unless --force; never through a
symbolic link or into a device) and prints its SHA-256; without --out it writes the script to
stdout. It reads WMI, the registry, the firewall policy and the store file, and changes nothing
(docs/host-collector.md).

check takes one facts file per host (a fleet in one run); each host is checked against its own
store (--facts h.json=store.xml) or against <store> (--facts h.json: one AD store for all). Hosts
are read a few at a time and only findings are kept, so memory follows the findings, not the hosts.
Across hosts it reports a principal holding different operations on different hosts
(FLEET_PRINCIPAL_DIFFERS), stores granting other access than --reference (FLEET_STORE_DRIFT, by
diff's access delta), expected hosts without facts (FLEET_HOST_NOT_REPORTING), two facts files
of one computer (FLEET_DUPLICATE_HOST: the newest is checked) and, in a fleet, a facts file that
cannot be read (FLEET_FACTS_UNREADABLE: the other hosts are checked).

script writes a WSH JScript file for one host (docs/host-script.md) that binds the VMs (--vm, by name
or GUID) to the scope, which the store must have, and gives each --grant principal (a SID, a
well-known name, or DOMAIN\\name through --directory or --names) what remote Hyper-V Manager needs:
Enable Account and Remote Enable on root\\cimv2 and root\\virtualization, Distributed COM Users, the
firewall's WMI rules; --revoke writes the script that undoes both (the firewall is left as it is).
Broad principals (Everyone, Domain Users ...) are refused unless --allow-broad. The script is a
dry run unless run with /apply, changes nothing already in place, refuses 2012 R2 and later and
VMM-managed hosts (unless /force), and stops at the first failure.
--install-store puts <store>'s file (an XML store; byte for byte) where the host's StoreLocation
points, only over the file the edit was planned from: its SHA-256 is --base-sha256, or the
store.sha256 of the host's facts (--facts FILE). The script keeps a copy of the old file beside it
(<file>.azman-backup-<UTC time>), checks what it wrote, puts the copy back if that fails, and with
/restart-vmms restarts the Virtual Machine Management service so that it reads the new store.

--facts       a facts file (cscript //nologo azman-host-facts.js > FILE), =STORE its host's store; repeatable.
              Split at the first = that follows an existing file's name: paths and msldap:// URLs may hold =
--reference   a store every host's store should grant the same access as
--expect      a computer name that should report; repeatable. --hosts FILE: one a line (# comments)
--app         the application (default: each host's ServiceApplication, else "Hyper-V services")
--fail-on     exit 1 when a finding reaches this severity (default high; none never fails)
--format      text (default), md, csv, html, json (as azman audit); --out FILE writes it to FILE
              (a regular file, replaced; never through a symbolic link or into a folder, device or FIFO)
--progress    progress on stderr even when it is not a terminal (never on stdout)
--directory   (store option) match principals through their AD groups (tokenGroups)

Exit 0 when no finding reaches --fail-on, 1 when one does; 2 for a store that cannot be read
(AZMAN_ERR_STORE_IO ...) or the facts file of a single host (AZMAN_ERR_HOST_FACTS); 3 for a wrong
command line.

${examplesSection(
  `azman host collector --out azman-host-facts.js`,
  `azman host collector --out azman-host-facts.js --force --json`,
  `# on each host: cscript //nologo azman-host-facts.js > hv01.json`,
  `azman host check store-samples/hyperv-2008r2-delegated.xml --facts store-samples/hosts/hv01.json --fail-on none`,
  `azman host script store-samples/hyperv-2008r2-delegated.xml --scope "Lab VMs" --vm lab-01 --vm lab-02 --grant S-1-5-21-1004336348-1177238915-682003330-1108 --out hv01-lab.js`,
  `azman host script store-samples/hyperv-2008r2-delegated.xml --scope "Lab VMs" --vm lab-01 --vm lab-02 --grant S-1-5-21-1004336348-1177238915-682003330-1108 --revoke --out hv01-lab-undo.js --json`,
  `azman host script store-samples/hyperv-2008r2-delegated.xml --install-store --facts store-samples/hosts/hv01.json --out hv01-store.js`,
  `# on the host: cscript //nologo hv01-store.js /apply /restart-vmms`,
  `azman host check store-samples/hyperv-2008r2-delegated.xml --facts store-samples/hosts/hv01.json --facts store-samples/hosts/hv02.json=store-samples/hyperv-2008r2.xml --reference store-samples/hyperv-2008r2-delegated.xml --expect HV03 --fail-on none --json`,
)}`

export const host: Command = commandWithActions('host', 'collect Hyper-V host facts, check a store against them, write the host half of a delegation', usage, {
  collector: hostCollector,
  check: hostCheck,
  script: hostScriptCommand,
})
