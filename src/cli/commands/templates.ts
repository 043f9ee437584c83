import { ExitCode } from '../../errors/azman-error.js'
import { listTemplates } from '../../templates/list-templates.js'
import { parseCommandArgs } from '../args.js'
import type { Command } from '../command.js'
import { writeJson } from '../io.js'
import { examplesSection } from '../examples.js'

export const templates: Command = {
  name: 'templates',
  summary: 'list the shipped least-privilege templates',
  usage: `azman templates [--json]

Lists the templates shipped in templates/ (delegate --template takes their names), with the
operations each allows and where it may be assigned. templates/README.md documents the format.

${examplesSection(`azman templates`, `azman templates --json`)}`,
  async run(args, io, globals) {
    parseCommandArgs('templates', args, {}, { min: 0, max: 0, names: 'no arguments' })
    const all = await listTemplates()
    if (globals.json) writeJson(io, { templates: all })
    else {
      for (const t of all) {
        io.stdout.write(`${t.name}: ${t.title} (${t.application}, assigned at ${t.assignableAt} level${t.assignableAt === 'any' ? '' : ' only'})\n`)
        io.stdout.write(`  role definition ${JSON.stringify(t.roleDefinition)}: ${t.operations.map((o) => `${o.id}${o.required ? '' : '?'}`).join(', ')}\n`)
        if (t.companions.length > 0) io.stdout.write(`  needs at application level: ${t.companions.join(', ')} (delegate --with-connect applies them too)\n`)
      }
    }
    return ExitCode.Ok
  },
}
