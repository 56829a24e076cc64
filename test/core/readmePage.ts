/**
 * Reading README.md the way GitHub and the Marketplace render it, for the tests that hold the page
 * to the code (readme.test.ts, readmePackage.test.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const readRepoFile = (rel: string): string => fs.readFileSync(path.join(REPO, rel), 'utf8');

/** The page without its fenced code blocks (a `#` or `[x](y)` there is code, not a heading or link). */
export function withoutCode(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```[^\n]*$/gm, '');
}

/** GitHub's heading anchor: lower case, punctuation dropped (but `-` and `_`), spaces to `-`. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*]/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

export function headings(markdown: string): Array<{ level: number; text: string }> {
  return [...withoutCode(markdown).matchAll(/^(#{1,6}) (.+)$/gm)].map((m) => ({ level: m[1]!.length, text: m[2]! }));
}

/** The text of one `## ` section, up to the next heading of the same or a higher level. */
export function section(markdown: string, title: string): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => /^#{2,3} /.test(l) && l.replace(/^#+ /, '') === title);
  if (start < 0) return '';
  const level = lines[start]!.indexOf(' ');
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && l.indexOf(' ') <= level);
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** Links and images: `[text](target)` and `![alt](target)`, with whether each is an image. */
export function links(markdown: string): Array<{ image: boolean; target: string }> {
  return [...withoutCode(markdown).matchAll(/(!?)\[[^\]\n]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => ({ image: m[1] === '!', target: m[2]! }));
}

/** Rows of a Markdown table as cells (the header and the `|---|` line left out). */
export function tableRows(text: string): string[][] {
  const rows = text.split('\n').filter((l) => l.startsWith('|'));
  return rows.slice(2).map((r) => r.replace(/^\||\|$/g, '').split(/(?<!\\)\|/).map((c) => c.trim()));
}

/**
 * The names `screenshot(page, …)` calls in test/ui take, as patterns: a template literal's
 * `${…}` parts match any name segment, so `dag-view-af${major}-graph` covers `dag-view-af2-graph`.
 */
export function screenshotPatterns(sources: string[]): RegExp[] {
  const out: RegExp[] = [];
  for (const text of sources) {
    for (const m of text.matchAll(/screenshot\(\s*page\s*,\s*(['`])((?:(?!\1).)+)\1/g)) {
      const literal = m[2]!.split(/\$\{[^}]*\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      out.push(new RegExp(`^${literal.join('[a-z0-9-]+')}$`));
    }
  }
  return out;
}

/** Width and height from a PNG's IHDR chunk, or undefined when the bytes are not a PNG. */
export function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature) || bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
