/**
 * Reads uv's failure text (`uv pip compile` / `uv pip install`) and names the requirements lines it
 * is about, in plain words, keeping uv's own explanation (bounded). The patterns follow uv's real
 * output (fixtures in test/fixtures/uv-output were captured from uv runs, not written by hand).
 * uv's text can hold index URLs: everything that leaves here has been through `redact`.
 */
import * as path from 'node:path';
import { redact } from '../redact';
import { normalizeName } from '../lint/requirements/packageName';
import { linesOf, lineWithUrl, requirementSet, type RequirementLine, type RequirementSet } from './requirementLines';
import type { RequirementProblem, RuntimeInputs } from './runtimeTypes';

export type UvFailureKind = 'conflict' | 'no-wheel' | 'not-found' | 'network' | 'invalid' | 'other';

/** What explains a failure beyond uv's text: where pins come from, and the files uv was given. */
export interface UvExplainContext extends Partial<Pick<RuntimeInputs, 'airflowVersion' | 'pythonVersion' | 'essentialConstraints' | 'airflowConstraints'>> {
  /** The files already read (the resolver has them); else they are read from `requirements`. */
  readonly set?: RequirementSet;
  /** Paths uv was given (temporary copies) -> the file they stand for. */
  readonly aliases?: ReadonlyMap<string, string>;
  /** uv's working folder, for the relative file names it prints. */
  readonly cwd?: string;
}

const MAX_OUTPUT = 64 * 1024;
const MAX_EXPLANATION = 1500;
const NAME = String.raw`[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?`;
// A version specifier as uv prints it (`>=0.9,<0.13`, `==1.0.4`); a sentence's comma has a space after it.
const SPEC = String.raw`(?:===?|!=|~=|<=|>=|<|>)[^\s,]+(?:,(?:===?|!=|~=|<=|>=|<|>)[^\s,]+)*`;

