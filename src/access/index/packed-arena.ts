/**
 * Int32 storage shared by the container indexes of one AccessIndex: each
 * container's packed table is a slice of a few large chunks rather than a
 * small array of its own. On a store with thousands of scopes a check then
 * touches one chunk object, which stays in cache, and one slice, instead of
 * an array object and a separately allocated backing store per scope.
 */
/** Ints per chunk at most (4 MiB). */
const MAX_CHUNK = 1 << 20

export class PackedArena {
  private chunk: Int32Array
  private used = 0
  /** The size of the next chunk: small for small stores, doubling up to {@link MAX_CHUNK}. */
  private nextSize: number

  constructor(firstChunk = 1 << 12) {
    this.chunk = new Int32Array(firstChunk)
    this.nextSize = Math.min(firstChunk * 2, MAX_CHUNK)
  }

  /** A zeroed slice of `size` ints: the chunk holding it and where it starts. */
  alloc(size: number): { readonly data: Int32Array; readonly base: number } {
    if (this.used + size > this.chunk.length) {
      this.chunk = new Int32Array(Math.max(this.nextSize, size))
      this.nextSize = Math.min(this.nextSize * 2, MAX_CHUNK)
      this.used = 0
    }
    const base = this.used
    this.used += size
    return { data: this.chunk, base }
  }
}
