/**
 * One cold run of `azman <args>` for the names benchmark (test/bench/names-bench.ts):
 * run in a fresh process (`node --import tsx test/bench/names-child.ts <env as JSON> <args>`),
 * it times one `main()` run, as a person running the command waits for it
 * minus Node's start-up and the loading of azman's modules, with nothing yet
 * optimised, and prints `{"ms": ..., "named": <whether user5 was printed>}`.
 */
import { runCli } from '../cli/run-cli.js'

const env = JSON.parse(process.argv[2] ?? '{}') as Record<string, string>
const args = process.argv.slice(3)
const started = performance.now()
const run = await runCli(args, env)
const ms = performance.now() - started
if (run.code !== 0) throw new Error(`azman ${args.join(' ')} exited ${run.code}: ${run.stderr}`)
process.stdout.write(`${JSON.stringify({ ms, named: run.stdout.includes('user5') })}\n`)
