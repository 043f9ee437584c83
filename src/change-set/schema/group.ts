import { Type } from '@sinclair/typebox'
import { MESSAGE } from '../../json/schema-messages.js'
import { changeType, description, inGroupContainer, Name, newName, nullableDescription, principals } from './shared.js'

/** The change types of application groups (store-level without `app`, or in an application or one of its scopes). */

const APP = 'Hyper-V services'
const name = Type.Readonly(Name('Group name'))
const group = Type.Readonly(Name('Group name'))
const ldapQuery = Type.ReadonlyOptional(Type.String({ description: 'The LDAP query of an LdapQuery group' }))
const groupType = Type.Readonly(
  Type.Union([Type.Literal('Basic'), Type.Literal('LdapQuery')], {
    description: 'Basic (members listed) or LdapQuery (members found by a query)',
    [MESSAGE]: { type: 'must be a string', default: 'must be "Basic" or "LdapQuery"' },
  }),
)
const SID = 'S-1-5-21-1004336348-1177238915-682003330-'

export const CreateGroup = changeType(
  'create-group',
  {
    ...inGroupContainer,
    name,
    groupType,
    description,
    members: Type.ReadonlyOptional(principals('Members of a Basic group')),
    nonMembers: Type.ReadonlyOptional(principals('Non-members of a Basic group (left out even when they are members)')),
    ldapQuery,
  },
  {
    description: 'Creates an application group with its members and non-members, or its LDAP query.',
    example: { app: APP, scope: 'Lab VMs', name: 'Lab owners', groupType: 'Basic', members: [{ sid: `${SID}1110` }], nonMembers: [] },
  },
)

export const UpdateGroup = changeType(
  'update-group',
  { ...inGroupContainer, name, newName, description: nullableDescription, ldapQuery },
  {
    description: 'Renames a group, or changes its description or LDAP query; fields left out stay as they are.',
    example: { name: 'Lab admins', ldapQuery: '(&(objectClass=user)(department=Labs))', description: null },
  },
)

export const DeleteGroup = changeType('delete-group', { ...inGroupContainer, name }, { description: 'Deletes a group; one already absent is in place.', example: { name: 'Lab admins' } })

function membership<T extends 'add-group-members' | 'remove-group-members'>(type: T, doc: string, example: Readonly<Record<string, unknown>>) {
  const verb = type === 'add-group-members' ? 'add' : 'remove'
  return changeType(
    type,
    { ...inGroupContainer, group, members: Type.ReadonlyOptional(principals(`Members to ${verb}`)), nonMembers: Type.ReadonlyOptional(principals(`Non-members to ${verb}`)) },
    { description: doc, example },
  )
}

export const AddGroupMembers = membership('add-group-members', 'Adds members and non-members to a Basic group.', {
  app: APP,
  scope: 'Lab VMs',
  group: 'Lab owners',
  members: [{ sid: `${SID}1111` }],
  nonMembers: [{ sid: `${SID}1112` }],
})
export const RemoveGroupMembers = membership('remove-group-members', 'Removes members and non-members from a Basic group.', {
  app: APP,
  scope: 'Lab VMs',
  group: 'Lab owners',
  nonMembers: [{ sid: `${SID}1112` }],
})

/** Every change type of groups, in documentation order. */
export const GROUP_CHANGES = [CreateGroup, UpdateGroup, DeleteGroup, AddGroupMembers, RemoveGroupMembers] as const
