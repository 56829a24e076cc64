/**
 * The requirements check (the lint core's), run for the environment being rolled out to (its
 * Airflow version's constraints), whichever version the editor lints the file against.
 */
import type { Finding } from '../../core/lint';
import type { Logger } from '../../core/logger';
import type { IncludeContext, IncludedFile } from '../../core/lint/requirements/includeReader';
import { includeRoots, readWorkspaceInclude } from '../../host/workspaceText';
import { loadLintCore } from '../../services/lintCore';

/** Included files (-r, -c) larger than this are not read: no requirements file is near it. */
const MAX_INCLUDED_BYTES = 5 * 1024 * 1024;

export interface CheckContext {
  /** Folder of the bundles (dist/): where the lint data is found. */
  readonly bundleDir: string;
  readonly logger: Logger;
}

export function checkRequirementsFile(context: CheckContext, filePath: string, text: string, airflowVersion: string): readonly Finding[] {
  const core = loadLintCore();
  const dataDir = core.findDataDir(context.bundleDir);
  const constraints = dataDir ? core.loadConstraints(dataDir, airflowVersion) : undefined;
  if (!constraints) {
    context.logger.info(`rollout: no bundled constraints for Airflow ${airflowVersion}; requirements not checked before the rollout`);
    return [];
  }
  const result = core.checkRequirements(text, { constraints, filePath, readFile: readIncluded });
  // Findings of files included with -r count too: pip installs them all.
  return result.findings;
}

/**
 * A file the checked one includes: an open editor's text, else the file on disk; only inside the
 * checked file's workspace folder (after symbolic links), else a refusal saying why.
 */
function readIncluded(absolutePath: string, include: IncludeContext): IncludedFile | undefined {
  return readWorkspaceInclude(absolutePath, MAX_INCLUDED_BYTES, includeRoots(include));
}
