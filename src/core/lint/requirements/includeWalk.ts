/**
 * Following `-r` includes (and reading `-c` files) for the constraints checker, bounded: nested at
 * most 10 deep, at most 50 files read in one check, each file once (by its real path when the
 * reader gives it). Findings of an included file never quote its text: it may be any file the
 * reader allows (a `.git/config` holds tokens), and the messages end up in CI logs.
 */
import * as path from 'node:path';
import { TextIndex } from '../textIndex';
import type { Finding } from '../types';
import type { IncludeContext, IncludedFile } from './includeReader';
import { parseRequirements, type ParsedOption, type ParsedRequirement, type Span } from './requirementsParser';

/** Reads an include: its text (or text and real path), a refusal with the reason, or undefined when unreadable. */
export type ReadIncluded = (absolutePath: string, context: IncludeContext) => string | IncludedFile | undefined;

export const MAX_INCLUDE_DEPTH = 10;
/** Included and constraints files read in one check, at most. */
export const MAX_INCLUDED_FILES = 50;
const MWAA_DAGS = '/usr/local/airflow/dags/';

export interface FileUnit {
  readonly file?: string;
  /** True for a file reached through -r: its messages do not quote its text. */
  readonly included: boolean;
  readonly text: string;
  readonly index: TextIndex;
  readonly requirements: ParsedRequirement[];
  readonly options: ParsedOption[];
  readonly findings: Finding[];
}

/** The state of one check's includes: what was read (by real path) and how many reads are left. */
export class IncludeWalk {
  private readonly seen = new Set<string>();
  private reads = 0;
  private capReported = false;

  constructor(
    private readonly readFile: ReadIncluded | undefined,
    private readonly context: IncludeContext,
    private readonly dagFolder: string | undefined,
  ) {}

  markSeen(file: string): void {
    this.seen.add(path.resolve(file));
  }

  hasSeen(file: string): boolean {
    return this.seen.has(path.resolve(file));
  }

  /** Local path an include names: /usr/local/airflow/dags/… in the DAG folder, else relative to the including file. */
  resolveLocal(value: string, fromFile: string | undefined): string | undefined {
    if (value.startsWith(MWAA_DAGS)) return this.dagFolder ? path.join(this.dagFolder, value.slice(MWAA_DAGS.length)) : undefined;
    if (path.isAbsolute(value)) return value;
    return fromFile ? path.join(path.dirname(fromFile), value) : undefined;
  }

  /**
   * Reads one include within the budget: its text and the key it is known by, a refusal, `over`
   * the first time the budget is spent (later ones: `skip`), or undefined when unreadable.
   */
  read(target: string): { text: string; key: string } | { refused: string } | 'over' | 'skip' | undefined {
    if (this.reads >= MAX_INCLUDED_FILES) {
      if (this.capReported) return 'skip';
      this.capReported = true;
      return 'over';
    }
    this.reads++;
    const got = this.readFile?.(target, this.context);
    if (got === undefined || typeof got === 'string') return got === undefined ? undefined : { text: got, key: path.resolve(target) };
    return 'refused' in got ? got : { text: got.text, key: got.realPath };
  }

  /** Parses a file into a unit and follows its -r lines. */
  collect(text: string, file: string | undefined, units: FileUnit[], depth: number): void {
    const parsed = parseRequirements(text);
    const index = new TextIndex(text);
    const unit: FileUnit = { ...(file ? { file } : {}), included: depth > 0, text, index, requirements: [...parsed.requirements], options: [...parsed.options], findings: [] };
    units.push(unit);
    if (file && depth === 0) this.markSeen(file);
    for (const p of parsed.problems) {
      const message = unit.included ? `Not a valid requirements line (${lineOf(unit, p.span)}); an included file's text is not shown` : p.message;
      unit.findings.push({ range: index.range(p.span.start, p.span.end), code: 'REQ009', severity: 'error', message, fixes: [] });
    }
    for (const o of parsed.options) if (o.name === '--requirement') this.follow(unit, o, units, depth);
  }

  private follow(unit: FileUnit, o: ParsedOption, units: FileUnit[], depth: number): void {
    const target = this.resolveLocal(o.value!, unit.file);
    if (target && this.hasSeen(target)) return;
    const got = target && depth < MAX_INCLUDE_DEPTH ? this.read(target) : undefined;
    if (got === 'skip') return;
    let message: string | undefined;
    if (got === undefined) message = unit.included ? `${subjectOf(unit, o)} cannot be read` : `Cannot read the included file ${o.value}${target ? ` (looked at ${target})` : ''}`;
    else if (got === 'over') message = `${subjectOf(unit, o)} ${overBudgetMessage()}`;
    else if ('refused' in got) message = `${subjectOf(unit, o)} ${got.refused}`;
    if (message !== undefined) {
      unit.findings.push({ range: unit.index.range(o.valueSpan!.start, o.valueSpan!.end), code: 'REQ008', severity: 'warning', message, fixes: [] });
      return;
    }
    const { text, key } = got as { text: string; key: string };
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.markSeen(target!);
    this.collect(text, target, units, depth + 1);
  }
}

export function overBudgetMessage(): string {
  return `is not followed: one check reads at most ${MAX_INCLUDED_FILES} included and constraints files`;
}

/** "line 3 of /p/more.txt": where a finding of an included file is, without its text. */
export function lineOf(unit: FileUnit, span: Span): string {
  return `line ${unit.index.range(span.start, span.end).start.line + 1} of ${unit.file ?? 'the requirements file'}`;
}

/**
 * How a message names an -r/-c: `-r other.txt` in the checked file; in an included file only the
 * option and where it is (its value is that file's text).
 */
export function subjectOf(unit: FileUnit, o: ParsedOption): string {
  const flag = o.name === '--requirement' ? '-r' : '-c';
  return unit.included ? `The file named by the ${flag} on ${lineOf(unit, o.valueSpan ?? o.nameSpan)}` : `${flag} ${o.value}`;
}
