/** A member's expiry as text prints it: ` (until 2027-01-31T00:00:00Z)` (whole seconds without `.000`), or nothing. */
export function untilText(expiresAt: string | undefined): string {
  return expiresAt === undefined ? '' : ` (until ${expiresAt.replace(/\.000Z$/, 'Z')})`
}
