import { validRange } from '@renovatebot/pep440';
import { splitLogicalLines, tokenize, type LogicalLine, type Token } from './logicalLines';
import { parseMarker, type MarkerNode } from './markers';
import { NAME_PATTERN, normalizeName } from './packageName';
import { archiveName, eggName } from './urlProjectName';
import { wheelName } from './wheelName';

/** Offsets in the document: [start, end). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type OptionName =
  | '--requirement'
  | '--constraint'
  | '--editable'
  | '--index-url'
  | '--extra-index-url'
  | '--find-links'
  | '--no-index'
  | '--pre'
  | '--prefer-binary'
  | '--require-hashes'
  | '--no-binary'
  | '--only-binary'
  | '--trusted-host'
  | '--use-feature'
  | '--hash'
  | '--config-settings'
  | '--global-option';

const SHORT: Record<string, OptionName> = { '-r': '--requirement', '-c': '--constraint', '-e': '--editable', '-i': '--index-url', '-f': '--find-links' };
const TAKES_VALUE = new Set<OptionName>([
  '--requirement', '--constraint', '--editable', '--index-url', '--extra-index-url', '--find-links', '--no-binary',
  '--only-binary', '--trusted-host', '--use-feature', '--hash', '--config-settings', '--global-option',
]);
const FLAGS = new Set<OptionName>(['--no-index', '--pre', '--prefer-binary', '--require-hashes']);
/** Options pip accepts after a requirement on the same line. */
const PER_REQUIREMENT = new Set<OptionName>(['--hash', '--config-settings', '--global-option']);

export interface ParsedOption {
  readonly name: OptionName;
  readonly nameSpan: Span;
  readonly value?: string;
  readonly valueSpan?: Span;
  /** The whole logical line the option sits on. */
  readonly lineSpan: Span;
  readonly line: number;
}

export interface ParsedRequirement {
  readonly name: string;
  readonly normalizedName: string;
  readonly nameSpan: Span;
  readonly extras: readonly string[];
  /** `>=1.0,<2` without spaces; empty when unpinned. */
  readonly specifier: string;
  readonly specifierSpan?: Span;
  readonly url?: string;
  readonly urlSpan?: Span;
  /** The version a wheel's file name states (PEP 427), for a URL or path to a wheel. */
  readonly wheelVersion?: string;
  readonly marker?: string;
  readonly markerSpan?: Span;
  /** The parsed marker; a marker that does not parse is a problem and its requirement is dropped. */
  readonly markerTree?: MarkerNode;
  readonly hashes: readonly string[];
  readonly editable: boolean;
  readonly options: readonly ParsedOption[];
  readonly lineSpan: Span;
  readonly line: number;
}

export interface ParseProblem {
  readonly message: string;
  readonly span: Span;
}

export interface RequirementsFile {
  readonly requirements: readonly ParsedRequirement[];
  /** File-level options (-r, -c, -i, --find-links, --no-index, -e is a requirement). */
  readonly options: readonly ParsedOption[];
  readonly problems: readonly ParseProblem[];
}

/** Parses pip's requirements-file format, keeping document offsets for every part. */
export function parseRequirements(text: string): RequirementsFile {
  const requirements: ParsedRequirement[] = [];
  const options: ParsedOption[] = [];
  const problems: ParseProblem[] = [];
  for (const line of splitLogicalLines(text)) {
    if (line.text.trim() === '') continue;
    parseLine(line, requirements, options, problems);
  }
  return { requirements, options, problems };
}

function spanOf(line: LogicalLine, start: number, end: number): Span {
  const s = line.offsets[Math.min(start, line.offsets.length - 1)]!;
  const e = end > start ? line.offsets[Math.min(end - 1, line.offsets.length - 1)]! + 1 : s;
  return { start: s, end: e };
}

