/**
 * Stores with long chains of nested application groups, tasks or role
 * definitions, written as XML text (AzMan's compact layout: the declaration,
 * CRLF, the root, CRLF, TAB, then every element on one line), for the nesting
 * tests (docs/access-evaluation.md#58-nesting-depth).
 *
 * One application "Deep" with two operations, "Read" (1) and "Write" (2):
 * - groups `G0` ... `G<n-1>`: `G0` lists {@link DEEP.user} and
 *   BUILTIN\Administrators; each later group links the one before it as a
 *   member (or, with `nonMembers`, lists both SIDs and links the one before it
 *   as a non-member, so membership alternates down the chain);
 * - tasks `T0` ... `T<m-1>` (role definitions with `roleDefinitions`): `T0`
 *   links "Write", each later one links the one before it;
 * - role definition "Reader" (links "Read"); role assignments "Readers"
 *   (Reader) and "Writers" (the top task, or "Write" when there are no tasks),
 *   both held by the top group (or the two SIDs directly when there are no
 *   groups).
 * Every link resolves and no chain loops, so the store breaks no rule but
 * the nesting limit.
 */

/** What the tests ask about. */
export const DEEP = {
  app: 'Deep',
  /** A domain user at the bottom of the group chain. */
  user: 'S-1-5-21-7-7-7-1001',
  administrators: 'S-1-5-32-544',
  read: 1,
  write: 2,
} as const

export interface DeepStoreOptions {
  /** Application groups in one chain. Default 0. */
  readonly groups?: number
  /** Link each group to the one before it as a non-member instead of a member. Default false. */
  readonly nonMembers?: boolean
  /** Tasks in one chain of TaskLinks. Default 0. */
  readonly tasks?: number
  /** Make the chained tasks role definitions. Default false. */
  readonly roleDefinitions?: boolean
}

/** `bbbbbbbb-<kind>-4000-8000-<n, 12 digits>`: a lowercase GUID per object. */
export function deepGuid(kind: number, n: number): string {
  return `bbbbbbbb-${String(kind).padStart(4, '0')}-4000-8000-${String(n).padStart(12, '0')}`
}

const APP = deepGuid(0, 0)
const READ = deepGuid(1, 1)
const WRITE = deepGuid(1, 2)
const GROUP = 2
const TASK = 3
const READER = deepGuid(4, 0)

/** The name of the i-th group of the chain. */
export const groupName = (i: number): string => `G${i}`
/** The name of the i-th task of the chain. */
export const taskName = (i: number): string => `T${i}`

/** The store's XML text. */
export function deepStoreXml(options: DeepStoreOptions): string {
  const groups = options.groups ?? 0
  const tasks = options.tasks ?? 0
  const both = `<Member>${DEEP.administrators}</Member><Member>${DEEP.user}</Member>`
  const parts: string[] = [
    `<AzApplication Guid="${APP}" Name="${DEEP.app}">`,
    `<AzOperation Guid="${READ}" Name="Read"><OperationID>${DEEP.read}</OperationID></AzOperation>`,
    `<AzOperation Guid="${WRITE}" Name="Write"><OperationID>${DEEP.write}</OperationID></AzOperation>`,
  ]
  for (let i = 0; i < groups; i++) {
    const link = options.nonMembers === true ? 'AppNonMemberLink' : 'AppMemberLink'
    const body = i === 0 ? both : `${options.nonMembers === true ? both : ''}<${link}>${deepGuid(GROUP, i - 1)}</${link}>`
    parts.push(`<AzApplicationGroup Guid="${deepGuid(GROUP, i)}" Name="${groupName(i)}" GroupType="Basic">${body}</AzApplicationGroup>`)
  }
  for (let i = 0; i < tasks; i++) {
    const body = i === 0 ? `<OperationLink>${WRITE}</OperationLink>` : `<TaskLink>${deepGuid(TASK, i - 1)}</TaskLink>`
    parts.push(`<AzTask Guid="${deepGuid(TASK, i)}" Name="${taskName(i)}"${options.roleDefinitions === true ? ' RoleDefinition="True"' : ''}>${body}</AzTask>`)
  }
  parts.push(`<AzTask Guid="${READER}" Name="Reader" RoleDefinition="True"><OperationLink>${READ}</OperationLink></AzTask>`)
  const holders = groups > 0 ? `<AppMemberLink>${deepGuid(GROUP, groups - 1)}</AppMemberLink>` : both
  parts.push(`<AzRole Guid="${deepGuid(5, 0)}" Name="Readers"><TaskLink>${READER}</TaskLink>${holders}</AzRole>`)
  const writes = tasks > 0 ? `<TaskLink>${deepGuid(TASK, tasks - 1)}</TaskLink>` : `<OperationLink>${WRITE}</OperationLink>`
  parts.push(`<AzRole Guid="${deepGuid(5, 1)}" Name="Writers">${writes}${holders}</AzRole>`)
  parts.push('</AzApplication>')
  return `<?xml version="1.0" encoding="utf-8"?>\r\n<AzAdminManager MajorVersion="2" MinorVersion="0">\r\n\t${parts.join('')}</AzAdminManager>\r\n`
}
