import type { FastifyInstance } from 'fastify'
import { expireMembers } from '../expiry/expire.js'

/** The expiry timer's settings. */
export interface ExpiryTimerOptions {
  /** Milliseconds between two runs; 0: no timer. */
  readonly everyMs: number
  /** Lock timeout of each run's writes, in milliseconds. */
  readonly lockTimeoutMs: number
  /** The time each run expires at (tests give a fixed one); default the clock. */
  readonly clock?: () => Date
}

/**
 * Runs {@link expireMembers} on every store of the service every
 * `everyMs` milliseconds, one store after the other, never two runs at once
 * (a tick that finds the last run still going is skipped). What a run removed
 * is logged (`info`), a failure too (`error`: a sidecar that does not parse,
 * a lock that was not given in time), and the next tick tries again. The
 * timer does not keep the process alive, and is stopped when the server
 * closes (which waits for a run in progress).
 */
export function startExpiryTimer(app: FastifyInstance, options: ExpiryTimerOptions): void {
  if (options.everyMs <= 0) return
  const clock = options.clock ?? (() => new Date())
  let running: Promise<void> | undefined
  const tick = async (): Promise<void> => {
    for (const name of app.azman.storeNames) {
      try {
        const outcome = await expireMembers(app.azman.store(name), { now: clock(), lockTimeoutMs: options.lockTimeoutMs })
        if (outcome.expired.length > 0) {
          app.log.info({ store: name, expired: outcome.expired.map((e) => ({ sid: e.entry.sid, roleAssignment: e.entry.roleAssignment.name, outcome: e.outcome })) }, 'expiry: members removed')
        }
      } catch (e) {
        app.log.error({ store: name, err: e }, 'expiry: the run failed; the next one tries again')
      }
    }
  }
  const timer = setInterval(() => {
    if (running !== undefined) return
    running = tick().finally(() => {
      running = undefined
    })
  }, options.everyMs)
  timer.unref()
  app.addHook('onClose', async () => {
    clearInterval(timer)
    await running
  })
}
