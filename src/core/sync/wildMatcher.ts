/**
 * A compiled glob run as a small automaton over the path in one pass (Thompson's construction):
 * the work is at most path length x pattern length, never exponential. A backtracking RegExp
 * took 512 ms for `*a*a*a*a*a*a*a*a*a*a*b` on a 31-character name (5x more per 4 characters),
 * and both `mwaa.sync.exclude` and `.airflowignore` come from the workspace.
 */

/** One step of a pattern: a character, one character of a kind, a run of them, or an optional part. */
export type WildToken =
  | { readonly kind: 'one'; readonly test: (c: string) => boolean }
  | { readonly kind: 'star'; readonly test: (c: string) => boolean }
  | { readonly kind: 'opt'; readonly body: readonly WildToken[] };

export const ANY = (): boolean => true;
export const NOT_SLASH = (c: string): boolean => c !== '/';
export const char = (ch: string): WildToken => ({ kind: 'one', test: (c) => c === ch });
export const one = (test: (c: string) => boolean): WildToken => ({ kind: 'one', test });
export const star = (test: (c: string) => boolean): WildToken => ({ kind: 'star', test });
export const opt = (...body: WildToken[]): WildToken => ({ kind: 'opt', body });

type Op =
  | { readonly op: 'take'; readonly test: (c: string) => boolean }
  | { op: 'split'; readonly a: number; b: number }
  | { readonly op: 'jump'; readonly to: number }
  | { readonly op: 'match' };

/** Matches the whole string (anchored at both ends), like `^...$`. */
export class WildMatcher {
  private readonly prog: Op[] = [];
  private readonly seen: Uint32Array;
  private generation = 0;

  constructor(tokens: readonly WildToken[]) {
    this.emit(tokens);
    this.prog.push({ op: 'match' });
    this.seen = new Uint32Array(this.prog.length);
  }

  test(s: string): boolean {
    let current = this.closure([0]);
    for (let i = 0; i < s.length && current.length > 0; i++) {
      const c = s[i]!;
      const next: number[] = [];
      for (const pc of current) {
        const op = this.prog[pc]!;
        if (op.op === 'take' && op.test(c)) next.push(pc + 1);
      }
      current = this.closure(next);
    }
    return current.some((pc) => this.prog[pc]!.op === 'match');
  }

  /** The states reachable from `starts` without reading a character, each once. */
  private closure(starts: readonly number[]): number[] {
    const gen = ++this.generation;
    const out: number[] = [];
    const stack = [...starts].reverse();
    while (stack.length) {
      const pc = stack.pop()!;
      if (this.seen[pc] === gen) continue;
      this.seen[pc] = gen;
      const op = this.prog[pc]!;
      if (op.op === 'split') stack.push(op.b, op.a);
      else if (op.op === 'jump') stack.push(op.to);
      else out.push(pc);
    }
    return out;
  }

  private emit(tokens: readonly WildToken[]): void {
    for (const t of tokens) {
      if (t.kind === 'one') {
        this.prog.push({ op: 'take', test: t.test });
      } else if (t.kind === 'star') {
        const loop = this.prog.length;
        const split: Op & { op: 'split' } = { op: 'split', a: loop + 1, b: -1 };
        this.prog.push(split, { op: 'take', test: t.test }, { op: 'jump', to: loop });
        split.b = this.prog.length;
      } else {
        const split: Op & { op: 'split' } = { op: 'split', a: this.prog.length + 1, b: -1 };
        this.prog.push(split);
        this.emit(t.body);
        split.b = this.prog.length;
      }
    }
  }
}
