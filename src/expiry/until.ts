import { UsageError } from '../errors/usage-error.js'

/** An ISO 8601 date, or date and time with a zone (`Z` or `+hh:mm`). */
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/

/**
 * Reads a time given as an ISO 8601 date (`2025-01-31`, midnight UTC) or date
 * and time with its zone (`2025-01-31T18:00:00Z`, `2025-01-31T19:00+01:00`).
 * A time without a zone is refused: it would mean another moment on each
 * machine that reads it.
 *
 * @param what the option, for messages (`--until`, `expiresAt`)
 * @throws UsageError (exit 3) for anything else, or a date that does not exist (2025-02-30)
 */
export function parseIsoTime(text: string, what: string): Date {
  const match = ISO_TIME.exec(text.trim())
  const refuse = (): never => {
    throw new UsageError(`${what} takes an ISO 8601 time such as 2025-01-31T18:00:00Z or a date such as 2025-01-31, not ${JSON.stringify(text)}`)
  }
  if (match === null) return refuse()
  const [, year, month, day, hour, minute, second] = match
  // Date.parse rolls 2025-02-30 over to March; a date that does not exist is refused instead.
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)))
  if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return refuse()
  if (Number(hour ?? 0) > 23 || Number(minute ?? 0) > 59 || Number(second ?? 0) > 59) return refuse()
  const time = Date.parse(hour === undefined ? `${text.trim()}T00:00:00Z` : text.trim())
  if (Number.isNaN(time)) return refuse()
  return new Date(time)
}

/**
 * `--until` (`expiresAt` over REST): a time after `now`.
 *
 * @throws UsageError (exit 3) for an unparsable time or one not after `now`
 */
export function parseUntil(text: string, now: Date, what = '--until'): Date {
  const until = parseIsoTime(text, what)
  if (until.getTime() <= now.getTime()) throw new UsageError(`${what} ${JSON.stringify(text)} is not in the future (it is now ${now.toISOString()}): a delegation must end after it begins`)
  return until
}
