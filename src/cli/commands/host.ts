import type { Command } from '../command.js'
import { examplesSection } from '../examples.js'
import { commandWithActions } from '../write/actions.js'
import { hostCheck } from './host-check.js'
import { hostCollector } from './host-collector.js'

const usage = `azman host collector [--out FILE] [--force] [--json]
azman host check <store> --facts FILE... [--json | --format F] [--fail-on S]

The host half of a Hyper-V delegation: collect facts on each host (a WSH JScript file that runs on
every host that enforces AzMan, Server Core 2008 included), then judge the store against them.

collector writes the collector to FILE (refused if FILE exists, unless --force; never through a
symbolic link or into a device) and prints its SHA-256; without --out it writes the script to
stdout. It reads WMI, the registry, the firewall policy and the store file, and changes nothing
(docs/host-collector.md).

${examplesSection(
  `azman host collector --out azman-host-facts.js`,
  `azman host collector --out azman-host-facts.js --force --json`,
  `# on each host: cscript //nologo azman-host-facts.js > hv01.json`,
  `azman host check store-samples/hyperv-2008r2-delegated.xml --facts hv01.json --fail-on medium`,
)}`

export const host: Command = commandWithActions('host', 'collect Hyper-V host facts and check a store against them', usage, { collector: hostCollector, check: hostCheck })
