import t from 'tap'
import { formatPath } from '../../src/model/paths.js'
import type { PolicyObject } from '../../src/model/policy.js'
import { walkStore } from '../../src/model/walk.js'
import { application, group, operation, roleAssignment, roleDefinition, scope, store, task } from './factories.js'

const sg = group('Auditors')
const op1 = operation('Read', '1')
const op2 = operation('Write', '2')
const ag = group('Operators')
const at = task('Monitor')
const ard = roleDefinition('Admin')
const ara = roleAssignment('Admins')
const sgS = group('Lab Owners')
const stS = roleDefinition('Lab Role')
const sraS = roleAssignment('Lab RA')
const lab = scope('Lab VMs', { groups: [sgS], tasks: [stS], roleAssignments: [sraS] })
const empty = scope('Empty')
const app = application('Hyper-V services', { operations: [op1, op2], groups: [ag], tasks: [at, ard], roleAssignments: [ara], scopes: [lab, empty] })
const other = application('Other', { tasks: [task('Other Task')] })
const policy = store({ groups: [sg], applications: [app, other] })

t.test('walkStore visits every object once, in order, with kind and path', async (t) => {
  const visited = [...walkStore(policy)]
  t.same(
    visited.map((v) => [v.kind, formatPath(v.path)]),
    [
      ['group', 'group "Auditors"'],
      ['application', 'application "Hyper-V services"'],
      ['operation', 'application "Hyper-V services" > operation "Read"'],
      ['operation', 'application "Hyper-V services" > operation "Write"'],
      ['group', 'application "Hyper-V services" > group "Operators"'],
      ['task', 'application "Hyper-V services" > task "Monitor"'],
      ['role-definition', 'application "Hyper-V services" > role definition "Admin"'],
      ['role-assignment', 'application "Hyper-V services" > role assignment "Admins"'],
      ['scope', 'application "Hyper-V services" > scope "Lab VMs"'],
      ['group', 'application "Hyper-V services" > scope "Lab VMs" > group "Lab Owners"'],
      ['role-definition', 'application "Hyper-V services" > scope "Lab VMs" > role definition "Lab Role"'],
      ['role-assignment', 'application "Hyper-V services" > scope "Lab VMs" > role assignment "Lab RA"'],
      ['scope', 'application "Hyper-V services" > scope "Empty"'],
      ['application', 'application "Other"'],
      ['task', 'application "Other" > task "Other Task"'],
    ],
  )
  const objects = visited.map((v) => v.object as PolicyObject)
  t.equal(new Set(objects).size, objects.length, 'no object twice')
  const all: PolicyObject[] = [sg, app, op1, op2, ag, at, ard, ara, lab, sgS, stS, sraS, empty, other, ...other.tasks]
  t.same(new Set(objects), new Set(all), 'every object')
  for (const v of visited) t.equal(v.path[v.path.length - 1]?.name, v.object.name, `${formatPath(v.path)} ends with the object`)
})

t.test('containers', async (t) => {
  const visited = [...walkStore(policy)]
  const find = (o: PolicyObject) => {
    const v = visited.find((x) => x.object === o)
    if (!v) throw new Error(`not visited: ${o.name}`)
    return v
  }
  t.equal(find(sg).container, undefined, 'store groups have no container')
  t.equal(find(app).container, undefined)
  t.equal(find(op1).container?.scope, undefined)
  t.equal(find(op1).container?.application, app)
  t.equal(find(at).container?.scope, undefined)
  const labVisit = find(lab)
  t.equal(labVisit.container?.application, app, 'a scope lives in its application')
  t.equal(labVisit.container?.scope, undefined)
  t.same(labVisit.container?.path, [{ kind: 'application', name: 'Hyper-V services' }])
  t.equal(labVisit.container?.tasks, app.tasks)
  t.equal(find(stS).container?.scope, lab, 'scope objects live in the scope')
  t.equal(find(sraS).container?.tasks, lab.tasks)
})

t.test('an empty store', async (t) => {
  t.same([...walkStore(store())], [])
})
