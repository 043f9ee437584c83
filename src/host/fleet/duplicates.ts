import { HostCode, type HostFinding } from '../check/host-finding.js'
import type { Checked } from './fleet-types.js'

/** FLEET_FACTS_UNREADABLE: one host of a fleet whose facts could not be read or used; the rest of the fleet is checked. */
export function factsUnreadable(label: string, reason: string): HostFinding {
  return {
    severity: 'high',
    code: HostCode.FactsUnreadable,
    host: null,
    app: null,
    scope: null,
    principal: null,
    operations: [],
    vms: [],
    hosts: [label],
    message: `the facts of ${label} were not checked: ${reason}`,
  }
}

/** When facts were collected, in ms; a time that does not parse counts as the oldest. */
function collectedMs(c: Checked): number {
  const ms = Date.parse(c.collectedAt)
  return Number.isNaN(ms) ? -Infinity : ms
}

/**
 * Facts documents of one computer (same NetBIOS name and domain): the one
 * collected last counts (the first given when they tie); each other one is
 * dropped from the report (its summary, findings and holdings) and named in a
 * FLEET_DUPLICATE_HOST finding, so a computer is reported once.
 */
export function duplicates(checked: ReadonlyMap<number, Checked>): { dropped: Set<number>; findings: HostFinding[] } {
  const byComputer = new Map<string, number[]>()
  for (const [i, c] of checked) {
    if (c.identity === undefined) continue
    const same = byComputer.get(c.identity.computer)
    if (same === undefined) byComputer.set(c.identity.computer, [i])
    else same.push(i)
  }
  const dropped = new Set<number>()
  const findings: HostFinding[] = []
  for (const indexes of byComputer.values()) {
    if (indexes.length < 2) continue
    const of = (i: number): Checked => checked.get(i) as Checked
    const winner = indexes.reduce((a, b) => (collectedMs(of(b)) > collectedMs(of(a)) ? b : a))
    for (const i of indexes) {
      if (i === winner) continue
      dropped.add(i)
      findings.push(duplicateHost(of(winner), of(i)))
    }
  }
  return { dropped, findings }
}

function duplicateHost(kept: Checked, other: Checked): HostFinding {
  return {
    severity: 'medium',
    code: HostCode.DuplicateHost,
    host: kept.summary.host,
    app: null,
    scope: null,
    principal: null,
    operations: [],
    vms: [],
    hosts: [kept.summary.label, other.summary.label],
    message:
      `${kept.summary.label} and ${other.summary.label} are facts of the same computer ${kept.summary.host}: ` +
      `${kept.summary.label} (collected ${kept.collectedAt}) is checked, ${other.summary.label} (collected ${other.collectedAt}) is left out; ` +
      `the newest facts count, the first given when they tie`,
  }
}
