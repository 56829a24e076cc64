/**
 * `npm run gen:lint-data` (compiles, then runs out/scripts/lintData/cli.js; `node
 * scripts/gen-lint-data.mjs` runs the same `main`). Generates the lint data under src/data/ from
 * ../shared/data (the project's fact tables, or $MWAA_SHARED_DATA):
 *   src/data/lint-rules.json          Airflow names, arguments and context keys with versions
 *   src/data/constraints/*            verbatim copies of the bundled constraints files
 *   src/data/constraints-index.json   MWAA Airflow version -> constraints file, Python, essential pins
 *   src/data/PROVENANCE.md            where every row came from
 * Without ../shared (a fresh clone) it only validates the committed outputs.
 * `--check` regenerates in memory and fails when the committed files differ.
 * This file only reads and writes; the transforms are in lintRules.ts, the text in render.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ConstraintsIndex } from '../../src/core/lint/constraints';
import type { RuleTableData } from '../../src/core/lint/ruleTable';
import { buildConstraintsIndex } from './constraintsIndex';
import { loadCorrectionTables } from './correctionTables';
import { buildLintRules, ruleCounts } from './lintRules';
import { renderProvenance, stableJson } from './render';
import { DEPRECATION_TABLE, parseDeprecationTable, parseRuffTable, RUFF_TABLE } from './sourceTables';
import type { RuleCounts } from './types';

/** Every output file (path relative to src/data) with its content. */
function generate(sharedData: string): { outputs: Map<string, string | Buffer>; counts: RuleCounts } {
  const airflowDir = path.join(sharedData, 'airflow');
  const constraintsDir = path.join(sharedData, 'constraints');
  const readAirflow = (f: string) => fs.readFileSync(path.join(airflowDir, f), 'utf8');
  const readConstraints = (f: string) => fs.readFileSync(path.join(constraintsDir, f), 'utf8');
  const ruffRows = parseRuffTable(readAirflow(RUFF_TABLE));
  const depRows = parseDeprecationTable(readAirflow(DEPRECATION_TABLE));
  const { rules, notes } = buildLintRules(ruffRows, depRows, loadCorrectionTables());
  const constraintFiles = fs.readdirSync(constraintsDir).sort();
  const outputs = new Map<string, string | Buffer>();
  outputs.set('lint-rules.json', stableJson(rules));
  outputs.set('constraints-index.json', stableJson(buildConstraintsIndex(constraintFiles, readConstraints)));
  for (const f of constraintFiles) outputs.set(path.join('constraints', f), fs.readFileSync(path.join(constraintsDir, f)));
  const counts = ruleCounts(rules);
  outputs.set('PROVENANCE.md', renderProvenance(readAirflow('README.md'), readConstraints('PROVENANCE.txt'), notes, counts));
  return { outputs, counts };
}

/** Checks the committed outputs are complete and plausible. */
function validate(outDir: string): { names: number; versions: number } {
  const rules = JSON.parse(fs.readFileSync(path.join(outDir, 'lint-rules.json'), 'utf8')) as Partial<RuleTableData>;
  if (rules.schema !== 1 || !Array.isArray(rules.names) || rules.names.length < 100) throw new Error('lint-rules.json looks wrong');
  if (!Array.isArray(rules.arguments) || !Array.isArray(rules.contextKeys)) throw new Error('lint-rules.json lacks arguments/contextKeys');
  const index = JSON.parse(fs.readFileSync(path.join(outDir, 'constraints-index.json'), 'utf8')) as ConstraintsIndex;
  for (const v of index.versions) {
    if (!fs.existsSync(path.join(outDir, 'constraints', v.constraintsFile))) throw new Error(`missing constraints/${v.constraintsFile}`);
  }
  if (!fs.existsSync(path.join(outDir, 'constraints', 'PROVENANCE.txt'))) throw new Error('missing constraints/PROVENANCE.txt');
  if (!fs.existsSync(path.join(outDir, 'PROVENANCE.md'))) throw new Error('missing PROVENANCE.md');
  return { names: rules.names.length, versions: index.versions.length };
}

/** Writes (or with --check, reports) the outputs that differ from src/data; returns how many. */
function writeOutputs(outputs: ReadonlyMap<string, string | Buffer>, outDir: string, checkOnly: boolean): number {
  let differ = 0;
  for (const [rel, content] of outputs) {
    const file = path.join(outDir, rel);
    const old = fs.existsSync(file) ? fs.readFileSync(file) : undefined;
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    if (old !== undefined && Buffer.compare(old, bytes) === 0) continue;
    differ++;
    if (checkOnly) console.error(`gen-lint-data: ${rel} is out of date`);
    else {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
  }
  return differ;
}

/**
 * Generates (or validates) the data of the repository at `repo`; returns the exit code.
 * @param args command line arguments: `--check`
 */
export function main(repo: string, args: readonly string[]): number {
  const sharedData = process.env.MWAA_SHARED_DATA ?? path.resolve(repo, '..', 'shared', 'data');
  const outDir = path.join(repo, 'src', 'data');
  const checkOnly = args.includes('--check');
  if (!fs.existsSync(path.join(sharedData, 'airflow'))) {
    const v = validate(outDir);
    console.log(`gen-lint-data: ${sharedData} not present; validated committed data (${v.names} names, ${v.versions} MWAA versions)`);
    return 0;
  }
  const { outputs, counts } = generate(sharedData);
  const differ = writeOutputs(outputs, outDir, checkOnly);
  if (checkOnly && differ > 0) return 1;
  validate(outDir);
  console.log(`gen-lint-data: ${counts.names} names, ${counts.arguments} arguments, ${counts.contextKeys} context keys; ${differ} file(s) ${checkOnly ? 'differ' : 'written'}`);
  return 0;
}

// Run directly: compiled into <outDir>/scripts/lintData/, three levels below the repository.
if (require.main === module) process.exitCode = main(path.resolve(__dirname, '..', '..', '..'), process.argv.slice(2));
