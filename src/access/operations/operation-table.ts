import { guidKey, operationNumber, type Application, type Operation } from '../../model/policy.js'

/** An operation as proofs and reports name it. `id` is null when the OperationID is not a number. */
export interface OperationRef {
  readonly id: number | null
  readonly name: string
  readonly guid: string
}

export function operationRef(operation: Operation): OperationRef {
  return { id: operationNumber(operation) ?? null, name: operation.name, guid: operation.guid }
}

/**
 * The operations of one application, numbered 0..n-1 in document order: the
 * index is the bit position in an {@link OpSet}. Applications check access by
 * OperationID (docs/access-evaluation.md#23-the-operations); names are accepted
 * for people, without regard to case. With duplicate OperationIDs (an integrity
 * error) the first operation wins.
 */
export class OperationTable {
  readonly operations: readonly Operation[]
  private readonly byGuid = new Map<string, number>()
  private readonly byId = new Map<number, number>()
  private readonly byName = new Map<string, number>()

  constructor(application: Application) {
    this.operations = application.operations
    application.operations.forEach((op, i) => {
      const key = guidKey(op.guid)
      if (!this.byGuid.has(key)) this.byGuid.set(key, i)
      const id = operationNumber(op)
      if (id !== undefined && !this.byId.has(id)) this.byId.set(id, i)
      const name = op.name.toLowerCase()
      if (!this.byName.has(name)) this.byName.set(name, i)
    })
  }

  get size(): number {
    return this.operations.length
  }

  /** The index of a linked operation (by GUID), or undefined. */
  indexOfGuid(guid: string): number | undefined {
    return this.byGuid.get(guidKey(guid))
  }

  /** The index of the operation with this OperationID, or undefined. */
  indexOfId(id: number): number | undefined {
    return this.byId.get(id)
  }

  /**
   * The index of an operation named by OperationID (a number, or decimal
   * text) or by name (case-insensitive); undefined when there is none.
   */
  find(ref: number | string): number | undefined {
    if (typeof ref === 'number') return this.byId.get(ref)
    const text = ref.trim()
    if (/^-?[0-9]{1,10}$/.test(text)) {
      const byId = this.byId.get(Number(text))
      if (byId !== undefined) return byId
    }
    return this.byName.get(text.toLowerCase())
  }

  operation(index: number): Operation {
    const op = this.operations[index]
    if (op === undefined) throw new RangeError(`no operation at index ${index}`)
    return op
  }

  ref(index: number): OperationRef {
    return operationRef(this.operation(index))
  }
}
