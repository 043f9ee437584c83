/**
 * A WMI namespace as one key: `/` and `\` are the same separator to WMI, and names compare without
 * case (`ROOT/CIMV2` is `root\cimv2`). Every lookup and every duplicate check of facts uses it, so a
 * second spelling of a namespace can neither hide nor replace the first.
 */
export function namespaceKey(namespace: string): string {
  return namespace.replace(/\//g, '\\').toLowerCase()
}
