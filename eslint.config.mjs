// ESLint (flat config), run by `npm test` after the build and by `npm run lint`.
// typescript-eslint's `recommended` (syntax only, no type information: a few seconds), plus the
// layer boundaries of src/ as no-restricted-imports rules:
//   core      plain logic: no vscode, nothing of host/, services/ or features/
//   host      VS Code glue shared by features                  \ may not reach into a feature
//   services  what every feature is handed (AWS, environments)  /
//   features  one folder per feature: core, host, services and its own folder, never another feature
//   cli       the node command line: no vscode
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const TS = ['src/**/*.ts', 'test/**/*.ts', 'sandbox/**/*.ts'];

const noVscode = (why) => ({ name: 'vscode', message: why });
// `regex` patterns match the import specifier as written (relative paths included).
const pattern = (regex, message) => ({ regex, message, caseSensitive: true });

export default defineConfig([
  globalIgnores([
    'out/', 'out-*/', 'dist/', '**/node_modules/', 'test/fixtures/', '.cache/', 'test-output/', '**/*.vsix',
    'sandbox/sample-project/',
  ]),
  {
    files: TS,
    extends: [js.configs.recommended, tseslint.configs.recommended],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Terminal output is this extension's daily bread: ANSI escapes (\x1b) in regexes are the point.
      'no-control-regex': 'off',
      // `import X = require('m')` is kept where a bundler must take a package's CommonJS build (see
      // pythonParser.ts); a bare require() (the lazy bundles) still needs its own disable comment.
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
    },
  },
  {
    // Sizes the README's Layout promises for the shipped code: a module over 400 lines is usually two,
    // and a function over 80 lines mixes jobs. (Test suites are long describe() blocks by nature.)
    files: ['src/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 400 }],
      'max-lines-per-function': ['error', { max: 80 }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode('src/core is plain logic that runs outside VS Code too (CLI, node tests, the sandbox): take what you need from vscode as a parameter, or move the code to src/host or a feature.')],
        patterns: [
          pattern('^\\.{1,2}/(.*/)?(features|host|services)(/|$)',
            'src/core is the bottom layer: it may not depend on src/features, src/host or src/services (they depend on it). Pass the value or a callback in instead.'),
        ],
      }],
    },
  },
  {
    files: ['src/host/**/*.ts', 'src/services/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          pattern('^\\.{1,2}/(.*/)?features(/|$)',
            'src/host and src/services are shared by every feature and may not depend on one: move what both need to src/core, src/host or src/services.'),
        ],
      }],
    },
  },
  {
    files: ['src/features/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          pattern('^\\.\\./(?!\\.\\./)',
            'A feature may not import another feature\'s files (../<feature>/...): move what they share to src/core, src/host or src/services, or hand it over through the host at registration.'),
          pattern('(^|/)features(/|$)',
            'A feature may not import another feature\'s files (through features/): move what they share to src/core, src/host or src/services.'),
          pattern('^\\.\\./\\.\\./(?!(core|host|services|features)(/|$))',
            'From a feature only src/core, src/host and src/services are reachable outside its own folder.'),
        ],
      }],
    },
  },
  {
    // Code that runs inside the extension host (its tests, the benchmark probes).
    files: ['test/host/**/*.ts', 'test/bench/*Probe.ts', 'test/bench/probeEntry.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          pattern('(^|/)sandbox/src/(processes|mwaa/testing(/helpers)?)$',
            'The sandbox\'s process helpers install SIGINT/SIGTERM and exit handlers: not in the extension host. Poll with test/host/waitFor.ts.'),
        ],
      }],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode('src/cli is the `mwaa-lint` node command line: there is no vscode module outside the editor.')],
      }],
    },
  },
]);
