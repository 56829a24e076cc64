/**
 * Rule selectors the way ruff writes them (`ALL`, a family such as `AIR` or `REQ`, a prefix such
 * as `AIR3`, a code such as `AIR301`) and ruff's rule for combining them: the most specific
 * selector that matches a code decides, and at equal specificity an ignore beats a select.
 */

/** What `mwaa.diagnostics.rules` may set a code or prefix to, as Pylance and VS Code name severities. */
export const RULE_LEVELS = ['off', 'error', 'warning', 'information', 'hint'] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];

/** The families of codes this linter reports. */
export const CODE_FAMILIES = ['AIR', 'MWAA', 'REQ'] as const;

export interface RuleSelector {
  /** Upper case: `ALL`, `AIR`, `AIR3`, `MWAA004`. */
  readonly text: string;
  /** 0 for ALL, 1 for a family, one more per digit. */
  readonly specificity: number;
}

const SELECTOR = /^(AIR|MWAA|REQ)(\d{0,3})$/;
// A selector is short; a longer string is not echoed back in full in a message.
const MAX_SELECTOR_LENGTH = 16;

/** `raw` quoted for a message, cut short when long (a workspace value can be anything). */
export function quoteShort(raw: unknown, max = 40): string {
  const s = typeof raw === 'string' ? JSON.stringify(raw) : JSON.stringify(raw) ?? String(raw);
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** A selector (case-insensitive), or why it is not one. */
export function parseSelector(raw: string): RuleSelector | { readonly problem: string } {
  const text = raw.trim().toUpperCase();
  if (text === 'ALL') return { text, specificity: 0 };
  const m = text.length <= MAX_SELECTOR_LENGTH ? SELECTOR.exec(text) : null;
  if (!m) return { problem: `${quoteShort(raw)} is not a code or prefix of this linter (ALL, AIR, MWAA, REQ, a prefix such as AIR3 or a code such as MWAA004)` };
  return { text, specificity: 1 + m[2]!.length };
}

export function isSelector(s: RuleSelector | { readonly problem: string }): s is RuleSelector {
  return 'text' in s;
}

export function selectorMatches(selector: RuleSelector, code: string): boolean {
  return selector.specificity === 0 || code.startsWith(selector.text);
}

/** One configuration's say: `select` replaces what came before, `ignore` removes. */
export interface SelectionLayer {
  readonly select?: readonly RuleSelector[];
  readonly extendSelect?: readonly RuleSelector[];
  readonly ignore?: readonly RuleSelector[];
}

/** Among the selectors matching `code`, the most specific one's verdict (ignore wins ties); undefined when none matches. */
function layerVerdict(layer: SelectionLayer, code: string): boolean | undefined {
  let best = -1;
  let verdict: boolean | undefined;
  for (const s of [...(layer.select ?? []), ...(layer.extendSelect ?? [])]) {
    if (selectorMatches(s, code) && s.specificity > best) {
      best = s.specificity;
      verdict = true;
    }
  }
  for (const s of layer.ignore ?? []) {
    if (selectorMatches(s, code) && s.specificity >= best) {
      best = s.specificity;
      verdict = false;
    }
  }
  return verdict;
}

/**
 * Whether a code is selected after applying the layers in order (a base configuration first,
 * command line flags last), starting from `selectedByDefault`.
 */
export function isCodeSelected(layers: readonly SelectionLayer[], code: string, selectedByDefault: boolean): boolean {
  let selected = selectedByDefault;
  for (const layer of layers) {
    const verdict = layerVerdict(layer, code);
    selected = verdict ?? (layer.select ? false : selected);
  }
  return selected;
}

/** `isCodeSelected` remembered per code: a file's findings repeat a handful of codes. */
export class RuleSelection {
  private readonly memo = new Map<string, boolean>();

  constructor(private readonly layers: readonly SelectionLayer[], private readonly selectedByDefault = true) {}

  /** Whether any layer says anything (no layer: every code is selected). */
  get isDefault(): boolean {
    return this.layers.every((l) => !l.select && !l.extendSelect?.length && !l.ignore?.length);
  }

  has(code: string): boolean {
    let v = this.memo.get(code);
    if (v === undefined) {
      v = isCodeSelected(this.layers, code, this.selectedByDefault);
      this.memo.set(code, v);
    }
    return v;
  }
}

/** Of `entries` keyed by selector, the value of the most specific one matching `code` (the last of equals). */
export function mostSpecific<T>(entries: readonly { readonly selector: RuleSelector; readonly value: T }[], code: string): T | undefined {
  let best = -1;
  let value: T | undefined;
  for (const e of entries) {
    if (selectorMatches(e.selector, code) && e.selector.specificity >= best) {
      best = e.selector.specificity;
      value = e.value;
    }
  }
  return value;
}
