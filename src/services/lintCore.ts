import type * as LintCoreModule from '../core/lint';

/** The lint core's API as one value, so features reach it only once it is loaded. */
export type LintCore = typeof LintCoreModule;

/**
 * Requires the lint core (tree-sitter's runtime, the PEP 440 library, the rules), its own bundle
 * (src/lazyBundles.json), on first use: diagnostics and the rollouts' requirements check both load
 * it here, and every other module imports only its types. Python files are not parsed on this
 * thread: the core's LintWorkerClient runs the same bundle again in a worker thread for that.
 */
export function loadLintCore(): LintCore {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../core/lint') as LintCore;
}
