/**
 * The diagnostics' requirements check, run for the environment being rolled out to (its Airflow
 * version's constraints), whichever version the editor lints the file against.
 */
import type { Finding } from '../../core/lint';
import { loadLintCore } from '../diagnostics/lintCore';
import { readLocalFile } from '../diagnostics/requirementsDiagnostics';
import type { RolloutDeps } from './rolloutTypes';

export function checkRequirementsFile(deps: Pick<RolloutDeps, 'bundleDir' | 'logger'>, filePath: string, text: string, airflowVersion: string): readonly Finding[] {
  const core = loadLintCore();
  const dataDir = core.findDataDir(deps.bundleDir);
  const constraints = dataDir ? core.loadConstraints(dataDir, airflowVersion) : undefined;
  if (!constraints) {
    deps.logger.info(`rollout: no bundled constraints for Airflow ${airflowVersion}; requirements not checked before the rollout`);
    return [];
  }
  const result = core.checkRequirements(text, { constraints, filePath, readFile: readLocalFile });
  // Findings of files included with -r count too: pip installs them all.
  return result.findings;
}
