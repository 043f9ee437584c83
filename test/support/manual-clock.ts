import type { Test } from 'tap'

/**
 * Moves `Date.now()` forward by hand for the rest of a test (restored at its end), for code that
 * reads the clock through `Date.now()` (the tokens file's reload interval): a test says "a second
 * later" without waiting a second. Time only moves forward, as real time does, so timers and
 * logging that read the clock see nothing odd.
 */
export function manualClock(t: Test): { advance(ms: number): void } {
  const real = Date.now
  let offset = 0
  Date.now = () => real() + offset
  t.teardown(() => {
    Date.now = real
  })
  return {
    advance(ms: number) {
      offset += ms
    },
  }
}