function parseLine(line: LogicalLine, requirements: ParsedRequirement[], options: ParsedOption[], problems: ParseProblem[]): void {
  const tokens = tokenize(line.text);
  const firstOption = tokens.findIndex((t) => t.value.startsWith('-') && t.value.length > 1);
  const argTokens = firstOption < 0 ? tokens : tokens.slice(0, firstOption);
  const optTokens = firstOption < 0 ? [] : tokens.slice(firstOption);
  const first = tokens[0]!;
  const lineSpan = spanOf(line, first.start, tokens[tokens.length - 1]!.end);
  const lineOptions = parseOptions(line, optTokens, lineSpan, problems);

  if (argTokens.length === 0) {
    // An option line. `-e <url>` is a requirement in disguise.
    for (const opt of lineOptions) {
      if (opt.name === '--editable' && opt.value !== undefined && opt.valueSpan) {
        const req = parseUrlRequirement(opt.value, opt.valueSpan, line.firstLine, lineSpan, true, problems);
        if (req) requirements.push({ ...req, options: lineOptions.filter((o) => o !== opt), hashes: [] });
      } else if (PER_REQUIREMENT.has(opt.name)) {
        problems.push({ message: `${opt.name} must follow a requirement on the same line`, span: opt.nameSpan });
      } else options.push(opt);
    }
    return;
  }
  for (const opt of lineOptions) {
    if (!PER_REQUIREMENT.has(opt.name)) problems.push({ message: `${opt.name} cannot follow a requirement on the same line`, span: opt.nameSpan });
  }
  const reqStart = argTokens[0]!.start;
  const reqEnd = argTokens[argTokens.length - 1]!.end;
  const req = parseRequirementText(line, reqStart, reqEnd, lineSpan, problems);
  if (req) requirements.push({ ...req, options: lineOptions, hashes: lineOptions.filter((o) => o.name === '--hash' && o.value).map((o) => o.value!) });
}

function parseOptions(line: LogicalLine, tokens: Token[], lineSpan: Span, problems: ParseProblem[]): ParsedOption[] {
  const out: ParsedOption[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    let flag = tok.value;
    let inlineValue: { value: string; start: number } | undefined;
    const eq = flag.indexOf('=');
    if (flag.startsWith('--') && eq > 0) {
      inlineValue = { value: flag.slice(eq + 1), start: tok.start + eq + 1 };
      flag = flag.slice(0, eq);
    } else if (!flag.startsWith('--') && flag.length > 2) {
      // -cconstraints.txt
      inlineValue = { value: flag.slice(2), start: tok.start + 2 };
      flag = flag.slice(0, 2);
    }
    const name = (SHORT[flag] ?? flag) as OptionName;
    const nameSpan = spanOf(line, tok.start, tok.start + flag.length);
    if (FLAGS.has(name)) {
      out.push({ name, nameSpan, lineSpan, line: line.firstLine });
      continue;
    }
    if (!TAKES_VALUE.has(name)) {
      problems.push({ message: `Unknown pip option ${flag}`, span: nameSpan });
      continue;
    }
    let value: string | undefined;
    let valueSpan: Span | undefined;
    if (inlineValue) {
      value = inlineValue.value;
      valueSpan = spanOf(line, inlineValue.start, tok.end);
    } else if (i + 1 < tokens.length) {
      const next = tokens[++i]!;
      value = next.value;
      valueSpan = spanOf(line, next.start, next.end);
    }
    if (value === undefined || value === '') {
      problems.push({ message: `${flag} needs a value`, span: nameSpan });
      continue;
    }
    // A quoted value: point inside the quotes so a fix replaces only the value.
    if (valueSpan && valueSpan.end - valueSpan.start === value.length + 2) valueSpan = { start: valueSpan.start + 1, end: valueSpan.end - 1 };
    out.push({ name, nameSpan, value, valueSpan: valueSpan!, lineSpan, line: line.firstLine });
  }
  return out;
}

const URL_LIKE = /^([a-z][a-z0-9+.-]*:\/\/|\.{0,2}\/|~|[A-Za-z]:\\)|\.(whl|zip|tar\.gz|tar\.bz2|tgz)$/i;

