import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { List, Nullable } from '../../json/schema-types.js'
import { MESSAGE } from '../../json/schema-messages.js'
import { SEVERITIES } from '../../audit/severity.js'

/** The format tag of a policy test file. */
export const TESTS_FORMAT = 'azman-tests/1'

/** The most tests one file holds: the work of a run (and of one REST request) stays bounded. */
export const MAX_TESTS = 2000

/** The most items of one list of a test (SIDs, principals, operations, templates). */
export const MAX_LIST = 256

/** The kinds of assertion, each with its own fields. */
export const TEST_KINDS = ['access', 'who-can', 'what-can', 'only', 'audit'] as const
export type TestKind = (typeof TEST_KINDS)[number]

/** A non-empty string (not only whitespace), with the messages of a required text field. */
const Text = (description: string) =>
  Type.String({ description, pattern: '\\S', maxLength: 1024, [MESSAGE]: { type: 'must be a string', required: 'is required (a string)', default: 'must not be empty' } })

const OperationRef = Type.Union([Type.Integer({ minimum: 0 }), Type.String({ minLength: 1, maxLength: 1024 })], {
  description: 'An OperationID (a number) or an operation name',
  [MESSAGE]: { default: 'must be an OperationID (a number) or an operation name' },
})

const Principal = Type.String({
  minLength: 1,
  maxLength: 256,
  description: 'A SID (S-1-5-21-...) or a well-known account name (Everyone, BUILTIN\\Administrators)',
  [MESSAGE]: { default: 'must be a SID (S-1-5-21-...) or a well-known account name (Everyone, BUILTIN\\Administrators)' },
})

const list = <T extends TSchema>(item: T, what: string, minItems = 1) =>
  List(item, {
    minItems,
    maxItems: MAX_LIST,
    [MESSAGE]: { type: `must be an array of ${what}`, required: `is required (an array of ${what})`, default: `must be an array of ${minItems} to ${MAX_LIST} ${what}` },
  })

const Scope = Type.Optional(
  Nullable(Type.String({ minLength: 1, maxLength: 1024 }), {
    description: 'A scope name; absent or null: the application level',
    [MESSAGE]: { default: 'must be a scope name, or absent (or null) for the application level' },
  }),
)

const App = Type.Optional(Text('The application; default: the file\'s "app", else --app, else the store\'s only application'))

const kindTag = <K extends TestKind>(kind: K) => Type.Literal(kind, { description: 'What the test asserts' })

const objectOptions = (kind: TestKind, shape: string) => ({
  additionalProperties: false,
  description: `A "${kind}" test: ${shape}`,
  [MESSAGE]: { type: 'must be an object', unknown: `is not a field of a "${kind}" test` },
})

/** `access`: a token in a scope is granted / denied / not conditional for operations. */
export const AccessTestSchema = Type.Object(
  {
    name: Text('What the test checks, as the report names it'),
    kind: kindTag('access'),
    app: App,
    sids: list(Principal, 'SIDs or well-known names'),
    scope: Scope,
    expect: Type.Union([Type.Literal('granted'), Type.Literal('denied'), Type.Literal('not-conditional')], {
      description: 'granted: every operation is granted for certain; denied: none is granted, not even conditionally; not-conditional: each is granted or denied, none conditionally',
      [MESSAGE]: { required: 'is required: "granted", "denied" or "not-conditional"', default: 'must be "granted", "denied" or "not-conditional"' },
    }),
    operations: list(OperationRef, 'OperationIDs or operation names'),
  },
  objectOptions('access', 'the token (its SIDs, the whole token) in the scope gets the operations as `expect` says'),
)

const sidList = (what: string) => Type.Optional(list(Principal, what, 0))
const opList = (what: string) => Type.Optional(list(OperationRef, what, 0))

/** `who-can`: the principals who can perform an operation in a scope equal / include / exclude these. */
export const WhoCanTestSchema = Type.Object(
  {
    name: Text('What the test checks, as the report names it'),
    kind: kindTag('who-can'),
    app: App,
    operation: OperationRef,
    scope: Scope,
    equals: sidList('SIDs or well-known names'),
    includes: sidList('SIDs or well-known names'),
    excludes: sidList('SIDs or well-known names'),
  },
  objectOptions('who-can', 'the SIDs `who-can` lists (granted or conditionally granted) equal, include, exclude these; at least one of the three'),
)

/** `what-can`: the operations a principal can perform in a scope equal / include / exclude these. */
export const WhatCanTestSchema = Type.Object(
  {
    name: Text('What the test checks, as the report names it'),
    kind: kindTag('what-can'),
    app: App,
    sid: Principal,
    scope: Scope,
    equals: opList('OperationIDs or operation names'),
    includes: opList('OperationIDs or operation names'),
    excludes: opList('OperationIDs or operation names'),
  },
  objectOptions('what-can', 'the operations the SID (as a token of its own) gets, granted or conditionally, equal, include, exclude these; at least one of the three'),
)

