import type * as LintCoreModule from '../../core/lint';

/** The lint core's API as one value, so features reach it only through the loaded engine. */
export type LintCore = typeof LintCoreModule;

/**
 * Requires the lint core (tree-sitter's runtime, the PEP 440 library, the rules) on first use.
 * Every other module of this feature imports only its types, so the bundle keeps the core in a
 * wrapper that is evaluated here and not while the extension activates.
 */
export function loadLintCore(): LintCore {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../../core/lint') as LintCore;
}
