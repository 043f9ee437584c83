import { BerWriter, Control } from 'ldapts'

/** Tree Delete (`1.2.840.113556.1.4.805`): delete an entry with everything under it. */
export const TREE_DELETE = '1.2.840.113556.1.4.805'

/**
 * The extended-DN control (`1.2.840.113556.1.4.529`) with flag 1: every DN
 * value comes back as `<GUID=...>;<SID=...>;dn` in string form
 * (MS-ADTS 3.1.1.3.4.1.5). Its value is BER `SEQUENCE { INTEGER 1 }`, sent
 * inside the control's OCTET STRING.
 */
export class ExtendedDnControl extends Control {
  static readonly OID = '1.2.840.113556.1.4.529'
  constructor() {
    super(ExtendedDnControl.OID, { critical: true })
  }
  protected override writeControl(writer: BerWriter): void {
    const value = new BerWriter()
    value.startSequence()
    value.writeInt(1)
    value.endSequence()
    writer.writeBuffer(value.buffer, 0x04)
  }
}
