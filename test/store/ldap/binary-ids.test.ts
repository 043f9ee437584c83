import t from 'tap'
import { guidFromBytes, guidToBytes, sidFromBytes, sidToBytes } from '../../../src/ldap/binary-ids.js'

t.test('GUIDs: Microsoft byte order both ways', async (t) => {
  // objectGUID bytes as Samba returned them, and the text its extended DN gave for the same object.
  const bytes = Buffer.from('c649424646d2254f8148d4a838ffdad4', 'hex')
  t.equal(guidFromBytes(bytes), '464249c6-d246-4f25-8148-d4a838ffdad4')
  t.same(guidToBytes('{464249C6-D246-4F25-8148-D4A838FFDAD4}'), bytes, 'braces and case ignored')
  t.throws(() => guidToBytes('not-a-guid'), /is not a GUID/)
  t.throws(() => guidFromBytes(Buffer.alloc(15)), /16 bytes/)
})

t.test('SIDs: binary both ways', async (t) => {
  for (const sid of ['S-1-1-0', 'S-1-5-32-544', 'S-1-5-21-3563786809-3590445706-3846473031-1104', 'S-1-5-21-4294967295-1-2-3']) {
    t.equal(sidFromBytes(sidToBytes(sid)), sid, sid)
  }
  t.same(sidToBytes('S-1-5-11'), Buffer.from('01010000000000050b000000', 'hex'))
  t.throws(() => sidFromBytes(Buffer.from('0102000000000005', 'hex')), /sub-authorities/)
  t.throws(() => sidToBytes('X-1-2'), /is not a SID/)
})
