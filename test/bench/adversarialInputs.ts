/**
 * The inputs of bench:adversarial (issue #13), written to a scratch folder: Python files the
 * editor lints, a requirements file whose includes point at a device, at the process's own
 * environment and into a symlink loop, and the slow glob with the name it backtracks on.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type CaseKind = 'python' | 'requirements' | 'exclude' | 'airflowignore-glob' | 'airflowignore-regexp';

export interface AdversarialCase {
  readonly name: string;
  readonly kind: CaseKind;
  /** The file the case opens (Python, requirements), relative to the scratch folder. */
  readonly file?: string;
  /** The pattern and the path it is tested against (the glob cases). */
  readonly pattern?: string;
  readonly subject?: string;
}

export const SLOW_GLOB = '*a*a*a*a*a*a*a*a*a*a*b';
/** 31 characters, no `b`: every way to split it among the stars is tried by a backtracking matcher. */
export const SLOW_NAME = 'a'.repeat(31);
const MB = 1024 * 1024;

const PYTHON: ReadonlyArray<readonly [string, () => string]> = [
  ['chain-2000', () => `from airflow import DAG\nx = DAG${'.a'.repeat(2000)}\n`],
  ['chain-10000', () => `from airflow import DAG\nx = DAG${'.a'.repeat(10_000)}\n`],
  ['dup-dag-2000', () => `from airflow import DAG\n${"DAG('dup')\n".repeat(2000)}`],
  ['lambda-10000', () => `from airflow import DAG\nf = ${'lambda: '.repeat(10_000)}DAG('l')\n`],
  // One line, importing airflow so the editor does lint it.
  ['oneline-1mb', () => { const head = 'import airflow; x = "'; return `${head}${'a'.repeat(MB - head.length - 1)}"`; }],
];

/** Writes every input under `dir` (created) and returns the cases, in the order they run. */
export function writeAdversarialInputs(dir: string): AdversarialCase[] {
  fs.mkdirSync(path.join(dir, 'dags'), { recursive: true });
  const cases: AdversarialCase[] = [];
  for (const [name, text] of PYTHON) {
    const file = path.join('dags', `${name.replace(/-/g, '_')}.py`);
    fs.writeFileSync(path.join(dir, file), text());
    cases.push({ name: `python ${name}`, kind: 'python', file });
  }

  // requirements.txt in a workspace folder, including what a workspace must never make us read.
  const ws = path.join(dir, 'workspace');
  fs.mkdirSync(ws, { recursive: true });
  for (const [from, to] of [['loop1.txt', 'loop2.txt'], ['loop2.txt', 'loop3.txt'], ['loop3.txt', 'loop1.txt']] as const) {
    fs.rmSync(path.join(ws, from), { force: true });
    fs.symlinkSync(to, path.join(ws, from));
  }
  fs.writeFileSync(path.join(ws, 'requirements.txt'), '-r /dev/zero\n-r /proc/self/environ\n-r loop1.txt\nboto3==1.34.0\n');
  cases.push({ name: 'requirements -r /dev/zero, /proc/self/environ, 3-symlink loop', kind: 'requirements', file: path.join('workspace', 'requirements.txt') });
  fs.writeFileSync(path.join(ws, 'requirements-oneline.txt'), `https://files.example/${'a'.repeat(MB - 23)}`);
  cases.push({ name: 'requirements oneline-1mb', kind: 'requirements', file: path.join('workspace', 'requirements-oneline.txt') });

  cases.push({ name: `mwaa.sync.exclude ${SLOW_GLOB} on a 31-char name`, kind: 'exclude', pattern: SLOW_GLOB, subject: SLOW_NAME });
  cases.push({ name: `.airflowignore (glob) ${SLOW_GLOB} on a 31-char name`, kind: 'airflowignore-glob', pattern: SLOW_GLOB, subject: SLOW_NAME });
  cases.push({ name: '.airflowignore (regexp) (a+)+b and .*a.*a.*a.*a.*a.*a.*b on a 31-char name', kind: 'airflowignore-regexp', pattern: '(a+)+b\n.*a.*a.*a.*a.*a.*a.*b', subject: SLOW_NAME });
  return cases;
}
