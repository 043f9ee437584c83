import { charLength, FORBIDDEN_NAME_CHARS, hasCharacterRules, NAME_LIMIT, NON_PRINTABLE, SCOPE_NAME_SOFT_LIMIT, type ObjectKind } from '../limits.js'
import { formatPath, kindLabel, type ObjectPath } from '../paths.js'
import type { Visited } from '../walk.js'
import { FindingCode } from './finding.js'
import type { FindingSink } from './sink.js'
import { article, quote } from '../quote.js'
import { finish, OBJECTS_PER_STEP, type Steps } from '../steps.js'

/**
 * The problem with a name under AzMan's rules, or undefined when it follows
 * them. Shared by integrity checks (existing names) and by writers (new names).
 */
export function nameProblem(kind: ObjectKind, name: string): { code: FindingCode; message: string } | undefined {
  if (name.trim() === '') return { code: FindingCode.EmptyName, message: `${article(kindLabel(kind))} name cannot be empty` }
  const limit = NAME_LIMIT[kind]
  const length = charLength(name)
  if (length > limit) {
    return { code: FindingCode.NameTooLong, message: `the name has ${length} characters; AzMan allows at most ${limit} for ${article(kindLabel(kind))}` }
  }
  if (hasCharacterRules(kind)) {
    const bad = FORBIDDEN_NAME_CHARS.exec(name)
    if (bad) {
      const shown = bad[0] === '\t' ? 'TAB' : `"${bad[0]}"`
      return {
        code: FindingCode.NameForbiddenCharacter,
        message: `the name contains ${shown}; AzMan names may not contain \\ / : * ? " < > | or TAB`,
      }
    }
  }
  if (NON_PRINTABLE.test(name)) {
    return { code: FindingCode.NameForbiddenCharacter, message: `${kindLabel(kind)} names must be printable: the name contains a control character` }
  }
  return undefined
}

/** Names follow AzMan's length and character rules. */
export function checkNames(objects: readonly Visited[], sink: FindingSink): void {
  finish(checkNamesSteps(objects, sink))
}

/** {@link checkNames} in steps (see `model/steps.ts`). */
export function* checkNamesSteps(objects: readonly Visited[], sink: FindingSink): Steps<void> {
  let n = 0
  for (const { kind, object, path } of objects) {
    if (++n % OBJECTS_PER_STEP === 0) yield
    const problem = nameProblem(kind, object.name)
    if (problem) sink.error(problem.code, path, object.guid, problem.message)
    else if (kind === 'scope' && charLength(object.name) > SCOPE_NAME_SOFT_LIMIT) {
      sink.warning(FindingCode.ScopeNameLong, path, object.guid, `the scope name has ${charLength(object.name)} characters; some AzMan interfaces accept only ${SCOPE_NAME_SOFT_LIMIT}`)
    }
  }
}

/**
 * Names are unique within one container and name space, compared without
 * regard to case (AzMan looks names up case-insensitively). Tasks and role
 * definitions share a name space; role assignments, groups, operations,
 * scopes and applications each have their own.
 */
export function checkDuplicateNames(objects: readonly Visited[], sink: FindingSink): void {
  finish(checkDuplicateNamesSteps(objects, sink))
}

/** {@link checkDuplicateNames} in steps (see `model/steps.ts`). */
export function* checkDuplicateNamesSteps(objects: readonly Visited[], sink: FindingSink): Steps<void> {
  const seen = new Map<string, ObjectPath>()
  let n = 0
  for (const { kind, object, path } of objects) {
    if (++n % OBJECTS_PER_STEP === 0) yield
    const space = kind === 'role-definition' ? 'task' : kind
    let parent = ''
    for (let i = 0; i < path.length - 1; i++) parent += `${path[i]?.kind ?? ''}\u0001${path[i]?.name ?? ''}\u0000`
    const key = `${parent}${space}\u0000${object.name.toLowerCase()}`
    const first = seen.get(key)
    if (first === undefined) seen.set(key, path)
    else {
      sink.error(FindingCode.DuplicateName, path, object.guid, `the name ${quote(object.name)} is already used by ${formatPath(first)} in the same container; rename one of them`)
    }
  }
}
