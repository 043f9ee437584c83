import type { Application, Member } from '../api/types'
import { Principal } from '../parts/principal'
import type { NodeObject } from './store-tree'

function operationName(app: Application, id: number): string {
  return app.operations.find((o) => o.id === id)?.name ?? 'unknown operation'
}

function Operations({ app, ids }: { app: Application; ids: readonly number[] }) {
  if (ids.length === 0) return <p class="none">No operations linked directly.</p>
  return (
    <ul class="operations">
      {[...ids]
        .sort((a, b) => a - b)
        .map((id) => (
          <li key={id}>
            <span class="op-id">{id}</span> {operationName(app, id)}
          </li>
        ))}
    </ul>
  )
}

function Names({ names, none }: { names: readonly string[]; none: string }) {
  return names.length === 0 ? (
    <p class="none">{none}</p>
  ) : (
    <ul>
      {names.map((n) => (
        <li key={n}>{n}</li>
      ))}
    </ul>
  )
}

function Members({ members, groups, none }: { members: readonly Member[]; groups: readonly string[]; none: string }) {
  if (members.length === 0 && groups.length === 0) return <p class="none">{none}</p>
  return (
    <ul class="members">
      {members.map((m) => (
        <li key={m.sid}>
          <Principal member={m} />
        </li>
      ))}
      {groups.map((g) => (
        <li key={`group:${g}`}>
          application group <span class="name">{g}</span>
        </li>
      ))}
    </ul>
  )
}

const place = (o: { scope?: { name: string } }) => (o.scope === undefined ? 'application level' : `scope ${o.scope.name}`)

/** One object of the store, as the AzMan console's property pages show it. */
export function ObjectDetails({ object }: { object: NodeObject }) {
  switch (object.kind) {
    case 'folder':
      return <p class="none">Choose an object in the tree.</p>
    case 'application':
      return (
        <section>
          <h2>Application {object.app.name}</h2>
          {object.app.description !== undefined && <p class="description">{object.app.description}</p>}
          <dl>
            <dt>Operations</dt>
            <dd>{object.app.operations.length}</dd>
            <dt>Scopes</dt>
            <dd>{object.app.scopes.length}</dd>
            <dt>GUID</dt>
            <dd class="guid">{object.app.guid}</dd>
          </dl>
        </section>
      )
    case 'operations':
      return (
        <section>
          <h2>Operations of {object.app.name}</h2>
          <table class="ops">
            <thead>
              <tr>
                <th scope="col">OperationID</th>
                <th scope="col">Name</th>
              </tr>
            </thead>
            <tbody>
              {object.app.operations.map((o) => (
                <tr key={o.guid}>
                  <td>{o.id}</td>
                  <td>{o.name}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )
    case 'task':
    case 'role-definition':
      return (
        <section>
          <h2>
            {object.kind === 'task' ? 'Task definition' : 'Role definition'} {object.task.name}
          </h2>
          <p class="place">{place(object)}</p>
          {object.task.description !== undefined && <p class="description">{object.task.description}</p>}
          <h3>Operations</h3>
          <Operations app={object.app} ids={object.task.operations} />
          <h3>Tasks and role definitions in it</h3>
          <Names names={object.task.tasks} none="None." />
          {object.task.bizRule !== null && <p class="warning">Has a business rule: its grants are conditional.</p>}
        </section>
      )
    case 'role-assignment':
      return (
        <section>
          <h2>Role assignment {object.role.name}</h2>
          <p class="place">{place(object)}</p>
          {object.role.description !== undefined && <p class="description">{object.role.description}</p>}
          <h3>Role definitions and tasks</h3>
          <Names names={object.role.tasks} none="None." />
          <h3>Operations</h3>
          <Operations app={object.app} ids={object.role.operations} />
          <h3>Members</h3>
          <Members members={object.role.members} groups={object.role.appMembers} none="No members." />
        </section>
      )
    case 'scope':
      return (
        <section>
          <h2>Scope {object.scope.name}</h2>
          {object.scope.description !== undefined && <p class="description">{object.scope.description}</p>}
          <dl>
            <dt>Role assignments</dt>
            <dd>{object.scope.roles.length}</dd>
            <dt>Definitions</dt>
            <dd>{object.scope.tasks.length}</dd>
            <dt>Groups</dt>
            <dd>{object.scope.groups.length}</dd>
            <dt>GUID</dt>
            <dd class="guid">{object.scope.guid}</dd>
          </dl>
        </section>
      )
    case 'group':
      return (
        <section>
          <h2>Application group {object.group.name}</h2>
          <p class="place">{object.app === undefined ? 'store level' : place(object)}</p>
          {object.group.description !== undefined && <p class="description">{object.group.description}</p>}
          <p>Type: {object.group.type}</p>
          {object.group.ldapQuery !== null && <pre class="ldap">{object.group.ldapQuery}</pre>}
          <h3>Members</h3>
          <Members members={object.group.members} groups={object.group.appMembers} none="No members." />
          <h3>Non-members</h3>
          <Members members={object.group.nonMembers} groups={object.group.appNonMembers} none="None." />
        </section>
      )
  }
}
