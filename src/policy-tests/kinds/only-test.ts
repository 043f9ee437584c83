import { explainedResult } from '../../access/explain/explain-access.js'
import { groupText, memberText, pathText, roleAssignmentText } from '../../access/explain/proof-text.js'
import { renderCheck } from '../../access/explain/check-text.js'
import type { AccessIndex } from '../../access/index/access-index.js'
import { whoCan, type GroupAccess } from '../../access/queries/who-can.js'
import { makeToken } from '../../access/token.js'
import { quote } from '../../model/quote.js'
import { describeSid } from '../../model/sid.js'
import type { TestContext } from '../context.js'
import { fail, pass, shownLines, type TestOutcome } from '../outcome.js'
import type { OnlyTest } from '../schema/test-file.js'
import { atPlace, listText, opText, placeText } from './place.js'

/** Someone outside the allowed principals who gets an operation somewhere. */
type Counterexample =
  | { readonly kind: 'sid'; readonly sid: string; readonly op: number; readonly scope: string | undefined }
  | { readonly kind: 'group'; readonly group: GroupAccess; readonly op: number; readonly scope: string | undefined }

/** Every application group name the application can use (store level, application level, its scopes), lower case. */
function groupNames(index: AccessIndex, policy: TestContext['policy']): Set<string> {
  const app = index.application
  return new Set([...policy.groups, ...app.groups, ...app.scopes.flatMap((s) => s.groups)].map((g) => g.name.toLowerCase()))
}

function counterexampleLines(index: AccessIndex, c: Counterexample): string[] {
  const where = index.where(c.scope)
  const place = placeText(c.scope)
  const inPlace = atPlace(c.scope)
  if (c.kind === 'sid') {
    return [
      `${describeSid(c.sid)} gets ${opText(index, c.op)} ${inPlace}:`,
      ...renderCheck([explainedResult(index, makeToken([c.sid]), where, c.op)], place)
        .trimEnd()
        .split('\n')
        .map((l) => `  ${l}`),
    ]
  }
  const g = c.group
  return [
    `the members of ${groupText(g.group)}, decided at access time, get ${opText(index, c.op)} ${inPlace}:`,
    `  ${g.decision === 'granted' ? 'granted' : 'conditionally granted'} by ${roleAssignmentText(g.roleAssignment)}`,
    `    path:   ${pathText(g.path)}`,
    `    member: ${memberText(g.member)}`,
  ]
}

/**
 * An `only` test, resolved, ready to run: at application level and in every
 * scope, no SID outside `principals` gets any of the operations (granted or
 * conditionally, as `who-can` lists them), and no LDAP-query or BizRule group
 * outside `groups` does (its members are decided at access time, so anyone
 * might be one). A failure lists the counterexamples with their proofs.
 */
export function prepareOnly(test: OnlyTest, at: string, context: TestContext): () => TestOutcome {
  const index = context.index(test.app, at)
  const ops = context.operations(index, test.operations, `${at}.operations`)
  const allowed = new Set(context.sids(test.principals))
  const known = groupNames(index, context.policy)
  for (const [i, name] of (test.groups ?? []).entries()) {
    if (!known.has(name.toLowerCase())) throw context.fail(`${at}.groups[${i}]`, `application ${quote(index.application.name)} has no group ${quote(name)}`)
  }
  const allowedGroups = new Set((test.groups ?? []).map((g) => g.toLowerCase()))
  return () => {
    const found: Counterexample[] = []
    const seen = new Set<string>()
    for (const where of index.containers()) {
      const scope = where.scopeName
      for (const op of ops) {
        const answer = whoCan(index, where, op, { explain: false })
        for (const p of answer.principals) if (!allowed.has(p.sid)) found.push({ kind: 'sid', sid: p.sid, op, scope })
        for (const g of answer.groups) {
          const key = `${g.group.guid}\n${op}\n${scope ?? ''}`
          if (g.group.groupType === 'Basic' || allowedGroups.has(g.group.name.toLowerCase()) || seen.has(key)) continue
          seen.add(key)
          found.push({ kind: 'group', group: g, op, scope })
        }
      }
    }
    if (found.length === 0) return pass(test.name, at, 'only')
    const who = [...new Set(found.map((c) => (c.kind === 'sid' ? describeSid(c.sid) : groupText(c.group.group))))]
    const message = `${found.length} grant${found.length === 1 ? '' : 's'} outside the allowed principals: ${listText(who)}`
    return fail(
      test.name,
      at,
      'only',
      message,
      shownLines(found, (c) => counterexampleLines(index, c)),
    )
  }
}
