import { InvalidChangeError } from '../../errors/change-errors.js'
import { TEXT_LIMIT, type ObjectKind } from '../../model/limits.js'
import { quote } from '../../model/quote.js'
import type { PolicyObject } from '../../model/policy.js'
import { applied, createOverExisting, inPlace, invalidName, invalidText, type ApplyContext, type ChangeOutcome } from '../apply-rules.js'
import type { ObjectDraft, Scalars } from '../draft/object-draft.js'

/**
 * The name and description rules every kind of object shares: an update's
 * rename and description, and a create's description over an existing object.
 */

interface Named {
  readonly name: string
  readonly description?: string
}

/**
 * The scalars `next` renamed as `newName` asks: `next` itself when no new
 * name is asked or it is the current one. Refuses a name AzMan does not allow
 * (AZMAN_ERR_CHANGE_INVALID_NAME) and a name another object of the same
 * collection has (AZMAN_ERR_CHANGE_DUPLICATE, with `duplicate` as message).
 *
 * @param holder finds an object of the collection by name (without regard to case).
 * @param self the object renamed: finding itself under the new name (a change of case) is no clash.
 */
export function renamed<S extends Named, O>(next: S, newName: string | undefined, kind: ObjectKind, holder: { find(name: string): O | undefined }, self: O, duplicate: (name: string) => string): S {
  if (newName === undefined || newName === next.name) return next
  invalidName(kind, newName)
  const other = holder.find(newName)
  if (other && other !== self) throw new InvalidChangeError('AZMAN_ERR_CHANGE_DUPLICATE', duplicate(newName))
  return { ...next, name: newName }
}

/**
 * The scalars `next` with the description an update asks (`null` removes
 * it): `next` itself when none is asked or it is the one `current` has. The
 * description is compared first and checked only when it changes, so an
 * update that repeats the description the store already has is in place,
 * whatever that description is (the order every kind of object follows).
 *
 * @param what names the object in messages, e.g. `task "Snapshot"`.
 */
export function redescribed<S extends Named>(next: S, current: Named, description: string | null | undefined, what: string): S {
  if (description === undefined || (description ?? undefined) === current.description) return next
  invalidText(what, 'description', description, TEXT_LIMIT.description)
  return describedAs(next, description ?? undefined)
}

/** The scalars with `description` as their description, or without one when it is undefined. */
export function describedAs<S extends Named>(scalars: S, description: string | undefined): S {
  const { description: _drop, ...rest } = scalars
  return (description === undefined ? rest : { ...rest, description }) as S
}

/** The message of a rename that clashes: `role assignment "X" already exists in application "A"`. */
export function alreadyExists(what: string, where: string): (name: string) => string {
  return (name) => `${what}${what === '' ? '' : ' '}${quote(name)} already exists${where === '' ? '' : ` in ${where}`}`
}

/**
 * A delete: in place when `holder` has no object of that name; otherwise
 * `guard` may refuse it (still linked, another kind), then the object goes.
 *
 * @param what names the kind in the in-place summary, e.g. `operation`.
 * @param summary the outcome's words, from the object found (before it is removed).
 */
export function deleteNamed<O extends { readonly name: string }>(
  holder: { find(name: string): O | undefined; remove(found: O): void } | undefined,
  name: string,
  what: string,
  summary: (found: O) => string,
  guard?: (found: O) => void,
): ChangeOutcome {
  const found = holder?.find(name)
  if (holder === undefined || found === undefined) return inPlace(`${what} ${quote(name)} already absent`)
  guard?.(found)
  const text = summary(found)
  holder.remove(found)
  return applied(text)
}

/** Refuses a create whose name or description AzMan's rules do not allow; `what` names the object in messages. */
export function checkCreated(kind: ObjectKind, name: string, description: string | undefined, what: string): void {
  invalidName(kind, name)
  invalidText(what, 'description', description, TEXT_LIMIT.description)
}

/** What a create asks of the object it found: see {@link createOverExisting}. */
export interface OverExisting {
  /** The object already is as asked. */
  readonly same: boolean
  /** Names the object in the outcome, e.g. `scope "Lab VMs"`. */
  readonly what: string
  readonly refusal: () => InvalidChangeError
  readonly replace: () => void
}

/**
 * A create that found its object: `ask` says, from the object's scalars and
 * the description it would have (the create's, else its own), whether it is
 * as asked and how to refuse or replace it.
 */
export function createdOver<T extends PolicyObject>(
  ctx: ApplyContext,
  existing: ObjectDraft<T>,
  description: string | undefined,
  ask: (current: Scalars<T>, description: string | undefined) => OverExisting,
): ChangeOutcome {
  const current = existing.scalars
  const { same, what, refusal, replace } = ask(current, description ?? current.description)
  return createOverExisting(ctx, existing.guid, same, what, refusal, replace)
}
