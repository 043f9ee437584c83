// ESLint for azman: typescript-eslint's type-checked rules over src/ and test/.
// Formatting is Prettier's job (.prettierrc.json); eslint-config-prettier, last, turns off every rule that would fight it.
// Prettier's printWidth is 200 because this code's lines are long by design (1 line in 100 is over 196 columns): of the
// widths tried (120 to 400), 200 changed the fewest existing lines (1,094 of 38,000) and joins no line past 200.
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import { defineConfig } from 'eslint/config'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default defineConfig(
  {
    ignores: ['node_modules/', 'dist/', '.tap/', 'coverage/', 'bench-out/', 'scratch/', 'data/', 'test/fixtures/'],
  },
  // An eslint-disable comment that no longer disables anything is an error, so that exceptions do not outlive their reason.
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // One TypeScript program per tsconfig.json, as tsc -p tsconfig.json builds it (src and test).
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // tsc reports unused locals and parameters already (noUnusedLocals, noUnusedParameters in tsconfig.json), and it
      // accepts the `{ dropped: _drop, ...rest }` way this code leaves a field out of a copy.
      '@typescript-eslint/no-unused-vars': 'off',
      // Here `async` without `await` implements a contract: fastify plugins and handlers, async ports (StorePort and
      // the like) that fakes implement synchronously, tap callbacks. An await that is missing where it matters is
      // what no-floating-promises and no-misused-promises catch, and they stay on.
      '@typescript-eslint/require-await': 'off',
      // From strictTypeChecked, the rule that fits tsconfig.json's useUnknownInCatchVariables: a promise's rejection
      // is as unknown as a caught error. The rest of strictTypeChecked was tried and left out: its
      // restrict-template-expressions refuses numbers in templates (about 490 hits: counts and IDs in messages are
      // this code's idiom), no-deprecated flags TypeBox's Type.Ref(schema) (74 hits: a TypeBox migration of its own),
      // no-unnecessary-condition questions defensive checks on parsed input one by one, no-confusing-void-expression
      // is a matter of taste.
      '@typescript-eslint/use-unknown-in-catch-callback-variable': 'error',
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // tap's t.test() returns a promise that tap itself waits for; its docs say awaiting it or not is the same.
          allowForKnownSafeCalls: [{ from: 'package', package: '@tapjs/test', name: 'test' }],
        },
      ],
    },
  },
  {
    // The web console runs in a browser (src/console/tsconfig.json: DOM, JSX for Preact), with the browser's globals.
    files: ['src/console/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      // Functions under 120 lines (CONTRIBUTING.md), counting every line: blank lines and comments too.
      'max-lines-per-function': ['error', { max: 120, skipBlankLines: false, skipComments: false, IIFEs: true }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests match the CLI's column-aligned text output with regexes that show its spaces as they are printed
      // (`/\n  Operations \(34\)\n    100  Read/`); `{2}` and `{4}` would hide the layout they check.
      'no-regex-spaces': 'off',
    },
  },
  {
    // This file and any other plain JavaScript (scripts run by Node): not in any tsconfig, so untyped rules only.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
  {
    // The host facts collector runs under Windows Script Host's JScript 5.x: ECMAScript 3, as a script, with WSH's globals
    // (docs/host-collector.md). ESLint's parser refuses anything later, as test/host/collector/es3.test.ts's acorn does.
    files: ['collector/**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: {
      ecmaVersion: 3,
      sourceType: 'script',
      globals: { WScript: 'readonly', ActiveXObject: 'readonly', GetObject: 'readonly', Enumerator: 'readonly', VBArray: 'readonly' },
    },
    // ES3 has no `catch {` without a binding: a catch that ignores the error still names it. JScript's Error takes
    // (number, description), not an options object with a `cause`: the caught error's text goes into the message.
    rules: { 'no-unused-vars': ['error', { caughtErrors: 'none' }], 'preserve-caught-error': 'off' },
  },
  prettier,
)
