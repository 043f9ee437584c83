/**
 * Long computations in steps, so that a server can keep answering while one
 * runs: the computation is a generator that yields between steps (a change
 * planned, a few dozen objects checked), and its caller either runs it
 * through at once ({@link finish}) or pauses between steps to let other work
 * run ({@link finishCooperatively}). Both give the same result.
 */

/** A computation that yields between its steps and returns `R`. */
export type Steps<R> = Generator<void, R, void>

/** How many objects a loop over a store handles between two steps. */
export const OBJECTS_PER_STEP = 64

/** Runs a computation through without pausing. */
export function finish<R>(steps: Steps<R>): R {
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

/**
 * How long a computation run with {@link finishCooperatively} keeps the
 * event loop before letting other work run, in milliseconds.
 */
export const SLICE_MS = 3

/**
 * Runs a computation, letting the event loop run other work (I/O, timers,
 * other requests) whenever it has held it for `sliceMs` milliseconds
 * (default {@link SLICE_MS}). The event loop is then never held for much
 * longer than `sliceMs` plus one step.
 */
export async function finishCooperatively<R>(steps: Steps<R>, sliceMs: number = SLICE_MS): Promise<R> {
  let started = performance.now()
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
    if (performance.now() - started >= sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve))
      started = performance.now()
    }
  }
}
