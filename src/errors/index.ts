export * from './azman-error.js'
export * from './input-errors.js'
export * from './usage-error.js'
export * from './change-errors.js'
