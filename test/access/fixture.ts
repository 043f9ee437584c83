/**
 * The hand-built store test/fixtures/access/semantics.xml, loaded, and the
 * SIDs it uses. What it holds (application "Fixture", operations 1 Read,
 * 2 Write, 3 Delete, 4 Administer, 5 Audit, 6 Orphan):
 *
 * Application level (applies in every scope):
 * - "Editors": role definition "Editor" > task "Write Things" (2) > nested task
 *   "Read Things" (1), held by group "Staff" (U1, U2, U3) whose non-member group
 *   "Contractors" (U3, U9) removes U3;
 * - "Deleters": task "Delete In Hours" (3) with a JScript BizRule, held by U1;
 * - "Auditors": task "Audit With Empty Rule" (5): BizRuleLanguage VBScript but an
 *   empty BizRule, so no rule; held by the store-level group "Store Auditors" (U6);
 * - "Loopers": task "Cycle A" <-> "Cycle B" (4), a task cycle, held by group
 *   "Loop A" (U7), which forms a group loop with "Loop B" (U8);
 * - "Direct Readers": operation 1 linked directly, held by BUILTIN\Users.
 * Scope "Lab": scope-level role definition "Lab Owner" (3 and task "Read
 * Things"), "Lab Owners" held by group "Outer" (U11, U12, U13 and nested group
 * "Inner" (U4, U5, non-member U5)), whose non-member group "Banned" (U11, and
 * nested "Banned Inner" (U12)) removes U11 and U12; "Lab Writers" (Write Things)
 * held by LDAP-query group "Lab Users"; "Lab Readers In Hours" (Read Things)
 * held by BizRule group "Office Hours"; "Lab Team Auditors" (5) held by the
 * scope group "Lab Team" (U14).
 * Scope "Empty": nothing. Scope "Other": "Sees Lab Team" links the "Lab" scope's
 * group, which it cannot see.
 */
import { readFileSync } from 'node:fs'
import type { PolicyStore } from '../../src/model/policy.js'
import { parseXmlStore } from '../../src/xml/policy/parse-xml-store.js'
import { fixture } from '../cli/run-cli.js'

export const FIXTURE = fixture('access/semantics.xml')

/** User n of the fixture: `S-1-5-21-7-7-7-10nn`. */
export function u(n: number): string {
  return `S-1-5-21-7-7-7-${1000 + n}`
}

export function loadFixture(): PolicyStore {
  return parseXmlStore(readFileSync(FIXTURE)).policy
}

export function loadStoreFile(path: string): PolicyStore {
  return parseXmlStore(readFileSync(path)).policy
}
