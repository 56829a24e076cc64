/**
 * The diagnostics feature's test seams (test mode only, from src/testSeams.ts): whether the Ruff
 * extension counts as linting (a test cannot install it), and what was said about the overlap and
 * the settings.
 */
import type { Services } from '../../services/services';
import type { DiagnosticsHandle } from './activation';

export const DIAGNOSTICS_SEAMS = {
  /** `(present?: boolean)`: Ruff counts as linting every file (true), none (false), or as really installed (undefined). */
  ruffPresence: '_mwaa.diagnosticsRuffPresence',
  /** `()` -> DiagnosticsState. */
  state: '_mwaa.diagnosticsState',
} as const;

export interface DiagnosticsState {
  /** Lines logged about findings left to Ruff, oldest first. */
  readonly ruffNotes: readonly string[];
  /** Warnings shown about the `mwaa.diagnostics.*` settings, oldest first. */
  readonly settingWarnings: readonly string[];
  /** Warnings shown about pyproject.toml files' `[tool.mwaa-lint]`, oldest first. */
  readonly projectWarnings: readonly string[];
}

export function registerDiagnosticsSeams(services: Services, handle: DiagnosticsHandle): void {
  services.commands.registerTable({
    [DIAGNOSTICS_SEAMS.ruffPresence]: (present?: unknown) => handle.ruff.setPresence(typeof present === 'boolean' ? () => present : undefined),
    [DIAGNOSTICS_SEAMS.state]: (): DiagnosticsState => {
      const warnings = services.notify.recorded('diagnostics').map((n) => n.message);
      return {
        ruffNotes: [...handle.ruff.notes],
        settingWarnings: warnings.filter((m) => m.startsWith('MWAA: setting mwaa.diagnostics.')),
        projectWarnings: warnings.filter((m) => m.includes('pyproject.toml: ')),
      };
    },
  });
}
