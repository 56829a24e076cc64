import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Language, Parser, Tree } from 'web-tree-sitter';
// `import = require` makes bundlers pick the package's CommonJS build: its ESM build reads
// import.meta.url, which a CommonJS bundle (the extension's) does not have.
import TreeSitter = require('web-tree-sitter');
import { TextIndex } from '../textIndex';
import type { Range } from '../types';

export const RUNTIME_WASM = 'web-tree-sitter.wasm';
export const PYTHON_WASM = 'tree-sitter-python.wasm';

export interface PythonParserOptions {
  /**
   * Folder holding web-tree-sitter.wasm and tree-sitter-python.wasm (the extension bundle copies
   * both beside itself). Default: the files inside the two npm packages.
   */
  readonly wasmDir?: string;
}

/**
 * Paths of the two .wasm files: from `wasmDir`; else beside this code when a bundle copied them
 * there; else resolved from the installed packages.
 */
export function locateWasm(wasmDir?: string): { runtime: string; python: string } {
  if (wasmDir) return { runtime: path.join(wasmDir, RUNTIME_WASM), python: path.join(wasmDir, PYTHON_WASM) };
  if (fs.existsSync(path.join(__dirname, PYTHON_WASM))) return locateWasm(__dirname);
  return {
    runtime: require.resolve('web-tree-sitter/web-tree-sitter.wasm'),
    python: require.resolve('tree-sitter-python/tree-sitter-python.wasm'),
  };
}

// Parser.init sets up one wasm module per process; later callers share it.
let runtimeReady: Promise<void> | undefined;
const languages = new Map<string, Promise<Language>>();

/** Loads tree-sitter and the Python grammar once and hands out parsers. */
export async function createPythonParser(options: PythonParserOptions = {}): Promise<PythonParser> {
  const wasm = locateWasm(options.wasmDir);
  runtimeReady ??= TreeSitter.Parser.init({ locateFile: () => wasm.runtime });
  await runtimeReady;
  let language = languages.get(wasm.python);
  if (!language) {
    language = TreeSitter.Language.load(wasm.python);
    languages.set(wasm.python, language);
  }
  return new PythonParser(await language);
}

export class PythonParser {
  private parser: Parser;

  constructor(private readonly language: Language) {
    this.parser = new TreeSitter.Parser();
    this.parser.setLanguage(language);
  }

  /** A fresh parser after a trap inside the wasm (the old one may be left in a broken state). */
  reset(): void {
    const old = this.parser;
    this.parser = new TreeSitter.Parser();
    this.parser.setLanguage(this.language);
    try {
      old.delete();
    } catch {
      // the broken parser's memory is the wasm module's to reclaim
    }
  }

  /** Parses a whole text; keep the returned document to re-parse incrementally after edits. */
  parse(text: string): PythonDocument {
    return new PythonDocument(this.parser, text);
  }

  dispose(): void {
    this.parser.delete();
  }
}

/** A text change as an editor reports it: `range` in the old text replaced by `text`. */
export interface TextChange {
  readonly range: Range;
  readonly text: string;
}

/** Where an edit landed: [start, oldEnd) of the old text became [start, newEnd) of the new. */
export interface AppliedChange {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
  /** Spans of the new text whose syntax differs (tree-sitter's changed ranges). */
  readonly changed: readonly { start: number; end: number }[];
}

/**
 * Columns of indentation from which a text is not parsed. tree-sitter-python's scanner keeps one
 * entry per indentation level in a fixed buffer and corrupts its wasm memory past about 510 levels
 * (a parse fails, later parses may too); each level is a column deeper than the last. Real code
 * never comes near it (Python itself refuses more than 100 levels).
 */
export const MAX_INDENT_COLUMNS = 500;
// A tab counts 8 columns (as the scanner counts it): fewer whitespace characters cannot reach the limit.
const WIDE_INDENT = new RegExp(`^[ \\t\\f]{${Math.ceil(MAX_INDENT_COLUMNS / 8)},}`, 'gm');

/** The first line (0-based) indented MAX_INDENT_COLUMNS columns or more, if any. */
export function overIndentedLine(text: string): number | undefined {
  WIDE_INDENT.lastIndex = 0;
  for (let m = WIDE_INDENT.exec(text); m; m = WIDE_INDENT.exec(text)) {
    let columns = 0;
    for (const c of m[0]) columns += c === '\t' ? 8 : c === ' ' ? 1 : 0;
    if (columns >= MAX_INDENT_COLUMNS) return new TextIndex(text.slice(0, m.index)).lineCount - 1;
  }
  return undefined;
}

/** One parsed Python text with its tree; `applyChange` edits both and re-parses incrementally. */
export class PythonDocument {
  private currentTree: Tree;
  private currentIndex: TextIndex;
  /** Set when the text was not parsed (see MAX_INDENT_COLUMNS): the tree is then an empty module's. */
  private refusedAt: number | undefined;

  constructor(private readonly parser: Parser, text: string) {
    this.currentIndex = new TextIndex(text);
    this.refusedAt = overIndentedLine(text);
    this.currentTree = this.parseOrThrow(this.refusedAt === undefined ? text : '');
  }

  /** The line indented too deep to parse the text, when it was not parsed. */
  get refusedLine(): number | undefined {
    return this.refusedAt;
  }

  get text(): string {
    return this.currentIndex.text;
  }
  get tree(): Tree {
    return this.currentTree;
  }
  get index(): TextIndex {
    return this.currentIndex;
  }

  /** Applies an edit, re-parses incrementally and says what changed (offsets in the new text). */
  applyChange(change: TextChange): AppliedChange {
    const old = this.currentIndex;
    const start = old.offsetAt(change.range.start);
    const oldEnd = Math.max(start, old.offsetAt(change.range.end));
    const newTextFull = old.text.slice(0, start) + change.text + old.text.slice(oldEnd);
    const next = new TextIndex(newTextFull);
    const newEnd = start + change.text.length;
    const point = (idx: TextIndex, offset: number) => {
      const p = idx.positionAt(offset);
      return { row: p.line, column: p.character };
    };
    this.currentTree.edit(
      new TreeSitter.Edit({
        startIndex: start,
        oldEndIndex: oldEnd,
        newEndIndex: newEnd,
        startPosition: point(old, start),
        oldEndPosition: point(old, oldEnd),
        newEndPosition: point(next, newEnd),
      }),
    );
    const oldTree = this.currentTree;
    const wasRefused = this.refusedAt !== undefined;
    this.refusedAt = overIndentedLine(newTextFull);
    if (this.refusedAt !== undefined || wasRefused) {
      // Parsed afresh (or not at all): the old tree does not stand for the old text.
      this.currentTree = this.parseOrThrow(this.refusedAt === undefined ? newTextFull : '');
      oldTree.delete();
      this.currentIndex = next;
      return { start: 0, oldEnd: old.text.length, newEnd: newTextFull.length, changed: [{ start: 0, end: newTextFull.length }] };
    }
    this.currentTree = this.parseOrThrow(newTextFull, oldTree);
    const changed = this.currentTree.getChangedRanges(oldTree).map((r) => ({ start: r.startIndex, end: r.endIndex }));
    oldTree.delete();
    this.currentIndex = next;
    return { start, oldEnd, newEnd, changed };
  }

  dispose(): void {
    this.currentTree.delete();
  }

  private parseOrThrow(text: string, oldTree?: Tree): Tree {
    const tree = this.parser.parse(text, oldTree ?? null);
    if (!tree) throw new Error('tree-sitter returned no tree');
    return tree;
  }
}
