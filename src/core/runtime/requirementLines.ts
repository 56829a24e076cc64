/**
 * Which line of a requirements file (or of a file it includes with `-r` / `-c`) names a project, so
 * a resolver failure that names projects lands on the line to change. Included files are read only
 * inside the requirements file's folder, bounded in size and number (workspace content: `-r
 * ../../.aws/credentials` must not be read).
 */
import * as path from 'node:path';
import { readIncludedFile, type IncludeRoot } from '../lint/requirements/includeReader';
import { normalizeName } from '../lint/requirements/packageName';
import { parseRequirements, type Span } from '../lint/requirements/requirementsParser';

/** One requirement or constraint line (1-based line). */
export interface RequirementLine {
  readonly file: string;
  readonly line: number;
  /** PEP 503 name; undefined when the line's project cannot be told (a URL without a name). */
  readonly project: string | undefined;
  readonly url: string | undefined;
  /** The version specifier as written, without spaces (`==1.9.0`); empty when unpinned. */
  readonly specifier: string;
  /** 'constraint' for lines of a file named with `-c`. */
  readonly kind: 'requirement' | 'constraint';
  /** The whole logical line (continuations included), in the file's text. */
  readonly span: Span;
}

/** One file of the set: the requirements file first, then what it includes. */
export interface RequirementFile {
  readonly path: string;
  readonly text: string;
  readonly kind: 'requirement' | 'constraint';
  /** `-r` / `-c` lines of this file whose target was read: 1-based line -> index in `files`. */
  readonly includes: ReadonlyMap<number, number>;
}

export interface RequirementSet {
  readonly files: readonly RequirementFile[];
  readonly lines: readonly RequirementLine[];
}

const MAX_FILES = 20;
const MAX_DEPTH = 5;
const MAX_INCLUDE_BYTES = 1024 * 1024;

/** `file:` URLs and plain paths of `-r`/`-c` values; URLs of other schemes are not followed. */
function localTarget(value: string, fromDir: string): string | undefined {
  if (/^file:/i.test(value)) {
    try {
      return decodeURIComponent(new URL(value).pathname);
    } catch {
      return undefined;
    }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return undefined;
  return path.resolve(fromDir, value);
}

/** Reads the requirements file's set of files and indexes every requirement line by project. */
export function requirementSet(requirements: { readonly path: string; readonly text: string }): RequirementSet {
  const roots: IncludeRoot[] = [{ path: path.dirname(path.resolve(requirements.path)), name: 'the requirements folder' }];
  const files: RequirementFile[] = [];
  const lines: RequirementLine[] = [];
  const byPath = new Map<string, number>();
  const visit = (file: string, text: string, kind: RequirementFile['kind'], depth: number): number => {
    const index = files.length;
    const includes = new Map<number, number>();
    files.push({ path: file, text, kind, includes });
    byPath.set(file, index);
    const parsed = parseRequirements(text);
    for (const r of parsed.requirements) {
      lines.push({
        file, line: r.line + 1, project: r.normalizedName ? normalizeName(r.normalizedName) : undefined, url: r.url,
        specifier: r.specifier, kind, span: r.lineSpan,
      });
    }
    for (const o of parsed.options) {
      if ((o.name !== '--requirement' && o.name !== '--constraint') || o.value === undefined) continue;
      const target = localTarget(o.value, path.dirname(file));
      if (target === undefined) continue;
      const known = byPath.get(target);
      if (known !== undefined) {
        includes.set(o.line + 1, known);
        continue;
      }
      if (depth >= MAX_DEPTH || files.length >= MAX_FILES) continue;
      const got = readIncludedFile(target, { roots, maxBytes: MAX_INCLUDE_BYTES });
      if (!got || 'refused' in got) continue;
      // A constraints file's own -r lines are constraints too (pip reads them so).
      const childKind = o.name === '--constraint' ? 'constraint' : kind;
      includes.set(o.line + 1, visit(target, got.text, childKind, depth + 1));
    }
    return index;
  };
  visit(path.resolve(requirements.path), requirements.text, 'requirement', 0);
  return { files, lines };
}

/**
 * The lines that name a project: requirement lines first (they are what to change), then
 * constraint lines of the user's own `-c` files.
 */
export function linesOf(set: RequirementSet, project: string): RequirementLine[] {
  const name = normalizeName(project);
  const found = set.lines.filter((l) => l.project === name);
  return [...found.filter((l) => l.kind === 'requirement'), ...found.filter((l) => l.kind === 'constraint')];
}

/** The requirement line whose URL is `url` (uv names a direct-URL requirement by its URL). */
export function lineWithUrl(set: RequirementSet, url: string): RequirementLine | undefined {
  return set.lines.find((l) => l.url !== undefined && (l.url === url || url.endsWith(l.url.replace(/^\.\//, ''))));
}
