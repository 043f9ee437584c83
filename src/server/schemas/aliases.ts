import { HttpError } from '../http-status.js'

/**
 * Old names of body fields, accepted for one version after a rename (the
 * field's schema says `deprecated: true` in the OpenAPI document):
 * docs/README.md#vocabulary lists them.
 */

/** The description of a deprecated field, naming the one to use. */
export function deprecatedAs(current: string): { readonly deprecated: true; readonly description: string } {
  return { deprecated: true, description: `Deprecated (accepted for one version): the old name of "${current}"; give "${current}"` }
}

/**
 * The value of a renamed field, given under its name or its old name; both
 * at once is a 400 (`AZMAN_ERR_REQUEST_INVALID`), and so is neither when
 * the field is required.
 */
export function renamedField<T>(current: readonly [name: string, value: T | undefined], old: readonly [name: string, value: T | undefined], required: true): T
export function renamedField<T>(current: readonly [name: string, value: T | undefined], old: readonly [name: string, value: T | undefined], required?: false): T | undefined
export function renamedField<T>(current: readonly [name: string, value: T | undefined], old: readonly [name: string, value: T | undefined], required = false): T | undefined {
  const [name, value] = current
  if (value !== undefined && old[1] !== undefined)
    throw new HttpError(400, 'AZMAN_ERR_REQUEST_INVALID', `the request is not valid: body has both "${name}" and "${old[0]}", its deprecated old name; give "${name}" only`)
  const given = value ?? old[1]
  if (given === undefined && required) throw new HttpError(400, 'AZMAN_ERR_REQUEST_INVALID', `the request is not valid: body must have required property '${name}'`)
  return given
}