/** uv's text without colours, redacted, bounded, from its first `error:` line on. */
export function uvErrorText(output: string): string {
  const text = redact(output.slice(-MAX_OUTPUT).replace(/\x1b\[[0-9;]*[A-Za-z]/g, ''));
  const at = text.search(/^error:/m);
  return (at < 0 ? text : text.slice(at)).trim();
}

/** uv's explanation on one line, bounded: kept in every message so nothing uv said is lost. */
export function uvExplanation(output: string): string {
  const flat = uvErrorText(output).replace(/\n\s*cause:\s*/g, ': ').replace(/\n\s*hint:\s*/g, ' Hint: ')
    .replace(/^\s*error:\s*/gm, '').replace(/\s+/g, ' ').trim();
  return flat.length > MAX_EXPLANATION ? `${flat.slice(0, MAX_EXPLANATION)}…` : flat;
}

export function classifyUvFailure(output: string): UvFailureKind {
  const text = uvErrorText(output);
  if (/No solution found when resolving dependencies/i.test(text)) {
    if (/has no wheels with a matching/i.test(text)) return 'no-wheel';
    if (/was not found in the package registry|there is no version of|no versions of/i.test(text)) return 'not-found';
    return 'conflict';
  }
  if (/Distribution not found at:/i.test(text)) return 'not-found';
  if (/Couldn't parse requirement|failed to read from file/i.test(text)) return 'invalid';
  if (/error sending request|Request failed after|tcp connect error|dns error|Connection refused|timed out|Failed to fetch|Failed to read `--find-links`/i.test(text)) return 'network';
  return 'other';
}

/** The origin (`http://host:port`) of the first URL uv could not fetch, never its credentials. */
export function unreachableIndex(output: string): string | undefined {
  const text = uvErrorText(output);
  const m = /(?:Failed to fetch:|Failed to read `--find-links` URL:|for url \()\s*([a-z][a-z0-9+.-]*:\/\/[^\s)`]+)/i.exec(text);
  if (!m) return undefined;
  try {
    const u = new URL(m[1]!);
    return `${u.protocol}//${u.host}`;
  } catch {
    return undefined;
  }
}

/** Why uv could not reach an index, in one sentence that names it without credentials. */
export function networkReason(output: string): string {
  const text = uvErrorText(output);
  const where = unreachableIndex(output);
  const causes = [...text.matchAll(/^\s*cause:\s*(.+)$/gm)].map((m) => m[1]!.trim());
  const root = causes.length ? causes[causes.length - 1]! : text.split('\n')[0]!.replace(/^error:\s*/, '');
  return `${where ? `The package index ${where}` : 'A package index'} could not be reached (${redact(root).slice(0, 200)})`;
}

/** `name==version` pins of a constraints text, by normalised name. */
function pinsOf(text: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of (text ?? '').matchAll(new RegExp(String.raw`^\s*(${NAME})\s*==\s*([^\s;#]+)`, 'gm'))) out.set(normalizeName(m[1]!), m[2]!);
  return out;
}

interface Mention {
  readonly project: string;
  readonly spec: string;
}

function mentionsAfter(text: string, lead: string): Mention[] {
  const re = new RegExp(String.raw`${lead}(${NAME})(?:\[[^\]\s]*\])?(${SPEC})?`, 'g');
  return [...text.matchAll(re)].map((m) => ({ project: normalizeName(m[1]!), spec: m[2] ?? '' }));
}

/** `A==1 depends on B>=2` statements of uv's derivation. */
function dependencies(text: string): Array<{ from: Mention; to: Mention }> {
  const re = new RegExp(String.raw`(?:all versions of )?(${NAME})(?:\[[^\]\s]*\])?(${SPEC})? depends? on (${NAME})(?:\[[^\]\s]*\])?(${SPEC})?`, 'g');
  return [...text.matchAll(re)].map((m) => ({
    from: { project: normalizeName(m[1]!), spec: m[2] ?? '' },
    to: { project: normalizeName(m[3]!), spec: m[4] ?? '' },
  }));
}

/** `>=0.9,<0.13` -> `>=0.9,<0.13`; `==1.0.4` -> `1.0.4` (a pin reads as a version). */
function words(spec: string): string {
  return spec.startsWith('==') && !spec.includes(',') ? spec.slice(2) : spec;
}

function display(m: Mention): string {
  return m.spec ? `${m.project} ${words(m.spec)}` : m.project;
}

/** Who pins `project` to `version`: MWAA's essential constraints, Airflow's, or a line of the user's. */
function pinSource(project: string, version: string, ctx: UvExplainContext, set: RequirementSet): string {
  const airflow = ctx.airflowVersion ? `Airflow ${ctx.airflowVersion}` : 'Airflow';
  if (pinsOf(ctx.essentialConstraints).get(project) === version) {
    return `MWAA pins ${project} ${version} for ${airflow} (MWAA's essential constraints, which no requirements file can change)`;
  }
  if (pinsOf(ctx.airflowConstraints).get(project) === version) return `${airflow} pins ${project} ${version} on MWAA (Airflow's constraints)`;
  const own = linesOf(set, project).find((l) => l.specifier === `==${version}`);
  if (own) return `${path.basename(own.file)} line ${own.line} asks for ${project}==${version}`;
  return `${project} is held at ${version}`;
}

/** The advice for a line whose project clashes with a pin, by where the pin comes from. */
function advice(source: string, project: string): string {
  if (source.includes("Airflow's constraints")) {
    return `Pick a ${project} release that accepts it, or write your own constraints file and name it with -c (MWAA then leaves Airflow's constraints out).`;
  }
  if (source.includes('essential')) return `Pick a ${project} release that accepts it.`;
  return `Change one of the two so they agree.`;
}

/** Plain words for a conflict about `line`'s project, from uv's derivation. */
function conflictWords(text: string, line: RequirementLine, ctx: UvExplainContext, set: RequirementSet): string {
  const project = line.project!;
  const pins = mentionsAfter(text, '(?:^|[\\s(])').filter((m) => m.spec.startsWith('==') && !m.spec.includes(','));
  for (const dep of dependencies(text)) {
    if (dep.from.project !== project && dep.to.project !== project) continue;
    const pin = pins.find((p) => p.project === dep.to.project && p.spec !== dep.to.spec && p.spec !== dep.from.spec);
    if (!pin) continue;
    const source = pinSource(pin.project, words(pin.spec), ctx, set);
    if (dep.from.project === project) return `${display(dep.from)} needs ${dep.to.project} ${words(dep.to.spec)}, but ${source}. ${advice(source, project)}`;
    return `${project}${line.specifier} clashes with ${display(dep.from)}, which needs ${project} ${dep.to.spec}. Change one of the two so they agree.`;
  }
  const own = pins.find((p) => p.project === project && line.specifier !== p.spec && `==${words(p.spec)}` !== line.specifier);
  if (own) {
    const source = pinSource(project, words(own.spec), ctx, set);
    const asked = line.specifier ? `${project}${line.specifier}` : project;
    const or = source.includes("Airflow's constraints")
      ? ', or write your own constraints file and name it with -c (MWAA then leaves Airflow\'s constraints out)' : '';
    return `${asked} is asked for here, but ${source}. Use ${project}==${words(own.spec)} or leave the version out${or}.`;
  }
  return `No set of versions satisfies ${project}${line.specifier} together with ${ctx.airflowVersion ? `Airflow ${ctx.airflowVersion}` : 'Airflow'} and MWAA's constraints.`;
}

function noWheelWords(text: string, line: RequirementLine, ctx: UvExplainContext): string {
  const py = ctx.pythonVersion ? `Python ${ctx.pythonVersion}` : "MWAA's Python";
  const tag = /following Python ABI tags?: ([^\n]+)/.exec(text)?.[1]?.replace(/`/g, '').trim();
  const platform = /matching platform tag/i.test(text);
  const what = platform ? `no wheel for MWAA's platform (Linux x86_64, glibc 2.34)` : `no wheel for ${py}${tag ? ` (only for ${tag})` : ''}`;
  return `${line.project}${line.specifier} has ${what}, so MWAA cannot install it. Pick a release with a wheel for ${py} on Linux x86_64 (or a pure-Python one), or put such a wheel in plugins/.`;
}

function notFoundWords(text: string, line: RequirementLine): string {
  if (/Distribution not found at:/i.test(text)) return `The file this line names does not exist (${redact(line.url ?? '')}).`;
  if (/was not found in the package registry/i.test(text)) {
    return `${line.project} is not on the package index this file uses (PyPI unless the file names another with --index-url, --extra-index-url or --find-links). Check the name.`;
  }
  return `No release of ${line.project} matches ${line.specifier || 'the request'} on the package index. Check the version.`;
}

/** The file and 1-based line of a `... in \`file\` at position N` (a byte offset) report. */
function positionLine(text: string, set: RequirementSet, ctx: UvExplainContext): { file: string; line: number } | undefined {
  const all = [...text.matchAll(/in `([^`]+)` at position (\d+)/g)];
  const m = all[all.length - 1];
  if (!m) return undefined;
  const named = path.resolve(ctx.cwd ?? path.dirname(set.files[0]!.path), m[1]!);
  const file = ctx.aliases?.get(named) ?? named;
  const f = set.files.find((x) => x.path === file);
  if (!f) return undefined;
  const before = Buffer.from(f.text, 'utf8').subarray(0, Number(m[2])).toString('utf8');
  return { file, line: before.split(/\r\n|\n|\r/).length };
}

/** The lines uv's text is about, most specific first. */
function namedLines(text: string, kind: UvFailureKind, set: RequirementSet): RequirementLine[] {
  const userLines = (p: string) => linesOf(set, p).filter((l, _i, a) => l.kind === 'requirement' || a.every((x) => x.kind === 'constraint'));
  const pick = (ms: Mention[]) => [...new Set(ms.map((m) => m.project))].flatMap(userLines);
  const url = /(?:Distribution not found at:|Failed to download `[^`@]+@)\s*([^\s`]+)/.exec(text)?.[1];
  const byUrl = url ? lineWithUrl(set, url) : undefined;
  if (byUrl) return [byUrl];
  const direct = kind === 'no-wheel' ? mentionsAfter(text, '(?:Because |and )') .filter((m) => new RegExp(`${m.project}[^ ]* has no wheels`).test(text))
    : kind === 'not-found' ? [...mentionsAfter(text, '(?:Because |and )').filter((m) => new RegExp(`${m.project} was not found`).test(text)), ...mentionsAfter(text, 'there is no version of ')]
      : /Failed to build `/.test(text) ? mentionsAfter(text, 'Failed to build `') : [];
  const required = mentionsAfter(text, 'you require ');
  // Last: any project uv names with a version (never bare words of its prose).
  const versioned = mentionsAfter(text, '(?:^|[\\s(`])').filter((m) => m.spec !== '');
  for (const group of [direct, required, versioned]) {
    const found = pick(group);
    if (found.length) return found;
  }
  return [];
}

function wordsFor(kind: UvFailureKind, text: string, line: RequirementLine, ctx: UvExplainContext, set: RequirementSet): string {
  if (kind === 'no-wheel' && /has no wheels/.test(text)) return noWheelWords(text, line, ctx);
  if (kind === 'not-found') return notFoundWords(text, line);
  if (kind === 'conflict' || kind === 'no-wheel') return conflictWords(text, line, ctx, set);
  if (/Failed to build `/.test(text)) return `uv could not build ${line.project ?? 'this package'} from source to read its metadata (MWAA builds it from source too).`;
  if (kind === 'network') return 'What this line names could not be downloaded.';
  return 'uv failed on this line.';
}

/**
 * One problem per requirements line uv's failure can be tied to (case, `-`, `_`, `.` normalised),
 * each in plain words with uv's own explanation after it. When no line can be named, one problem
 * about the file (line undefined). Without a requirements file: none.
 */
export function explainUvFailure(
  output: string,
  requirements: { path: string; text: string } | undefined,
  ctx: UvExplainContext = {},
): RequirementProblem[] {
  if (!requirements && !ctx.set) return [];
  const set = ctx.set ?? requirementSet(requirements!);
  const text = uvErrorText(output);
  const kind = classifyUvFailure(output);
  const uv = `uv: ${uvExplanation(output)}`;
  const top = set.files[0]!.path;
  if (kind === 'invalid') {
    const at = positionLine(text, set, ctx);
    const cause = /^\s*cause:\s*(?!Couldn't parse|Error parsing)(.+)$/m.exec(text)?.[1]?.trim();
    const message = `uv cannot read this line${cause ? ` (${redact(cause)})` : ''}; pip on MWAA would fail on it too. ${uv}`;
    return [{ file: at?.file ?? top, line: at?.line, project: undefined, message }];
  }
  const seen = new Set<string>();
  const problems: RequirementProblem[] = [];
  for (const line of namedLines(text, kind, set)) {
    const id = `${line.file}\0${line.line}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push({ file: line.file, line: line.line, project: line.project, message: `${wordsFor(kind, text, line, ctx, set)} ${uv}` });
  }
  if (problems.length) return problems;
  const lead = kind === 'network' ? `${networkReason(output)}.` : kind === 'other' ? 'uv failed.' : 'uv found no set of versions that installs this file.';
  return [{ file: top, line: undefined, project: undefined, message: `${lead} ${uv}` }];
}
