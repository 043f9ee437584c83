import { setFlagsFromString } from 'node:v8'

/**
 * The V8 flag that stops the optimizing compiler from inlining calls from JavaScript into
 * WebAssembly.
 */
export const NO_JS_WASM_INLINING = '--no-turbo-inline-js-wasm-calls'

/**
 * Whether V8 `version` (`process.versions.v8`) crashes when optimized code that inlined a call into
 * WebAssembly is deoptimized while the call runs: V8 11 (Node 20). The Cedar engine's `decide` is such
 * code: when an assumption it was compiled with stops holding while the call runs, V8 11 aborts the
 * process on its way back (`Fatal error ... unreachable code` in
 * `Deoptimizer::DoComputeBuiltinContinuation`, SIGILL). On Node 20.20.2 the migrate property test hit it
 * once in CI and in 2 of 23 runs here; Node 24 and 26 (V8 13 and later) never did.
 */
export function hasJsWasmDeoptCrash(version: string): boolean {
  const major = Number.parseInt(version, 10)
  return Number.isInteger(major) && major < 12
}

/**
 * Turns off inlining of calls into WebAssembly on a V8 that crashes with it
 * ({@link hasJsWasmDeoptCrash}). It applies to code optimized after the call, so it must run before
 * the code that calls into WebAssembly is hot. Calls stay correct either way;
 * they only lose an optimization. `cedarEngine` calls it before it makes its `decide`. Returns
 * whether the flag was set.
 */
export function guardJsWasmInlining(version: string = process.versions.v8, setFlags: (flags: string) => void = setFlagsFromString): boolean {
  if (!hasJsWasmDeoptCrash(version)) return false
  setFlags(NO_JS_WASM_INLINING)
  return true
}
