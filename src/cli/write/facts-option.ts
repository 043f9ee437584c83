import type { BoundVms } from '../../model/scope-binding.js'
import { boundVmsOf } from '../../host/facts/bound-vms.js'
import { readHostFactsFile } from '../../host/facts/read-facts.js'

/** `--facts FILE` (repeatable) of the commands that can rename or delete a scope. */
export const FACTS_FLAG = { facts: { type: 'string', multiple: true } } as const

export const FACTS_USAGE = `  --facts FILE        host facts (azman host collector; repeatable): a scope rename or deletion
                      counts and names the VMs bound to the scope on those hosts`

/** `{ boundVms }` from the facts files given, or nothing when none is given; unreadable facts exit 2 (AZMAN_ERR_HOST_FACTS). */
export async function boundVmsOption(files: readonly string[] | undefined): Promise<{ boundVms?: BoundVms }> {
  if (files === undefined || files.length === 0) return {}
  const facts = []
  for (const file of files) facts.push(await readHostFactsFile(file))
  return { boundVms: boundVmsOf(facts) }
}
