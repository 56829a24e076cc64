/**
 * The requirements checker on adversarial shapes (issue #13): 10,000-clause specifiers, 100 KB
 * URLs and wheel-like names, thousands of lines, continuations, includes and hashes. Each check,
 * as the editor runs it on an open requirements file, finishes under 1 s within the heap bound.
 */
import { after, test } from 'node:test';
import { loadConstraints } from '../../src/core/lint/constraints';
import { checkRequirements } from '../../src/core/lint/requirements/constraintsChecker';
import { checkProperty, ISSUE_BOUNDS, stopWatchdog } from './fuzzHarness';
import { assertRangesInside, DATA_DIR } from './lintSetup';
import { DAG_FOLDER, describeReqRecipe, FOLDER, memoryReader, REQ_SHAPES, reqRecipe, requirementsOf } from './requirementsText';

after(stopWatchdog);

const env = loadConstraints(DATA_DIR, '2.10.3')!;

test('fuzz: the requirements checker on adversarial shapes, each under 1 s', (t) => {
  const files = new Map([[`${FOLDER}/a.txt`, 'boto3==1.0\n-r req.txt\n']]);
  checkProperty(t, 'requirements check, adversarial shapes', reqRecipe, (r, measure) => {
    const text = requirementsOf(r);
    const reader = memoryReader(files);
    const result = measure(`check ${describeReqRecipe(r)}`, ISSUE_BOUNDS, () => checkRequirements(text, { constraints: env, filePath: `${FOLDER}/req.txt`, readFile: reader.read, dagFolder: DAG_FOLDER }));
    assertRangesInside(text, result.findings.filter((f) => !f.file));
  }, { numRuns: REQ_SHAPES.length * 2 + 24, examples: REQ_SHAPES.flatMap((shape) => [2000, 10_000].map((n) => ({ shape, n }))), describe: describeReqRecipe });
});
