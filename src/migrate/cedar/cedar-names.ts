/** The entity types of the exported Cedar policy (docs/migrate.md has the mapping). */
export const CEDAR_TYPES = {
  /** A SID of a token: a user's, or a group's the user is in (the Windows token); groups of the token are parents. */
  sid: 'Sid',
  application: 'Application',
  scope: 'Scope',
  vm: 'VM',
  action: 'Action',
} as const
