/**
 * The hand-kept tables, kept as JSON beside this file (each entry with its provenance):
 *   groundTruthCorrections.json  rows real Airflow contradicts, and the corrected versions
 *   argumentTargets.json         prose argument rows -> structured call targets
 *   ruffSemantics.json           what ruff's status values mean; where ruff looks for a row
 *   addedRows.json               rows the source tables lack (newer ruff, real Airflow 3 enums)
 * The compiler checks their shape against types.ts; argument targets are checked here at load.
 */
import type { ArgumentTarget } from '../../src/core/lint/ruleTable';
import addedRowsJson from './addedRows.json';
import argumentTargetsJson from './argumentTargets.json';
import groundTruthJson from './groundTruthCorrections.json';
import ruffSemanticsJson from './ruffSemantics.json';
import type { AddedRows, ArgumentMapping, ArgumentSpec, ArgumentTargets, CorrectionTables, GroundTruthCorrections, RuffSemantics } from './types';

/** A target as JSON types it: `kind` is any string until checked. */
interface RawTarget {
  readonly kind: string;
  readonly names?: readonly string[];
  readonly suffix?: string;
  readonly classPaths?: readonly string[];
  readonly methods?: readonly string[];
}

interface RawMapping extends Omit<ArgumentMapping, 'argument'> {
  readonly argument: Omit<ArgumentSpec, 'target'> & { readonly target: RawTarget };
}

const SPEC_KEYS = new Set(['target', 'arg', 'value', 'replacementValue', 'replacement', 'position']);

function checkTarget(t: RawTarget, row: string): ArgumentTarget {
  const ok = t.kind === 'dag' || t.kind === 'operator'
    || (t.kind === 'class' && t.names !== undefined)
    || (t.kind === 'classSuffix' && t.suffix !== undefined)
    || (t.kind === 'method' && t.classPaths !== undefined && t.methods !== undefined);
  if (!ok) throw new Error(`argumentTargets.json: bad target ${JSON.stringify(t)} for ${row}`);
  return t as ArgumentTarget;
}

// The spec's keys and their order are those of the output entry, so the object is kept as is.
function checkMappings(list: readonly RawMapping[]): ArgumentMapping[] {
  const seen = new Set<string>();
  return list.map((m) => {
    if (seen.has(m.row)) throw new Error(`argumentTargets.json: ${m.row} listed twice`);
    seen.add(m.row);
    const extra = Object.keys(m.argument).filter((k) => !SPEC_KEYS.has(k));
    if (extra.length > 0) throw new Error(`argumentTargets.json: unknown key(s) ${extra.join(', ')} for ${m.row}`);
    const position = m.argument.position;
    if (position !== undefined && !(Number.isInteger(position) && position >= 0 && position < 20)) {
      throw new Error(`argumentTargets.json: bad position ${String(position)} for ${m.row}`);
    }
    return { ...m, argument: { ...m.argument, target: checkTarget(m.argument.target, m.row) } };
  });
}

function argumentTargets(raw: { ruff: readonly RawMapping[]; deprecatedIn2x: readonly RawMapping[] } & Omit<ArgumentTargets, 'ruff' | 'deprecatedIn2x'>): ArgumentTargets {
  return { ruff: checkMappings(raw.ruff), deprecatedIn2x: checkMappings(raw.deprecatedIn2x), unsupported: raw.unsupported };
}

const groundTruth: GroundTruthCorrections = groundTruthJson;
const ruff: RuffSemantics = ruffSemanticsJson;
const added: AddedRows = addedRowsJson;

export function loadCorrectionTables(): CorrectionTables {
  return { groundTruth, argumentTargets: argumentTargets(argumentTargetsJson), ruff, added };
}
