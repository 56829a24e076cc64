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

/** Characters handed to tree-sitter per request when parsing parts of a text (parsePart). */
const PART_CHUNK = 1024;

/** An edit worked out against the current text, before it is applied (see PythonDocument.preview). */
export interface ChangePreview {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
  /** The whole text after the edit, and its index. */
  readonly text: string;
  readonly index: TextIndex;
}

/** Offsets [start, end) of a text. */
export interface TextSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * One parsed Python text with its tree; `applyChange` edits both and re-parses incrementally.
 * `applyDeferred` moves the text on and shifts the tree's positions (Tree.edit) but leaves the
 * re-parse for later: the tree is brought up to date (all deferred edits in one incremental parse)
 * the next time `tree` is read, `flush` is called or a change is applied the usual way.
 */
export class PythonDocument {
  private currentTree: Tree;
  private currentIndex: TextIndex;
  /** Set when the text was not parsed (see MAX_INDENT_COLUMNS): the tree is then an empty module's. */
  private refusedAt: number | undefined;
  /** Edits applied to the text and to the tree's positions since the tree was last parsed. */
  private deferred = 0;
  /** Trees of parts of the text (parsePart) not released yet: freed with the document at the latest. */
  private readonly parts = new Set<Tree>();

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
  /** The tree of the current text (re-parsed first when edits were deferred). */
  get tree(): Tree {
    this.flush();
    return this.currentTree;
  }
  /**
   * The tree as last parsed, with the positions of every deferred edit applied: right wherever
   * the text was not edited since, out of date inside the edited statements. Nodes made before an
   * edit keep their old positions: ask the root again after each one. A node's `text` reads the
   * text of the last parse: use offsets.
   */
  get editedTree(): Tree {
    return this.currentTree;
  }
  /** Edits applied since the tree was last parsed (0: `tree` is current). */
  get deferredEdits(): number {
    return this.deferred;
  }
  get index(): TextIndex {
    return this.currentIndex;
  }

  /** Where `change` lands in the current text and the text it makes; nothing is applied. */
  preview(change: TextChange): ChangePreview {
    const old = this.currentIndex;
    const start = old.offsetAt(change.range.start);
    const oldEnd = Math.max(start, old.offsetAt(change.range.end));
    const text = old.text.slice(0, start) + change.text + old.text.slice(oldEnd);
    return { start, oldEnd, newEnd: start + change.text.length, text, index: new TextIndex(text) };
  }

  /** Applies an edit, re-parses incrementally and says what changed (offsets in the new text). */
  applyChange(change: TextChange, previewed?: ChangePreview): AppliedChange {
    this.flush();
    const old = this.currentIndex;
    const { start, oldEnd, newEnd, text: newTextFull, index: next } = previewed ?? this.preview(change);
    this.editTree(old, next, start, oldEnd, newEnd);
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

  /**
   * Takes a previewed edit without re-parsing: the caller has checked (on a parse of the edited
   * statement) that the rest of the file parses as before. Not for a text refused as too deep.
   */
  applyDeferred(p: ChangePreview): void {
    if (this.refusedAt !== undefined) throw new Error('applyDeferred on a document that was not parsed');
    this.editTree(this.currentIndex, p.index, p.start, p.oldEnd, p.newEnd);
    this.currentIndex = p.index;
    this.deferred++;
  }

  /** Re-parses the deferred edits, if any (one incremental parse for all of them). */
  flush(): void {
    if (this.deferred === 0) return;
    const oldTree = this.currentTree;
    // A parse that throws leaves the edits deferred (the old tree stays, edited).
    this.currentTree = this.parseOrThrow(this.text, oldTree);
    this.deferred = 0;
    oldTree.delete();
  }

  /**
   * Parses only `spans` of `text` (tree-sitter's included ranges: node offsets stay those of
   * `text`) with this document's parser. The tree is the caller's until `releasePart`.
   */
  parsePart(text: string, index: TextIndex, spans: readonly TextSpan[]): Tree {
    const point = (offset: number) => {
      const p = index.positionAt(offset);
      return { row: p.line, column: p.character };
    };
    const includedRanges = spans.map((s) => ({ startIndex: s.start, endIndex: s.end, startPosition: point(s.start), endPosition: point(s.end) }));
    // Text in chunks: tree-sitter asks again at each piece, and copies what it is given (up to 10 KB), not what it reads.
    const tree = this.parser.parse((at: number) => text.slice(at, at + PART_CHUNK), null, { includedRanges });
    if (!tree) throw new Error('tree-sitter returned no tree');
    this.parts.add(tree);
    return tree;
  }

  releasePart(tree: Tree): void {
    if (this.parts.delete(tree)) tree.delete();
  }

  dispose(): void {
    for (const part of this.parts) part.delete();
    this.parts.clear();
    this.currentTree.delete();
  }

  /** Tree.edit for [start, oldEnd) of `old` becoming [start, newEnd) of `next`. */
  private editTree(old: TextIndex, next: TextIndex, start: number, oldEnd: number, newEnd: number): void {
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
  }

  private parseOrThrow(text: string, oldTree?: Tree): Tree {
    const tree = this.parser.parse(text, oldTree ?? null);
    if (!tree) throw new Error('tree-sitter returned no tree');
    return tree;
  }
}
