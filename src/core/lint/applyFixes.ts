import { TextIndex } from './textIndex';
import type { Fix, TextEdit } from './types';

/**
 * Applies non-overlapping edits (all relative to `text`) and returns the new text. Edits are
 * applied back to front so earlier offsets stay valid; an overlap is a bug in the fix and throws.
 */
export function applyFixes(text: string, edits: readonly TextEdit[]): string {
  const index = new TextIndex(text);
  const spans = edits
    .map((e, order) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), text: e.newText, order }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i]!.start < spans[i - 1]!.end) throw new Error('applyFixes: overlapping edits');
  }
  let out = text;
  for (let i = spans.length - 1; i >= 0; i--) {
    const s = spans[i]!;
    out = out.slice(0, s.start) + s.text + out.slice(s.end);
  }
  return out;
}

/**
 * "Fix all of this kind in the file": the edits of several fixes as one non-overlapping list.
 * Identical edits (two fixes renaming the same use) count once; an edit overlapping one already
 * taken is dropped with its whole fix, so every fix is applied entirely or not at all.
 */
export function mergeFixEdits(text: string, fixes: readonly Fix[]): { edits: TextEdit[]; skipped: Fix[] } {
  const index = new TextIndex(text);
  const taken: { start: number; end: number; text: string }[] = [];
  const edits: TextEdit[] = [];
  const skipped: Fix[] = [];
  for (const fix of fixes) {
    const spans = fix.edits.map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), text: e.newText, edit: e }));
    const fresh = spans.filter((s) => !taken.some((t) => t.start === s.start && t.end === s.end && t.text === s.text));
    const clash = fresh.some((s) => taken.some((t) => (s.start < t.end && t.start < s.end) || (s.start === s.end && s.start === t.start && t.start === t.end)));
    if (clash) {
      skipped.push(fix);
      continue;
    }
    for (const s of fresh) {
      taken.push(s);
      edits.push(s.edit);
    }
  }
  return { edits, skipped };
}
