/**
 * Property tests for issue #13: a random secret in any of the forms of redactForms.ts never comes
 * out of the redactor, whether the form stands in plain text, in a JSON string or in an error.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { redact, redactValue } from '../../src/core/redact';
import { SECRET_FORMS, type SecretForm } from './redactForms';

function assertRedacted(out: string, expected: string, f: SecretForm): void {
  assert.ok(!out.includes(f.secret) || expected.includes(f.secret), `${f.form}: the secret leaked: ${out}`);
  assert.equal(out, expected, f.form);
}

for (const [label, form] of SECRET_FORMS) {
  test(`the secret never survives: ${label}`, () => {
    fc.assert(
      fc.property(form, (f) => {
        assertRedacted(redact(f.input), f.expected, f);
        assertRedacted(redactValue(new Error(f.input)), `Error: ${f.expected}`, f);
        // Inside a JSON string (a logged object's field that is not itself secret-named).
        assertRedacted(redactValue({ detail: f.input, ok: true }), JSON.stringify({ detail: f.expected, ok: true }), f);
      }),
      { numRuns: 300 },
    );
  });
}