/** `only`: no one outside these principals holds any of these operations, at application level or in any scope. */
export const OnlyTestSchema = Type.Object(
  {
    name: Text('What the test checks, as the report names it'),
    kind: kindTag('only'),
    app: App,
    principals: list(Principal, 'SIDs or well-known names', 0),
    groups: Type.Optional(list(Text('An application group name'), 'application group names', 0)),
    operations: list(OperationRef, 'OperationIDs or operation names'),
  },
  objectOptions(
    'only',
    'no SID outside `principals` gets any of the operations (granted or conditionally), and no LDAP-query or BizRule group outside `groups` does, at application level or in any scope',
  ),
)

/** `audit`: the audit against templates (and a binding) has no finding at or above a severity. */
export const AuditTestSchema = Type.Object(
  {
    name: Text('What the test checks, as the report names it'),
    kind: kindTag('audit'),
    templates: List(
      Type.Union([Type.String({ minLength: 1, maxLength: 1024 }), Type.Object({}, { additionalProperties: true, description: 'An inline template document (azman-template/1)' })], {
        [MESSAGE]: { default: 'must be a template name, a template file (the CLI only), or an inline template document' },
      }),
      {
        minItems: 1,
        maxItems: 32,
        description: 'Shipped template names, template files or folders (the CLI only, relative to the test file), or inline template documents',
        [MESSAGE]: { type: 'must be an array of templates', required: 'is required (an array of templates)', default: 'must be an array of 1 to 32 templates' },
      },
    ),
    binding: Type.Optional(
      Type.Union([Type.String({ minLength: 1, maxLength: 1024 }), Type.Object({}, { additionalProperties: true, description: 'An inline binding document (azman-audit-binding/1)' })], {
        description: 'A binding file (the CLI only, relative to the test file) or an inline binding document',
        [MESSAGE]: { default: 'must be a binding file (the CLI only) or an inline binding document' },
      }),
    ),
    failOn: Type.Union(
      SEVERITIES.map((s) => Type.Literal(s)),
      {
        description: 'The test fails on a finding of this severity or above',
        [MESSAGE]: { required: `is required: ${SEVERITIES.join(', ')}`, default: `must be one of ${SEVERITIES.join(', ')}` },
      },
    ),
  },
  objectOptions('audit', 'the audit of the whole store against the templates (and the binding) has no finding at or above `failOn`'),
)

/** Each kind's schema, by kind. */
export const TEST_SCHEMAS = {
  access: AccessTestSchema,
  'who-can': WhoCanTestSchema,
  'what-can': WhatCanTestSchema,
  only: OnlyTestSchema,
  audit: AuditTestSchema,
} as const

export type AccessTest = Static<typeof AccessTestSchema>
export type WhoCanTest = Static<typeof WhoCanTestSchema>
export type WhatCanTest = Static<typeof WhatCanTestSchema>
export type OnlyTest = Static<typeof OnlyTestSchema>
export type AuditTest = Static<typeof AuditTestSchema>
/** One test of any kind. */
export type PolicyTest = AccessTest | WhoCanTest | WhatCanTest | OnlyTest | AuditTest

/** What every test has first: its name and kind (read before the kind's own fields). */
export const TestHeadSchema = Type.Object(
  {
    name: Text('What the test checks'),
    kind: Type.Union(
      TEST_KINDS.map((k) => Type.Literal(k)),
      { [MESSAGE]: { required: `is required: ${TEST_KINDS.join(', ')}`, default: `must be one of ${TEST_KINDS.join(', ')}` } },
    ),
  },
  { additionalProperties: true, [MESSAGE]: { type: 'must be an object {"name", "kind", ...}' } },
)

/**
 * One test: a `oneOf` told apart by `kind` (the JSON Schema and OpenAPI
 * shape; azman reads a test's name and kind first, then the kind's schema).
 */
export const PolicyTestSchema = Type.Unsafe<PolicyTest>({
  description: 'One test; its `kind` says which',
  discriminator: { propertyName: 'kind' },
  oneOf: Object.values(TEST_SCHEMAS),
})

const FILE_SHAPE = `{"format": "${TESTS_FORMAT}", "app"?: "...", "tests": [...]}`

function testFileSchema<T extends TSchema>(test: T) {
  return Type.Object(
    {
      format: Type.Literal(TESTS_FORMAT, { [MESSAGE]: { required: `must be "${TESTS_FORMAT}"`, default: `must be "${TESTS_FORMAT}"` } }),
      app: Type.Optional(Text('The application of the tests that name none')),
      tests: List(test, {
        minItems: 1,
        maxItems: MAX_TESTS,
        description: 'The tests, run in order',
        [MESSAGE]: { type: 'must be an array of tests', required: 'is required (an array of tests)', default: `must hold 1 to ${MAX_TESTS} tests` },
      }),
    },
    { additionalProperties: false, [MESSAGE]: { type: `a test file is an object ${FILE_SHAPE}`, unknown: 'is not a field of a test file' } },
  )
}

/** A policy test file (`azman-tests/1`): its JSON Schema, its type. */
export const TestFileSchema = testFileSchema(PolicyTestSchema)
export type TestFile = Static<typeof TestFileSchema>

/** {@link TestFileSchema} without its tests' schemas: the file's own fields are read first, then each test. */
export const TestFileShellSchema = testFileSchema(Type.Unknown())
