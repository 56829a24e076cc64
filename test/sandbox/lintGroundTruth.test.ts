/**
 * Ground truth for the lint rule table from real Airflow: every "removed in 3.0" path must fail to
 * import in the sandbox's Airflow 3 venv, and every path deprecated during 2.x (and not removed by
 * 2.11) must import in the Airflow 2 venv and warn. A wrong row in src/data/lint-rules.json fails
 * here; it is corrected in scripts/gen-lint-data.mjs (with a provenance note), never by hand.
 *
 * One probe process per venv (sandbox/python/probe/import_probe.py), all paths in one run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureAirflow } from '../../sandbox/src/airflow';
import { PYTHON_DIR } from '../../sandbox/src/airflow/venv';
import { compareVersions } from '../../src/core/lint/airflowVersion';
import { findDataDir } from '../../src/core/lint/dataDir';
import type { NameRule, RuleTableData } from '../../src/core/lint/ruleTable';

const PROBE = path.join(PYTHON_DIR, 'probe', 'import_probe.py');
const DATA = JSON.parse(fs.readFileSync(path.join(findDataDir(__dirname)!, 'lint-rules.json'), 'utf8')) as RuleTableData;
const AIRFLOW2 = '2.11';

interface ProbeWarning { category: string; deprecation: boolean; message: string; filename: string; origin: 'module' | 'resolve' }
interface ProbeResult {
  path: string;
  ok: boolean;
  module?: string;
  errorType?: string;
  error?: string;
  shim?: boolean;
  sourceDeprecated?: boolean;
  warnings: ProbeWarning[];
}
interface ProbeOutput { python: string; airflow: string; distributions: string[]; results: ProbeResult[] }

/** Runs the probe in a venv with a scratch AIRFLOW_HOME and sqlite DB (nothing of the user's). */
async function probe(python: string, paths: string[]): Promise<ProbeOutput> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-lint-truth-'));
  try {
    const env: NodeJS.ProcessEnv = {
      PATH: `${path.dirname(python)}:/usr/bin:/bin`,
      HOME: home,
      AIRFLOW_HOME: home,
      AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
      AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: `sqlite:///${path.join(home, 'airflow.db')}`,
      AIRFLOW__CORE__UNIT_TEST_MODE: 'False',
      PYTHONDONTWRITEBYTECODE: '1',
    };
    const child = spawn(python, [PROBE], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.end(JSON.stringify({ paths }));
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    if (code !== 0) throw new Error(`probe exited ${code}: ${Buffer.concat(err).toString().slice(-2000)}`);
    return JSON.parse(Buffer.concat(out).toString()) as ProbeOutput;
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

const concrete = (n: NameRule) => !n.old.includes('*');
const removedBy = (n: NameRule, v: string) => n.removedIn !== undefined && compareVersions(n.removedIn, v) <= 0;

/** `Could not import `T` while trying to import `OLD``: Airflow's own shim exists, its target does not load here. */
const SHIM_TARGET_FAILED = /Could not import `([^`]+)` while trying to import `([^`]+)`/;

/** Why an AttributeError is not about the old path itself: the object it names is not on that path. */
function attributeErrorOutsidePath(r: ProbeResult): string | undefined {
  const m = /module [`']+([\w.]+)[`']+ has no attribute/.exec(r.error ?? '');
  if (!m) return undefined;
  const mod = m[1]!;
  return r.path === mod || r.path.startsWith(`${mod}.`) ? undefined : mod;
}

/** A warning caused by this path: raised by the body of a module on it, or naming it. */
function relevantWarning(r: ProbeResult): ProbeWarning | undefined {
  const last = r.path.split('.').pop()!;
  // A module body's warning counts when it is Airflow's (a third-party import inside it can warn too).
  const airflows = (w: ProbeWarning) => /Airflow/.test(w.category) || /airflow/i.test(w.message);
  return r.warnings.find((w) => w.deprecation && ((w.origin === 'module' && airflows(w)) || w.message.includes(last)
    || (r.module !== undefined && w.message.includes(r.module))));
}

function summary(title: string, counts: Record<string, number>, skips: Map<string, string[]>): void {
  const lines = [`# ${title}: ${Object.entries(counts).map(([k, v]) => `${k}=${v}`).join(' ')}`];
  for (const [reason, paths] of skips) lines.push(`#   skipped ${paths.length}: ${reason} (e.g. ${paths.slice(0, 3).join(', ')})`);
  console.log(lines.join('\n'));
}

function addSkip(skips: Map<string, string[]>, reason: string, p: string): void {
  const list = skips.get(reason) ?? [];
  list.push(p);
  skips.set(reason, list);
}

test('argument and context-key rows are not importable names: not probed', () => {
  console.log(`# skipped ${DATA.arguments.length} argument rows and ${DATA.contextKeys.length} context-key rows (call arguments and template keys, not import paths)`);
  const wild = DATA.names.filter((n) => !concrete(n));
  console.log(`# skipped ${wild.length} wildcard name rows (a pattern, not one path): ${wild.map((n) => n.old).join(', ')}`);
});

const AIRFLOW3 = '3.3.1';

test(`every path the table says is removed by Airflow ${AIRFLOW3} fails to import in real Airflow 3, every 3.x compat shim imports`, { timeout: 180_000 }, async () => {
  const venv = await ensureAirflow(3);
  const rows = DATA.names.filter((n) => concrete(n) && removedBy(n, AIRFLOW3));
  // Airflow 3 deprecations (ruff's "compat shim" rows) not removed by this version must still import.
  const shims = DATA.names.filter((n) => concrete(n) && !removedBy(n, AIRFLOW3) && n.deprecatedIn !== undefined && compareVersions(n.deprecatedIn, '3.0') >= 0
    && compareVersions(n.deprecatedIn, AIRFLOW3) <= 0);
  // The new provider/SDK paths of removed rows, checked where their package is installed.
  const replacements = [...new Set(rows.filter((n) => n.replacement3 && n.requires).map((n) => n.replacement3!))];
  const out = await probe(venv.python, [...rows.map((n) => n.old), ...shims.map((n) => n.old), ...replacements]);
  assert.equal(out.airflow, AIRFLOW3);
  const byPath = new Map(out.results.map((r) => [r.path, r]));
  const installed = new Set(out.distributions.map((d) => d.toLowerCase().replace(/[-_.]+/g, '-')));

  const wrong: string[] = [];
  for (const n of rows) {
    const r = byPath.get(n.old)!;
    if (r.ok) wrong.push(`${n.old}: imports in Airflow ${out.airflow}${r.warnings.length ? ` (warns: ${r.warnings[0]!.message.slice(0, 120)})` : ''}`);
    // "Not there" is the failure we want; a missing third-party library would prove nothing.
    else if (!(r.errorType === 'AttributeError' || (r.errorType === 'ModuleNotFoundError' && /No module named 'airflow[.']/.test(r.error ?? '')))) {
      wrong.push(`${n.old}: fails in Airflow ${out.airflow} for another reason (${r.errorType}: ${r.error})`);
    }
  }

  const skips = new Map<string, string[]>();
  let shimsWarn = 0;
  for (const n of shims) {
    const r = byPath.get(n.old)!;
    if (r.ok) {
      if (relevantWarning(r)) shimsWarn++;
      continue;
    }
    if (n.requires && !installed.has(n.requires.package)) {
      addSkip(skips, 'compat shim whose target package is not installed', n.old);
      continue;
    }
    if (attributeErrorOutsidePath(r)) {
      // e.g. airflow.models.abstractoperator.NotMapped: the core shim points into a task-sdk that dropped it.
      addSkip(skips, 'compat shim exists; its target is gone from the installed package', n.old);
      continue;
    }
    wrong.push(`${n.old}: marked deprecated (compat shim) but does not import in Airflow ${out.airflow} (${r.errorType}: ${r.error})`);
  }
  let replacementsChecked = 0;
  const badReplacements: string[] = [];
  for (const n of rows) {
    if (!n.replacement3 || !n.requires) continue;
    if (!installed.has(n.requires.package)) {
      addSkip(skips, `new path's package not installed in the Airflow 3 venv`, n.replacement3);
      continue;
    }
    const r = byPath.get(n.replacement3)!;
    const missing = /No module named '(airflow\.providers\.[\w.]+|[\w.]+)'/.exec(r.error ?? '')?.[1];
    if (!r.ok && r.errorType === 'ModuleNotFoundError' && missing && !n.replacement3.startsWith(missing)) {
      // e.g. amazon's gcs_to_s3 needs the google provider: present package, absent optional dependency.
      addSkip(skips, `new path needs another package (${missing.split('.').slice(0, 3).join('.')}) not in the venv`, n.replacement3);
      continue;
    }
    replacementsChecked++;
    if (!r.ok) badReplacements.push(`${n.old} -> ${n.replacement3} (${n.requires.package} installed): ${r.errorType}: ${r.error}`);
  }
  summary(`Airflow ${out.airflow} removed-path check`, {
    removed_rows_checked: rows.length, compat_shim_rows_checked: shims.length, compat_shims_that_warn: shimsWarn, new_paths_checked: replacementsChecked,
  }, skips);
  assert.deepEqual(wrong, [], `rows that real Airflow ${out.airflow} contradicts`);
  assert.deepEqual(badReplacements, [], 'new paths that do not import although their package is installed');
});

test('every path deprecated during 2.x imports in real Airflow 2.11 and warns', { timeout: 180_000 }, async () => {
  const venv = await ensureAirflow(2);
  const rows = DATA.names.filter((n) => concrete(n) && n.deprecatedIn !== undefined && compareVersions(n.deprecatedIn, AIRFLOW2) <= 0
    && !removedBy(n, AIRFLOW2));
  const out = await probe(venv.python, rows.map((n) => n.old));
  assert.match(out.airflow, /^2\.11\./);
  const byPath = new Map(out.results.map((r) => [r.path, r]));
  const evidence: Record<string, number> = {
    warned_on_import_or_access: 0, warned_then_target_not_installed: 0, warned_then_target_gone_from_provider: 0,
    shim_module: 0, warns_when_called: 0, module_of_deprecated_names: 0,
  };
  const wrong: string[] = [];
  const passed = new Set<string>();

  const judge = (n: NameRule): 'pass' | 'fail' => {
    const r = byPath.get(n.old)!;
    if (!r.ok) {
      // Airflow's shim warns first, then imports its target: the warning is the fact we need, the
      // failed import only says the target's provider/library is not in this venv.
      const shim = SHIM_TARGET_FAILED.exec(r.error ?? '');
      if (shim && shim[2] === n.old && relevantWarning(r)) {
        evidence.warned_then_target_not_installed!++;
        passed.add(n.old);
        return 'pass';
      }
      if (attributeErrorOutsidePath(r) && relevantWarning(r)) {
        evidence.warned_then_target_gone_from_provider!++;
        passed.add(n.old);
        return 'pass';
      }
      wrong.push(`${n.old}: does not import in Airflow ${out.airflow} (${r.errorType}: ${r.error})`);
      return 'fail';
    }
    if (relevantWarning(r)) evidence.warned_on_import_or_access!++;
    else if (r.shim) evidence.shim_module!++;
    else if (r.sourceDeprecated) evidence.warns_when_called!++;
    else return 'fail';
    passed.add(n.old);
    return 'pass';
  };
  const pending: NameRule[] = [];
  for (const n of rows) if (judge(n) === 'fail' && byPath.get(n.old)!.ok) pending.push(n);
  // A module that warns nowhere itself is deprecated through the names it holds.
  for (const n of pending) {
    const children = rows.filter((c) => c.old.startsWith(`${n.old}.`));
    if (children.length > 0 && children.every((c) => passed.has(c.old))) evidence.module_of_deprecated_names!++;
    else wrong.push(`${n.old}: imports in Airflow ${out.airflow} without any deprecation warning`);
  }
  summary(`Airflow ${out.airflow} deprecated-path check`, { rows_checked: rows.length, ...evidence }, new Map());
  assert.deepEqual(wrong, [], `rows marked deprecated (not removed by ${AIRFLOW2}) that real Airflow ${out.airflow} contradicts`);
});
