import type { RuleTable } from '../ruleTable';
import { memberUseObjects } from './instanceAttributes';

/**
 * What keeps an edited statement off the partial-parse path (statementSplice.ts). The partial
 * tree holds the statement and the header lines of the statements around it (their decorators,
 * parameters, bases, `with` items), not its siblings nor the rest of the module, so the rules
 * must not need those to judge it. Each gate stands for rules that do:
 * - context keys, `get_current_context`, `inlet_events`, `external_trigger`: the context rules
 *   find what holds the context in the rest of the function (`ctx = get_current_context()`);
 * - `v.member` for a member the rules follow (memberUseObjects): the binding of `v` is searched
 *   in the whole file;
 * - `class`, or a statement inside a class: the class rules read the class body and the
 *   module's other classes;
 * - a name the module binds at its top level (`NAME = ...`, `def NAME`, `class NAME`),
 *   `start_date`, `default_args`: values followed to module-level assignments, `@dag` functions,
 *   local base classes;
 * - `global`, `nonlocal`: bindings in another scope.
 * A rule that reads outside the statement for another reason needs a gate here; the
 * incremental tests compare every path with a full lint and fail without it.
 */
export class SpliceGates {
  private readonly words: RegExp;
  /** Names bound at the module's top level (a superset: read from the text, line by line). */
  private moduleNames: ReadonlySet<string> = new Set();

  constructor(private readonly rules: RuleTable) {
    const words = [...rules.contextKeys.keys(), 'get_current_context', 'inlet_events', 'external_trigger', 'start_date', 'default_args', 'class', 'global', 'nonlocal'];
    this.words = new RegExp(`(?<![A-Za-z0-9_])(?:${words.map(escape).join('|')})(?![A-Za-z0-9_])`);
  }

  /** Reads the module-level names of the whole text (after a full lint: only a module-level edit changes them, and that is always a full lint). */
  readModule(text: string): void {
    const names = new Set<string>();
    TOP_LEVEL_BINDING.lastIndex = 0;
    for (let m = TOP_LEVEL_BINDING.exec(text); m; m = TOP_LEVEL_BINDING.exec(text)) names.add((m[1] ?? m[2])!);
    this.moduleNames = names;
  }

  /** Whether the statement, spelled `text` (before or after the edit), may be linted from its partial tree. */
  allow(text: string, insideClass: boolean): boolean {
    if (insideClass || this.words.test(text)) return false;
    if (memberUseObjects(text, this.rules.memberNames).size > 0) return false;
    IDENTIFIER.lastIndex = 0;
    for (let m = IDENTIFIER.exec(text); m; m = IDENTIFIER.exec(text)) if (this.moduleNames.has(m[0])) return false;
    return true;
  }
}

/** `NAME =` / `NAME: T =` at the start of a line, or `def NAME` / `class NAME` there (decorated or async too). */
const TOP_LEVEL_BINDING = /^(?:([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?::[^=\n]*)?=(?!=)|(?:async[ \t]+)?(?:def|class)[ \t]+([A-Za-z_][A-Za-z0-9_]*))/gm;
const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/g;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
