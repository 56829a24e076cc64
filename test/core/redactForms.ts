/**
 * Random secrets embedded in every form the redactor must see through (issue #13), shared by the
 * redactor's and the logger's property tests. Each form gives the text with the secret and the
 * text the redactor must turn it into: the secret gone, the rest of the line kept.
 */
import fc from 'fast-check';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
// What may stand in a URL's userinfo unencoded, `@` and `:` included (pip and git accept both).
const USERINFO = ALNUM + "-._~!$&'()*+,;=:@%";
const QUERY_VALUE = ALNUM + '-._~%+/=';
// Printable ASCII but whitespace, quotes, angle brackets and backslash: what ends a value in prose.
const PROSE = [...Array(94)].map((_, i) => String.fromCharCode(33 + i)).filter((c) => !`"'<>\\`.includes(c)).join('');
const ANY_PRINTABLE = [...Array(95)].map((_, i) => String.fromCharCode(32 + i)).join('');

const chars = (alphabet: string, minLength = 8, maxLength = 48) => fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });

/** The names issue #13 lists (plus the ones handled before), in random letter case. */
export const SECRET_NAMES = [
  'token', 'access_token', 'private_token', 'refresh_token', 'sig', 'X-Goog-Signature', 'X-Goog-Credential',
  'X-Amz-Signature', 'X-Amz-Credential', 'X-Amz-Security-Token', 'password', 'passwd', 'secret', 'client_secret',
  'api_key', 'apikey', 'apiKey', 'sessionToken', 'aws_secret_access_key',
];
const anyCase = (name: string) => fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length })
  .map((upper) => [...name].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(''));
const secretName = fc.constantFrom(...SECRET_NAMES).chain(anyCase);

export interface SecretForm {
  readonly form: string;
  readonly secret: string;
  readonly input: string;
  readonly expected: string;
}

const R = '[redacted]';

/** One arbitrary per form, with a fixed label; `input` holds `secret`, `expected` does not. */
export const SECRET_FORMS: ReadonlyArray<readonly [string, fc.Arbitrary<SecretForm>]> = [
  ['a token as URL userinfo', chars(ALNUM + '_-.~').map((s) => ({
    form: 'token as URL userinfo',
    secret: s,
    input: `cloning https://${s}@git.example/org/repo.git`,
    expected: `cloning https://${R}@git.example/org/repo.git`,
  }))],
  ['a password (with @ and :) in user:password userinfo', fc.tuple(chars('abcdefghijklmnopqrstuvwxyz', 1, 12), chars(USERINFO)).map(([user, s]) => ({
    form: 'user:password URL userinfo',
    secret: s,
    input: `--index-url https://${user}:${s}@pypi.example/simple`,
    expected: `--index-url https://${user}:${R}@pypi.example/simple`,
  }))],
  ['a token as the user of user:password', chars(ALNUM, 20, 48).map((s) => ({
    form: 'token as the user of user:password',
    secret: s,
    input: `https://${s}:x-oauth-basic@github.com/o/r.git`,
    expected: `https://${R}@github.com/o/r.git`,
  }))],
  ['a secret-named query parameter', fc.tuple(secretName, chars(QUERY_VALUE), fc.boolean()).map(([name, s, first]) => ({
    form: `query parameter ${name}`,
    secret: s,
    input: first ? `GET https://h.example/p?${name}=${s}&b=2#top` : `GET https://h.example/p?a=1&${name}=${s}&b=2#top`,
    expected: first ? `GET https://h.example/p?${name}=${R}&b=2#top` : `GET https://h.example/p?a=1&${name}=${R}&b=2#top`,
  }))],
  ['a secret-named key=value in prose', fc.tuple(secretName, chars(PROSE)).map(([name, s]) => ({
    form: `${name}= in prose`,
    secret: s,
    input: `request failed: ${name}=${s} (retrying)`,
    expected: `request failed: ${name}=${R} (retrying)`,
  }))],
  ['a secret-named JSON field', fc.tuple(secretName, chars(ANY_PRINTABLE)).map(([name, s]) => ({
    form: `JSON field ${name}`,
    secret: s,
    input: `body ${JSON.stringify({ [name]: s, region: 'us-east-1' })}`,
    expected: `body ${JSON.stringify({ [name]: R, region: 'us-east-1' })}`,
  }))],
];

export const anySecretForm = fc.oneof(...SECRET_FORMS.map(([, arbitrary]) => arbitrary));
