import { balanced, splitSids, type Condition } from '../model/condition.js'
import type { MigrationAction, MigrationGrant, MigrationModel, Review } from '../model/migration-model.js'
import { reviewText, ruleComment } from '../model/review-text.js'
import { CEDAR_TYPES as T } from './cedar-names.js'
import { cedarString, commentText, entityRef } from './cedar-string.js'

/** The files of a Cedar export, by name. */
export interface CedarExport {
  readonly 'schema.cedarschema': string
  readonly 'policies.cedar': string
  readonly 'entities.json': string
}

/** A condition as a Cedar expression over `principal`. */
export function cedarCondition(c: Condition): string {
  switch (c.kind) {
    case 'sid':
      return `principal in ${entityRef(T.sid, c.sid)}`
    case 'and':
      return balanced(c.items.map(cedarCondition), '&&')
    case 'or': {
      // The SIDs alone as one set test (`principal in [...]`); the other items balanced.
      const { sids, rest } = splitSids(c.items)
      const set = sids.length === 0 ? [] : [sids.length === 1 ? cedarCondition({ kind: 'sid', sid: sids[0] ?? '' }) : `principal in [${sids.map((s) => entityRef(T.sid, s)).join(', ')}]`]
      return balanced([...set, ...rest.map(cedarCondition)], '||')
    }
    case 'not':
      // `!` binds tighter than `in`: what it negates is always in parentheses.
      return `!(${cedarCondition(c.item)})`
    case 'const':
      return String(c.value)
  }
}

function schema(model: MigrationModel): string {
  const lines = [
    `// Cedar schema written by azman migrate from ${commentText(model.store)} (${commentText(model.version)}), application ${commentText(model.app)}.`,
    '// A Sid is any SID of a Windows token: the user, and as its parents the groups the token holds.',
    `entity ${T.sid} in [${T.sid}];`,
    `entity ${T.application};`,
    `entity ${T.scope} in [${T.application}];`,
    '// A VM in the scope it is bound to (ScopeOfResidence), or in the application when bound to none.',
    `entity ${T.vm} in [${T.scope}, ${T.application}];`,
    '',
  ]
  for (const a of model.actions) {
    const parents = a.parents.length === 0 ? '' : ` in [${a.parents.map(cedarString).join(', ')}]`
    const applies = a.kind === 'operation' ? ` appliesTo { principal: [${T.sid}], resource: [${T.application}, ${T.scope}, ${T.vm}] }` : ''
    lines.push(`action ${cedarString(a.id)}${parents}${applies};`)
  }
  return `${lines.join('\n')}\n`
}

function resourceOf(model: MigrationModel, grant: MigrationGrant): string {
  return grant.scope === null ? entityRef(T.application, model.app) : entityRef(T.scope, grant.scope)
}

function policy(model: MigrationModel, grant: MigrationGrant): string {
  const where = grant.scope === null ? 'at application level (every scope)' : `in scope ${commentText(grant.scope)}`
  const head = [
    `// Role assignment ${commentText(grant.roleAssignment)} ${where}`,
    `// members: ${[...grant.members, ...grant.memberGroups.map((g) => `group ${g}`)].map(commentText).join(', ') || 'none'}`,
  ]
  if (grant.actions.length === 0) return [...head, '// grants nothing here (no operation, task or role definition without a BizRule)'].join('\n')
  if (grant.who.kind === 'const' && !grant.who.value) return [...head, '// held by no token for certain (only through LDAP-query or BizRule groups): not exported'].join('\n')
  const when = grant.who.kind === 'const' ? '' : ` when { ${cedarCondition(grant.who)} }`
  const actions = grant.actions.map((id) => entityRef(T.action, id)).join(', ')
  return [...head, `permit (principal, action in [${actions}], resource in ${resourceOf(model, grant)})${when};`].join('\n')
}

function entities(model: MigrationModel): unknown[] {
  const app = { type: T.application, id: model.app }
  return [
    { uid: app, attrs: {}, parents: [] },
    ...model.scopes.map((s) => ({ uid: { type: T.scope, id: s }, attrs: {}, parents: [app] })),
    ...model.actions.map((a: MigrationAction) => ({ uid: { type: T.action, id: a.id }, attrs: {}, parents: a.parents.map((p) => ({ type: T.action, id: p })) })),
  ]
}

/**
 * A placeholder (`--conditions`): the grant as it would be, guarded by `when { false }`, so it grants
 * nothing until a person replaces `false` with the rule's logic. Marked with `@azman_review`.
 */
function reviewPolicy(model: MigrationModel, review: Review): string {
  const resource = review.scope === null ? entityRef(T.application, model.app) : entityRef(T.scope, review.scope)
  const who = review.who.kind === 'const' ? '' : ` when { ${cedarCondition(review.who)} }`
  return [
    `// REVIEW (azman migrate --conditions): ${reviewText(review)}:`,
    ...ruleComment(review.rule, '//   '),
    '// Replace `false` below with that rule in Cedar; until then this policy grants nothing. Once it can',
    '// allow, azman migrate --check counts each case it allows as a disagreement: azman cannot run the rule.',
    `@azman_review(${cedarString(review.narrowed.name)})`,
    `permit (principal, action in [${review.operations.map((id) => entityRef(T.action, id)).join(', ')}], resource in ${resource})${who} when { false };`,
  ].join('\n')
}

/**
 * The Cedar files of a migration model: schema, policies (one per role assignment; with
 * `conditions`, a placeholder per grant a rule decides), entities (the application, scopes and
 * action groups).
 */
export function exportCedar(model: MigrationModel, options: { readonly conditions?: boolean } = {}): CedarExport {
  const policies = [
    `// Cedar policies written by azman migrate from ${commentText(model.store)} (${commentText(model.version)}), application ${commentText(model.app)}.`,
    ...model.grants.map((g) => policy(model, g)),
    ...(options.conditions === true ? model.reviews.map((r) => reviewPolicy(model, r)) : []),
  ]
  return {
    'schema.cedarschema': schema(model),
    'policies.cedar': `${policies.join('\n\n')}\n`,
    'entities.json': `${JSON.stringify(entities(model), null, 2)}\n`,
  }
}
