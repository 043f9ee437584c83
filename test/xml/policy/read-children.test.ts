import t from 'tap'
import { parseXmlStore } from '../../../src/xml/policy/parse-xml-store.js'

const G = (n: number): string => `00000000-0000-0000-0000-00000000000${n}`

// The reader sorts an object's children by the shape table: list elements in order, the first of each
// value child, and the rest (a repeated value child, an element azman does not know) as unknown elements.
t.test('a repeated value child and an unknown child are carried as unknown elements, in document order', async (t) => {
  const xml = `<?xml version="1.0" encoding="utf-8"?>
<AzAdminManager MajorVersion="2" MinorVersion="0" Guid="${G(1)}">
<AzApplication Guid="${G(2)}" Name="A">
<AzOperation Guid="${G(3)}" Name="Op"><OperationID>7</OperationID><OperationID>8</OperationID></AzOperation>
<AzTask Guid="${G(4)}" Name="T"><BizRuleLanguage>JScript</BizRuleLanguage><X>1</X><OperationLink>${G(3)}</OperationLink><BizRuleLanguage>VBScript</BizRuleLanguage><BizRule>a</BizRule></AzTask>
<AzApplicationGroup Guid="${G(5)}" Name="G" GroupType="Basic"><Member>S-1-5-32-544</Member><LdapQuery>(a=1)</LdapQuery><Member>S-1-5-32-545</Member><LdapQuery>(b=2)</LdapQuery></AzApplicationGroup>
</AzApplication>
</AzAdminManager>
`
  const app = parseXmlStore(new TextEncoder().encode(xml)).policy.applications[0]
  const op = app?.operations[0]
  const task = app?.tasks[0]
  const group = app?.groups[0]
  t.equal(op?.operationId, '7')
  t.same(
    op?.extras.elements.map((u) => u.markup),
    ['<OperationID>8</OperationID>'],
  )
  t.equal(task?.language, 'JScript')
  t.equal(task?.script, 'a')
  t.same(task?.operationLinks, [G(3)])
  t.same(
    task?.extras.elements.map((u) => u.markup),
    ['<X>1</X>', '<BizRuleLanguage>VBScript</BizRuleLanguage>'],
  )
  t.same(group?.members, ['S-1-5-32-544', 'S-1-5-32-545'])
  t.equal(group?.ldapQuery, '(a=1)')
  t.same(
    group?.extras.elements.map((u) => u.markup),
    ['<LdapQuery>(b=2)</LdapQuery>'],
  )
})
