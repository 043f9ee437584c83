#!/usr/bin/env node
import { main } from './cli/main.js'
import { startService } from './server/start-server.js'

// The composition root: the CLI, with the REST service for `azman serve`.

// A reader that stops early (`azman history lab.xml | head -1`) closes the pipe:
// the writes after that fail with EPIPE. Stop writing quietly, as command-line
// tools do, and let the command finish (a write in progress completes, its lock
// is released); its exit code stands.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
  })
}

process.exitCode = await main(process.argv.slice(2), undefined, { startService })
