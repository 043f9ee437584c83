/**
 * The `examples:` section that ends every usage text (`azman --help`,
 * `azman <command> --help`): one example a line, indented two spaces, each a
 * complete command line as a user types it in the repository after the quick
 * start (`store-samples/...` for reads; `lab.xml`, a copy, for writes). A line
 * starting with `#` says what the next ones need; `# FILE: JSON` gives a file's
 * content; `# exits N...` gives the exit code of the next command (0 when
 * none is said). test/cli/help.int.test.ts runs every example and
 * checks its exit code.
 */
export function examplesSection(...lines: readonly string[]): string {
  return `examples:\n${lines.map((line) => `  ${line}`).join('\n')}`
}
