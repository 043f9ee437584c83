/** The schema helpers the REST schemas share with the library's (`json/schema-types.ts`). */
export { List, Nullable } from '../../json/schema-types.js'
