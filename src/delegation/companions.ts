import { missingAtApplicationLevel } from '../access/hyperv-connect.js'
import { AccessIndex, AccessLimitError, AccessTooDeepError } from '../access/index.js'
import { findApp } from '../change-set/locate.js'
import type { ChangeSet } from '../change-set/change.js'
import { operationNumber, type PolicyStore } from '../model/policy.js'
import { quote } from '../model/quote.js'
import { describeSid } from '../model/sid.js'
import { loadShippedTemplate } from '../templates/load-template.js'
import type { Template } from '../templates/template.js'
import { planDelegation, type DelegateOptions, type DelegationPlan } from './delegate.js'

/** A template's companions (shipped templates, by name), loaded; none without a template. */
export async function loadCompanions(template: Template | undefined): Promise<Template[]> {
  return Promise.all((template?.companions ?? []).map((name) => loadShippedTemplate(name)))
}

/**
 * The delegation plus each companion template at application level, for the
 * same members, as one change set (`delegate --with-connect`). The notes say
 * which companions were added (and that there were none to add).
 */
export function planWithCompanions(policy: PolicyStore, options: DelegateOptions, companions: readonly Template[]): DelegationPlan {
  const main = planDelegation(policy, options)
  if (companions.length === 0) {
    return {
      ...main,
      notes: [
        ...main.notes,
        `--with-connect adds nothing: ${options.template ? `template ${options.template.name} names no companions` : 'it applies the companions of a template, and none was given'}`,
      ],
    }
  }
  const changes = [...main.changeSet.changes]
  const notes = [...main.notes]
  for (const companion of companions) {
    const extra = planDelegation(policy, { app: options.app, template: companion, principals: options.principals })
    changes.push(...extra.changeSet.changes)
    notes.push(`with --with-connect: also template ${companion.name} at application level, for the same members`, ...extra.notes)
  }
  const changeSet: ChangeSet = { changes }
  return { changeSet, notes }
}

/**
 * Warnings for members who would lack, at application level, the required
 * operations of the template's companions (as the access evaluator decides,
 * with Everyone and Authenticated Users): they name `--with-connect`.
 */
export function companionWarnings(planned: PolicyStore, options: DelegateOptions, companions: readonly Template[], sids: readonly string[]): string[] {
  if (companions.length === 0 || sids.length === 0 || options.template === undefined) return []
  let index: AccessIndex
  try {
    index = AccessIndex.build(planned, findApp(planned, options.app))
  } catch (error) {
    // Advisory only: a store too deep to index (which its own checks report) gets no companion warnings.
    if (error instanceof AccessLimitError || error instanceof AccessTooDeepError) return []
    throw error
  }
  const warnings: string[] = []
  for (const companion of companions) {
    const ids = companion.operations.filter((o) => o.required).map((o) => o.id)
    for (const sid of sids) {
      const missing = missingAtApplicationLevel(index, sid, ids)
      if (missing.length === 0) continue
      warnings.push(
        `${describeSid(sid)} would lack ${missing.map((o) => `${operationNumber(o) ?? o.name} ${quote(o.name)}`).join(', ')} at application level, which template ${options.template.name} needs from its companion ${companion.name}: add --with-connect ("withConnect": true over REST) to delegate ${companion.name} too`,
      )
    }
  }
  return warnings
}
