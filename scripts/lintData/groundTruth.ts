/**
 * Corrections of rows contradicted by real Airflow (test/sandbox/lintGroundTruth.test.ts imports
 * every path in the sandbox's Airflow 2.11.2 and 3.3.1 venvs). The table, with the provenance of
 * each correction, is groundTruthCorrections.json; each change is noted for PROVENANCE.md.
 */
import type { NameEntry } from './names';
import type { GenerationNotes, GroundTruthCorrections } from './types';
import { minVersion } from './versions';

export function applyGroundTruth(names: readonly NameEntry[], corrections: GroundTruthCorrections, notes: GenerationNotes): void {
  const byOld = new Map(names.map((n) => [n.old, n]));
  const row = (old: string): NameEntry => {
    const n = byOld.get(old);
    if (!n) throw new Error(`ground-truth correction for a path not in the table: ${old}`);
    return n;
  };
  for (const { removedIn, lastRelease, firstReleaseWithout, paths } of corrections.removedBefore2_11) {
    for (const old of paths) {
      const n = row(old);
      notes.corrected.push(`\`${old}\`: removed_in ${n.removedIn ?? '(empty)'} -> ${removedIn} (does not import in Airflow 2.11.2; in apache-airflow ${lastRelease}, gone in ${firstReleaseWithout})`);
      n.removedIn = removedIn;
    }
  }
  for (const { removedIn, lastRelease, firstReleaseWithout, paths } of corrections.compatShimRemoved) {
    for (const old of paths) {
      const n = row(old);
      notes.corrected.push(`\`${old}\`: ${n.rule} compat shim -> removed in ${removedIn} (does not import in Airflow 3.3.1; in apache-airflow(-core) ${lastRelease}, gone in ${firstReleaseWithout}); ruff's code kept`);
      n.removedIn = removedIn;
    }
  }
  for (const { deprecatedIn, paths } of corrections.stillShimmedIn3) {
    for (const old of paths) {
      const n = row(old);
      notes.corrected.push(`\`${old}\`: ${n.rule} "removed in 3.0" -> deprecated in ${deprecatedIn} (imports with DeprecatedImportWarning in Airflow 3.3.1; the shim is in apache-airflow-core 3.0.6 too); ruff's code kept`);
      delete n.removedIn;
      n.deprecatedIn = minVersion(n.deprecatedIn, deprecatedIn);
    }
  }
}
