import type { Member } from '../api/types'

/** A member by name where the server knows it (a directory or a well-known SID), by SID otherwise. */
export function Principal({ member }: { member: Member }) {
  return member.name === null ? (
    <span class="sid">{member.sid}</span>
  ) : (
    <span class="principal" title={member.sid}>
      {member.name} <span class="sid">({member.sid})</span>
    </span>
  )
}
