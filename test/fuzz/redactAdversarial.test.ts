/**
 * The redactor on adversarial log lines (issue #13): every log line and error message goes
 * through it, and one CloudWatch event may be 256 KB, so a line of repeated fragments that make a
 * pattern backtrack (JWT-like dots, console-SSO URLs, schemes, userinfo separators) must still
 * be redacted in under 1 s.
 */
import { after, test } from 'node:test';
import fc from 'fast-check';
import { redact } from '../../src/core/redact';
import { checkProperty, ISSUE_BOUNDS, stopWatchdog } from './fuzzHarness';

after(stopWatchdog);

const FRAGMENTS = [
  'eyJaaaaa.', 'eyJhbGciOi.eyJzdWIi.', 'aws-console-sso?', 'https://', 'a://', 'a:', '@', ':@', 'token=', '?token=&', 'Bearer ',
  'Authorization: ', '{"password": ', '"secret":"', 'AKIA', 'x://a:b@', '%', 'session=', ' ', 'a', '=', '&sig=', 'X-Amz-Signature=',
];
const MAX_CHARS = 256 * 1024;

interface Line {
  readonly fragments: readonly string[];
  readonly chars: number;
}

const line: fc.Arbitrary<Line> = fc.record({
  fragments: fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 3 }),
  chars: fc.oneof(fc.constant(MAX_CHARS), fc.integer({ min: 1, max: MAX_CHARS })),
});

function textOf({ fragments, chars }: Line): string {
  const unit = fragments.join('');
  return unit.repeat(Math.max(1, Math.floor(chars / unit.length)));
}

const describeLine = (l: Line) => `${JSON.stringify(l.fragments.join(''))} repeated to ${l.chars} characters`;

test('fuzz: redact on 256 KB adversarial lines, each under 1 s', (t) => {
  checkProperty(t, 'redact, adversarial lines', line, (l, measure) => {
    const text = textOf(l);
    measure(`redact ${describeLine(l)}`, ISSUE_BOUNDS, () => redact(text));
  }, { numRuns: FRAGMENTS.length + 30, describe: describeLine, examples: FRAGMENTS.map((f) => ({ fragments: [f], chars: MAX_CHARS })) });
});
