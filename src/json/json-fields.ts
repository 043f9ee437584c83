/**
 * Strict reading of JSON input files (change sets, templates, audit bindings):
 * every field is read by type, unknown keys are refused, and every error names
 * the JSON path of the problem (`$.operations[2].id`).
 */

import { isJsonObject } from './json-object.js'

export { isJsonObject }

/** Builds the error a reader throws: each input kind has its own error class and code. */
export type JsonErrorFactory = (path: string, message: string) => Error

/** Reads the fields of one JSON object, refusing unknown keys so typos do not pass silently. */
export class JsonFields {
  private readonly used: Set<string>
  constructor(
    protected readonly value: Record<string, unknown>,
    protected readonly path: string,
    protected readonly fail: JsonErrorFactory,
    alreadyRead: readonly string[] = [],
  ) {
    this.used = new Set(alreadyRead)
  }

  /** The raw value of a field, marked as read. */
  protected take(key: string): unknown {
    this.used.add(key)
    return this.value[key]
  }

  protected at(key: string): string {
    return `${this.path}.${key}`
  }

  /** The raw value of a field the caller checks itself, marked as read. */
  raw(key: string): unknown {
    return this.take(key)
  }

  string(key: string): string {
    const v = this.take(key)
    if (typeof v !== 'string') throw this.fail(this.at(key), v === undefined ? 'is required (a string)' : 'must be a string')
    return v
  }

  /** A required string that is not empty or blank. */
  text(key: string): string {
    const v = this.string(key)
    if (v.trim() === '') throw this.fail(this.at(key), 'must not be empty')
    return v
  }

  optionalString(key: string): string | undefined {
    const v = this.take(key)
    if (v === undefined) return undefined
    if (typeof v !== 'string') throw this.fail(this.at(key), 'must be a string')
    return v
  }

  integer(key: string): number {
    const v = this.optionalInteger(key)
    if (v === undefined) throw this.fail(this.at(key), 'is required (an integer)')
    return v
  }

  optionalInteger(key: string): number | undefined {
    const v = this.take(key)
    if (v === undefined) return undefined
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < -2147483648 || v > 2147483647) {
      throw this.fail(this.at(key), 'must be a 32-bit integer')
    }
    return v
  }

  optionalBoolean(key: string): boolean | undefined {
    const v = this.take(key)
    if (v === undefined) return undefined
    if (typeof v !== 'boolean') throw this.fail(this.at(key), 'must be true or false')
    return v
  }

  /** An optional array of strings; `items` and `item` name them in messages ("names", "a name"). */
  strings(key: string, items = 'strings', item = 'a string'): readonly string[] | undefined {
    const v = this.take(key)
    if (v === undefined) return undefined
    if (!Array.isArray(v)) throw this.fail(this.at(key), `must be an array of ${items}`)
    return v.map((value, i) => {
      if (typeof value !== 'string') throw this.fail(`${this.at(key)}[${i}]`, `must be ${item}`)
      return value
    })
  }

  /** A required array, items left to the caller. */
  array(key: string, what: string): readonly unknown[] {
    const v = this.take(key)
    if (!Array.isArray(v)) throw this.fail(this.at(key), `is required (${what})`)
    return v
  }

  /** An optional array, items left to the caller. */
  optionalArray(key: string, what: string): readonly unknown[] | undefined {
    const v = this.take(key)
    if (v === undefined) return undefined
    if (!Array.isArray(v)) throw this.fail(this.at(key), `must be ${what}`)
    return v as unknown[]
  }

  /** Refuses keys that were not read. */
  done(what = 'this object'): void {
    for (const key of Object.keys(this.value)) {
      if (!this.used.has(key)) throw this.fail(this.at(key), `is not a field of ${what}`)
    }
  }
}

/** Fields of an array item or nested value that must be an object. */
export function objectFields(value: unknown, path: string, fail: JsonErrorFactory, shape: string): JsonFields {
  if (!isJsonObject(value)) throw fail(path, `must be an object: ${shape}`)
  return new JsonFields(value, path, fail)
}
