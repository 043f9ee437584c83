import { Type, type ArrayOptions, type Static, type TSchema, type TUnsafe } from '@sinclair/typebox'

/**
 * A JSON array whose TypeScript type is a readonly array, so the library's
 * readonly values can be sent and read as they are (a TypeBox `Type.Array` is
 * a mutable array type). The JSON Schema is the same.
 */
export function List<T extends TSchema>(items: T, options: ArrayOptions = {}): TUnsafe<readonly Static<T>[]> {
  return Type.Unsafe<readonly Static<T>[]>(Type.Array(items, options))
}

/** A value of `schema` or null. */
export function Nullable<T extends TSchema>(schema: T, options: object = {}): ReturnType<typeof Type.Union<[T, ReturnType<typeof Type.Null>]>> {
  return Type.Union([schema, Type.Null()], options)
}
