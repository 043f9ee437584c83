import { AccessIndex } from '../access/index/access-index.js'
import type { ContainerIndex } from '../access/index/container-index.js'
import { AzmanError } from '../errors/azman-error.js'
import type { TestFileError } from '../errors/input-errors.js'
import { NotFoundError } from '../errors/lookup-error.js'
import type { PolicyStore } from '../model/policy.js'
import { quote } from '../model/quote.js'
import { principalSid, testFileError, type Locate } from './parse-test-file.js'
import type { TemplateSource } from './template-source.js'

/** What the tests of one file are resolved against: the store, and how the file names things. */
export class TestContext {
  private readonly indexes = new Map<string, AccessIndex>()

  /**
   * @param policy the loaded store
   * @param source the test file, as named in messages
   * @param fileApp the file's `app`
   * @param defaultApp the application for tests and files that name none (`--app`)
   * @param templates where an audit test's templates and binding come from
   * @param locate adds a JSON path's line to messages
   */
  constructor(
    readonly policy: PolicyStore,
    readonly source: string,
    private readonly fileApp: string | undefined,
    private readonly defaultApp: string | undefined,
    readonly templates: TemplateSource,
    private readonly locate?: Locate,
  ) {}

  /** The error for a problem at a JSON path of the file. */
  fail(path: string, message: string): TestFileError {
    return testFileError(this.source, path, message, this.locate)
  }

  /** `run()`, with an azman refusal (a name that is not there) turned into a test file error at `path`. */
  at<T>(path: string, run: () => T): T {
    try {
      return run()
    } catch (e) {
      if (e instanceof NotFoundError) throw this.fail(path, e.message)
      throw e
    }
  }

  /** The access index of a test's application: its own `app`, the file's, `--app`, or the store's only one. */
  index(app: string | undefined, at: string): AccessIndex {
    const [name, path] = app !== undefined ? [app, `${at}.app`] : this.fileApp !== undefined ? [this.fileApp, '$.app'] : this.defaultApp !== undefined ? [this.defaultApp, at] : [this.onlyApp(at), at]
    const key = name.toLowerCase()
    let index = this.indexes.get(key)
    if (index === undefined) {
      index = this.at(path, () => AccessIndex.build(this.policy, name))
      this.indexes.set(key, index)
    }
    return index
  }

  private onlyApp(at: string): string {
    const apps = this.policy.applications
    if (apps.length === 1 && apps[0] !== undefined) return apps[0].name
    throw this.fail(
      at,
      `names no application, and the store has ${apps.length === 0 ? 'none' : `several (${apps.map((a) => quote(a.name)).join(', ')})`}: give "app" in the test or the file, or --app`,
    )
  }

  /** The container of a scope name (null or absent: the application level). */
  where(index: AccessIndex, scope: string | null | undefined, at: string): ContainerIndex {
    return this.at(`${at}.scope`, () => index.where(scope ?? undefined))
  }

  /** The operation index of each reference, in order, each checked at its path. */
  operations(index: AccessIndex, refs: readonly (number | string)[], at: string): number[] {
    return refs.map((ref, i) => this.at(`${at}[${i}]`, () => index.operation(ref)))
  }

  /** The canonical SIDs of principals the parser already checked. */
  sids(values: readonly string[] | undefined): string[] {
    return (values ?? []).map((v) => principalSid(v) ?? v)
  }

  /** `run()`, with any azman refusal (a template or binding that cannot be used) turned into a test file error at `path`. */
  async using<T>(path: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run()
    } catch (e) {
      if (e instanceof AzmanError) throw this.fail(path, e.message)
      throw e
    }
  }
}
