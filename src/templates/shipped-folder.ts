import { fileURLToPath } from 'node:url'

/** The folder of templates shipped with azman. */
export const SHIPPED_TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url))
