import type { VersionTarget } from '../airflowVersion';
import type { Finding } from '../types';
import type { DagDefinition } from './dagIds';
import { IncrementalPythonLint } from './incrementalLint';
import { isWasmTrap, type PythonLinter } from './lintPython';
import type { TextChange } from './pythonParser';

/** One lint asked of the worker (see LintWorkerClient). */
export interface LintRequest {
  /** A document kept across requests (its tree, for incremental re-lints); absent: a one-off lint. */
  readonly key?: string;
  /** The whole current text: the worker checks its copy against it, and starts afresh from it. */
  readonly text: string;
  /** The edits since this key's previous request, applied incrementally when the worker still has it. */
  readonly changes?: readonly TextChange[];
  readonly target: VersionTarget;
}

export interface LintResponse {
  readonly findings: Finding[];
  readonly dags: DagDefinition[];
  /** How it was linted: in full, only the edited statement, or once without keeping the document. */
  readonly mode: 'full' | 'statement' | 'once';
}

/** Documents kept at once (open editors); the least recently linted one is dropped past it. */
export const MAX_KEPT_DOCUMENTS = 64;
/** DAG definitions handed back per file (for the workspace dag_id check): a bounded message. */
export const MAX_DAGS_PER_RESULT = 10_000;

interface KeptDocument {
  readonly lint: IncrementalPythonLint;
  readonly target: string;
}

const targetKey = (t: VersionTarget) => `${t.airflowVersion}\n${t.upgradeTarget ?? ''}`;

/**
 * The worker's side of linting: one parser, and per document key the incremental linter the
 * editor's keystrokes update. Pure logic (no thread of its own), so it is tested in-process.
 */
export class LintSession {
  private readonly docs = new Map<string, KeptDocument>();

  constructor(private readonly linter: PythonLinter) {}

  lint(request: LintRequest): LintResponse {
    if (request.key === undefined) {
      const { findings, dags } = this.linter.lintText(request.text, request.target);
      return { findings, dags: dags.slice(0, MAX_DAGS_PER_RESULT), mode: 'once' };
    }
    const lint = this.documentFor(request.key, request);
    const { findings, dags } = lint.current;
    // A statement parsed alone (`splice`) is a statement re-lint as far as the editor is concerned.
    return { findings, dags: dags.slice(0, MAX_DAGS_PER_RESULT), mode: lint.lastMode === 'full' ? 'full' : 'statement' };
  }

  /**
   * Between requests: re-parses the documents whose statements were re-parsed alone, so the next
   * edit elsewhere finds the whole tree current (and those statements are checked against it).
   */
  idle(): void {
    for (const [key, kept] of [...this.docs]) {
      try {
        kept.lint.flush();
      } catch (err) {
        // The next request opens the document afresh from its text; after a trap inside the
        // wasm, every document's tree and the parser are suspect.
        if (!isWasmTrap(err)) this.close(key);
        else {
          for (const k of [...this.docs.keys()]) this.close(k);
          this.linter.parser.reset();
          return;
        }
      }
    }
  }

  close(key: string): void {
    this.docs.get(key)?.lint.doc.dispose();
    this.docs.delete(key);
  }

  dispose(): void {
    for (const key of [...this.docs.keys()]) this.close(key);
    this.linter.dispose();
  }

  /** The key's linter brought up to `request.text`: incrementally when it can be, else opened afresh. */
  private documentFor(key: string, request: LintRequest): IncrementalPythonLint {
    const kept = this.docs.get(key);
    const target = targetKey(request.target);
    if (kept) {
      // Most recently used last: the first entry is the one to drop.
      this.docs.delete(key);
      this.docs.set(key, kept);
      if (kept.target === target && this.catchUp(kept.lint, request)) return kept.lint;
      this.close(key);
    }
    const lint = IncrementalPythonLint.open(this.linter, request.text, request.target);
    this.docs.set(key, { lint, target });
    for (const oldest of this.docs.keys()) {
      if (this.docs.size <= MAX_KEPT_DOCUMENTS) break;
      this.close(oldest);
    }
    return lint;
  }

  /** Applies the edits; false when the result would not be the request's text (an edit was missed). */
  private catchUp(lint: IncrementalPythonLint, request: LintRequest): boolean {
    try {
      for (const change of request.changes ?? []) lint.update(change);
    } catch {
      return false; // opened afresh from the text instead
    }
    return lint.doc.text === request.text;
  }
}
