import { createRequire } from 'node:module'

/** azman's version, from its package.json (`azman --version`), or `unknown` when it cannot be read. */
export function azmanVersion(): string {
  const pkg: unknown = createRequire(import.meta.url)('../../package.json')
  return typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string' ? pkg.version : 'unknown'
}
