/**
 * Runs a Windows Script Host JScript file under Node, in a `node:vm` context that holds what
 * cscript.exe gives a script: `WScript` (`StdOut.Write`, `StdErr.Write`, `Echo`, `Quit`,
 * `Arguments`), `ActiveXObject`, `GetObject`, `Enumerator` and `VBArray`, the COM ones answering
 * from a fake host (see `wmi.ts` and `activex.ts` for what each follows). Nothing else of Node is
 * in the context: no `require`, no `process`, no `JSON` use is stopped either, but the ES3 parse
 * test keeps the collector from relying on anything JScript 5.x lacks.
 *
 * WScript object: https://learn.microsoft.com/en-us/previous-versions/windows/internet-explorer/ie-developer/windows-scripting/at5ydy31(v=vs.84)
 * (StdOut, StdErr, Quit(errorCode), Arguments with Item(i), Count() and length).
 */
import { createContext, runInContext } from 'node:vm'
import { adsiObject } from './adsi.js'
import { createActiveX } from './activex.js'
import { Enumerator, VBArray } from './com.js'
import type { FakeHost } from './host.js'
import { getObject } from './wmi.js'

/** What a run of the script produced. */
export interface WshRun {
  readonly stdout: string
  readonly stderr: string
  /** The code given to WScript.Quit, or 0 when the script ended without it. */
  readonly exitCode: number
  /** The script's global scope after the run: its functions can be called from the test. */
  readonly globals: Record<string, unknown>
}

/** WScript.Quit: ends the script by unwinding it (the collector calls it outside any try). */
class Quit extends Error {
  constructor(readonly code: number) {
    super(`WScript.Quit(${code})`)
  }
}

/** Options of a run: the script's arguments, and the time `new Date()` gives (for stable output). */
export interface WshOptions {
  readonly args?: readonly string[]
  readonly now?: Date
  /** WScript.ScriptName and the file name errors name (default azman-host-facts.js). */
  readonly scriptName?: string
}

/** Runs `source` (the text of a .js file) as `cscript //nologo file.js args...` would on `host`. */
export function runWsh(source: string, host: FakeHost, options: WshOptions = {}): WshRun {
  let stdout = ''
  let stderr = ''
  const args = options.args ?? []
  const WScript = {
    StdOut: { Write: (s: unknown) => void (stdout += String(s)), WriteLine: (s: unknown) => void (stdout += `${String(s)}\r\n`) },
    StdErr: { Write: (s: unknown) => void (stderr += String(s)), WriteLine: (s: unknown) => void (stderr += `${String(s)}\r\n`) },
    Echo: (...s: unknown[]) => void (stdout += `${s.map(String).join(' ')}\r\n`),
    Quit: (code?: number) => {
      throw new Quit(code ?? 0)
    },
    Arguments: {
      length: args.length,
      Count: () => args.length,
      Item: (i: number) => {
        const a = args[i]
        if (a === undefined) throw new RangeError('Subscript out of range')
        return a
      },
    },
    ScriptName: options.scriptName ?? 'azman-host-facts.js',
    // WScript.Sleep(ms): the fakes' jobs are done when asked, so a wait need not pass.
    Sleep: () => undefined,
  }
  function ActiveXObject(progId: string): object {
    return createActiveX(host, progId)
  }
  const now = options.now
  const context = createContext({
    WScript,
    ActiveXObject,
    GetObject: (moniker: string) => (/^WinNT:/i.test(moniker) ? adsiObject(host, moniker) : getObject(host, moniker)),
    Enumerator,
    VBArray,
  })
  if (now !== undefined) {
    // new Date() is the given time; new Date(x) is as usual.
    runInContext(`Date = (function (RealDate, now) { function D() { return arguments.length === 0 ? new RealDate(now) : new RealDate(arguments[0]) } D.UTC = RealDate.UTC; return D })(Date, ${now.getTime()})`, context)
  }
  try {
    runInContext(source, context, { filename: options.scriptName ?? 'azman-host-facts.js', timeout: 120_000 })
  } catch (e) {
    if (e instanceof Quit) return { stdout, stderr, exitCode: e.code, globals: context }
    throw e
  }
  return { stdout, stderr, exitCode: 0, globals: context }
}
