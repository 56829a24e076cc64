/**
 * The requirements parser and checker over random requirement lines, options and includes read
 * through an in-memory readFile: never throws, each call within the time and heap bounds, every
 * finding of the checked file inside it, a bounded number of reads whatever the include graph
 * (cycles, self-includes, an endless tree of distinct files), and no message that quotes an
 * included file's text (it may be any file, /proc/self/environ included).
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { loadConstraints } from '../../src/core/lint/constraints';
import { checkRequirements } from '../../src/core/lint/requirements/constraintsChecker';
import { parseRequirements } from '../../src/core/lint/requirements/requirementsParser';
import { checkProperty, clip, ISSUE_BOUNDS, stopWatchdog } from './fuzzHarness';
import { assertRangesInside, DATA_DIR } from './lintSetup';
import { DAG_FOLDER, FOLDER, includeTree, memoryReader, requirementsText } from './requirementsText';

after(stopWatchdog);

const env = loadConstraints(DATA_DIR, '2.10.3')!;
const TOP = `${FOLDER}/req.txt`;
/** Reads in one check, at most: far below the 2^10 files a 10-deep include tree would name. */
const MAX_READS = 100;

test('fuzz: requirements parser, random lines', (t) => {
  checkProperty(t, 'requirements parse', requirementsText, (text, measure) => {
    const parsed = measure('parseRequirements', ISSUE_BOUNDS, () => parseRequirements(text));
    for (const r of parsed.requirements) {
      assert.ok(r.nameSpan.start >= 0 && r.nameSpan.start <= r.nameSpan.end && r.nameSpan.end <= text.length, `name span ${JSON.stringify(r.nameSpan)}`);
      assert.ok(r.lineSpan.start >= 0 && r.lineSpan.end <= text.length);
    }
    for (const p of parsed.problems) assert.ok(p.span.start >= 0 && p.span.start <= p.span.end && p.span.end <= text.length);
  }, { numRuns: 400, describe: (s) => clip(JSON.stringify(s)) });
});

test('fuzz: requirements checker with includes from an in-memory folder', (t) => {
  checkProperty(t, 'requirements check, includes', includeTree, (tree, measure) => {
    const reader = memoryReader(tree.files);
    const r = measure('checkRequirements', ISSUE_BOUNDS, () => checkRequirements(tree.top, { constraints: env, filePath: TOP, readFile: reader.read, dagFolder: DAG_FOLDER }));
    assertRangesInside(tree.top, r.findings.filter((f) => !f.file));
    assert.ok(reader.calls() <= MAX_READS, `${reader.calls()} reads`);
    for (const f of r.findings) {
      for (const s of tree.secrets) assert.ok(!f.message.includes(s), `${f.code} quotes an included file's text: ${clip(f.message)}`);
    }
  }, { numRuns: 250, describe: (tree) => clip(JSON.stringify({ top: tree.top, files: [...tree.files] }), 600) });
});

test('fuzz: requirements checker on an endless tree of distinct includes reads a bounded number of files', (t) => {
  const fanOut = fc.record({ width: fc.integer({ min: 1, max: 4 }), junk: fc.array(fc.constantFrom('boto3==1', 'x', '-c c.txt', '# c'), { maxLength: 3 }) });
  checkProperty(t, 'requirements check, endless includes', fanOut, ({ width, junk }, measure) => {
    let calls = 0;
    // Every file names `width` new files, forever: only the checker's own bounds stop it.
    const readFile = (file: string) => {
      calls++;
      const stem = file.replace(/\.txt$/, '');
      return [...junk, ...Array.from({ length: width }, (_, i) => `-r ${stem.split('/').pop()}_${i}.txt`)].join('\n');
    };
    measure('checkRequirements', ISSUE_BOUNDS, () => checkRequirements('-r f.txt\n', { constraints: env, filePath: TOP, readFile }));
    assert.ok(calls <= MAX_READS, `${calls} files read for one check (fan-out ${width})`);
  }, { numRuns: 12 });
});
