import { ExitCode } from '../../errors/azman-error.js'
import { openStore } from '../../store/open-store.js'
import { parseXmlStore, versionOf } from '../../xml/policy/parse-xml-store.js'
import { storeDocument } from '../../store/port.js'
import { parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { writeJson } from '../io.js'
import { loadStore } from '../load-store.js'
import { Progress } from '../progress.js'
import { examplesSection } from '../examples.js'

export const copy: Command = {
  name: 'copy',
  summary: 'write the store to another location',
  usage: `azman copy <source> <destination> [--force] [--json]

Writes the store to another location. An XML store copied to an XML file is
written byte for byte as it is, after checking that it reads as a store.
The destination must not exist unless --force is given (exit 5 otherwise).

Either side may be an Active Directory store (msldap://dc/CN=Store,...): copying
a file there creates the store object by object and reads it back; if the
directory refuses part of it (Samba refuses application groups), what was
created is removed again and nothing is left. With --force an existing AD store
is updated to the source (only the differences are written).

${examplesSection(`azman copy store-samples/hyperv-2008r2-delegated.xml lab.xml`, `azman copy store-samples/hyperv-2008r2.xml lab.xml --force --json`)}`,
  async run(args, io, globals) {
    const { values, positionals } = parseCommandArgs('copy', args, { force: { type: 'boolean' } }, { min: 2, max: 2, names: '<source> and <destination>' })
    const [from = '', to = ''] = positionals
    const progress = new Progress(io)
    const source = openStore(from, globals.store)
    // Creating an AD store is one write per object: show the count on a terminal.
    const destination = openStore(to, { ...globals.store, progress: { write: (done, total) => progress.count(`writing ${to}`, done, `of ${total} writes`) } })
    const overwrite = values.force === true
    let version: string
    let bytes: number | undefined
    // Between two document stores (XML files) the bytes are copied unchanged, once they are read as a store.
    const [sourceDocument, destinationDocument] = [storeDocument(source), storeDocument(destination)]
    if (sourceDocument !== undefined && destinationDocument !== undefined) {
      const raw = await sourceDocument.bytes()
      parseXmlStore(raw, source.displayName)
      await destinationDocument.writeBytes(raw, { overwrite })
      version = versionOf(raw)
      bytes = raw.length
    } else {
      const snapshot = await loadStore(from, io, globals.store)
      version = (await destination.create(snapshot.policy, { overwrite })).version
      progress.done()
    }
    if (globals.json) writeJson(io, { source: from, destination: to, version, ...(bytes === undefined ? {} : { bytes }) })
    else io.stdout.write(`copied ${from} to ${to}${bytes === undefined ? '' : ` (${bytes} bytes, unchanged)`}\n`)
    return ExitCode.Ok
  },
}
