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
  private readonly parser: Parser;

  constructor(language: Language) {
    this.parser = new TreeSitter.Parser();
    this.parser.setLanguage(language);
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

/** One parsed Python text with its tree; `applyChange` edits both and re-parses incrementally. */
export class PythonDocument {
  private currentTree: Tree;
  private currentIndex: TextIndex;

  constructor(private readonly parser: Parser, text: string) {
    this.currentIndex = new TextIndex(text);
    this.currentTree = this.parseOrThrow(text);
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