function parseRequirementText(
  line: LogicalLine,
  start: number,
  end: number,
  lineSpan: Span,
  problems: ParseProblem[],
): Omit<ParsedRequirement, 'options' | 'hashes'> | undefined {
  const raw = line.text.slice(start, end);
  if (URL_LIKE.test(raw.split(/\s+/)[0]!)) {
    const urlEnd = raw.search(/\s|$/);
    const marker = markerOf(line, raw, start, urlEnd, problems);
    const req = marker && parseUrlRequirement(raw.slice(0, urlEnd), spanOf(line, start, start + urlEnd), line.firstLine, lineSpan, false, problems);
    return req && { ...req, ...marker };
  }
  const nameMatch = NAME_PATTERN.exec(raw);
  if (!nameMatch) {
    problems.push({ message: `Not a requirement: ${raw}`, span: spanOf(line, start, end) });
    return undefined;
  }
  const name = nameMatch[0];
  let pos = name.length;
  const skipWs = () => {
    while (pos < raw.length && /\s/.test(raw[pos]!)) pos++;
  };
  skipWs();
  let extras: string[] = [];
  if (raw[pos] === '[') {
    const close = raw.indexOf(']', pos);
    if (close < 0) {
      problems.push({ message: 'Unclosed [ in extras', span: spanOf(line, start + pos, end) });
      return undefined;
    }
    extras = raw.slice(pos + 1, close).split(',').map((e) => e.trim()).filter((e) => e.length > 0);
    pos = close + 1;
    skipWs();
  }
  const base = {
    name,
    normalizedName: normalizeName(name),
    nameSpan: spanOf(line, start, start + name.length),
    extras,
    editable: false,
    lineSpan,
    line: line.firstLine,
  };
  if (raw[pos] === '@') {
    pos++;
    skipWs();
    const urlStart = pos;
    while (pos < raw.length && !/\s/.test(raw[pos]!)) pos++;
    const url = raw.slice(urlStart, pos);
    const marker = markerOf(line, raw, start, pos, problems);
    if (!marker) return undefined;
    if (!url) problems.push({ message: 'Missing URL after @', span: spanOf(line, start, end) });
    const wheelVersion = wheelName(url)?.version;
    return { ...base, specifier: '', url, urlSpan: spanOf(line, start + urlStart, start + pos), ...(wheelVersion ? { wheelVersion } : {}), ...marker };
  }
  const semi = raw.indexOf(';', pos);
  const specEnd = semi < 0 ? raw.length : semi;
  let specText = raw.slice(pos, specEnd);
  const specOffset = pos + (specText.length - specText.trimStart().length);
  specText = specText.trim();
  const marker = semi < 0 ? {} : markerOf(line, raw, start, semi, problems);
  if (!marker) return undefined;
  let specifier = specText.replace(/\s+/g, '');
  if (specifier.startsWith('(') && specifier.endsWith(')')) specifier = specifier.slice(1, -1);
  if (specifier && !isValidSpecifier(specifier)) {
    problems.push({ message: `Invalid version specifier "${specText}"`, span: spanOf(line, start + specOffset, start + specOffset + specText.length) });
    return undefined;
  }
  return {
    ...base,
    specifier,
    ...(specifier ? { specifierSpan: spanOf(line, start + specOffset, start + specOffset + specText.length) } : {}),
    ...marker,
  };
}

/** Clauses plainly valid (an operator and a release number): most lines, checked without the library's costly pattern. */
const PLAIN_CLAUSES = /^(?:(?:==|!=|<=|>=|<|>)\d{1,9}(?:\.\d{1,9}){0,4})(?:,(?:==|!=|<=|>=|<|>)\d{1,9}(?:\.\d{1,9}){0,4})*$/;

function isValidSpecifier(specifier: string): boolean {
  return PLAIN_CLAUSES.test(specifier) || validRange(specifier);
}

type MarkerParts = { marker?: string; markerSpan?: Span; markerTree?: MarkerNode };

/** The marker after the first `;` from `from`: its text and tree; undefined (and a problem) when pip rejects it. */
function markerOf(line: LogicalLine, raw: string, start: number, from: number, problems: ParseProblem[]): MarkerParts | undefined {
  const semi = raw.indexOf(';', from);
  if (semi < 0) return {};
  const text = raw.slice(semi + 1);
  const trimmed = text.trim();
  if (!trimmed) return {};
  const offset = start + semi + 1 + (text.length - text.trimStart().length);
  const markerSpan = spanOf(line, offset, offset + trimmed.length);
  const parsed = parseMarker(trimmed);
  if ('error' in parsed) {
    const span = parsed.end > parsed.start ? spanOf(line, offset + parsed.start, offset + parsed.end) : markerSpan;
    problems.push({ message: `Invalid environment marker: ${parsed.error}. pip rejects the whole file, so MWAA's update fails`, span });
    return undefined;
  }
  return { marker: trimmed, markerSpan, markerTree: parsed.marker };
}

/** `https://…/pkg-1.0-py3-none-any.whl`, `git+https://…#egg=name`, `./local/dir` (-e). */
function parseUrlRequirement(
  url: string,
  urlSpan: Span,
  line: number,
  lineSpan: Span,
  editable: boolean,
  problems: ParseProblem[],
): Omit<ParsedRequirement, 'options' | 'hashes'> | undefined {
  const name = eggName(url) ?? archiveName(url.split('#')[0]!.split('?')[0]!);
  const wheelVersion = wheelName(url)?.version;
  if (!name) {
    // pip can install it, but nothing here can be checked against the constraints.
    if (!editable && !/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !url.startsWith('.') && !url.startsWith('/')) {
      problems.push({ message: `Cannot tell the project name of ${url}`, span: urlSpan });
    }
    return { name: '', normalizedName: '', nameSpan: urlSpan, extras: [], specifier: '', url, urlSpan, editable, lineSpan, line };
  }
  return { name, normalizedName: normalizeName(name), nameSpan: urlSpan, extras: [], specifier: '', url, urlSpan, ...(wheelVersion ? { wheelVersion } : {}), editable, lineSpan, line };
}
