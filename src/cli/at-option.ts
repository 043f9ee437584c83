/**
 * `--at <ISO time | journal id>`: the read commands (show, check, who-can,
 * what-can, matrix, audit, diff) answer from the version the store held then,
 * read from its version archive (`src/history/at-time.ts`). Each spreads
 * {@link AT_FLAG} into its flags, prints {@link AT_USAGE} in its help and
 * passes the value to `loadStore`.
 */
export const AT_FLAG = { at: { type: 'string' } } as const

/** The usage lines of --at. */
export const AT_USAGE = `  --at TIME|ID     answer from the store as it was at TIME (ISO 8601: 2026-12-03,
                   2026-12-03T08:30:00Z) or right after journal entry ID (azman
                   history lists them), read from the version archive. Exit 3 for a
                   time in the future, one that does not parse, or one before the
                   journal's first entry; exit 5 when the store was changed outside
                   azman after that point.`

/** The line of --at in the help of the reads that show expiries (show, who-can, audit). */
export const AT_EXPIRY_USAGE = `                   With --at, expiries (--until) are left out.`
