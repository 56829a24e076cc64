import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nonPublicRange, publicUrlPolicy, urlForLog } from '../../../src/core/net/publicUrl';

const UPSTREAM = 'https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt';

function refused(url: string, addresses?: readonly string[]): string {
  const verdict = publicUrlPolicy(url, addresses);
  assert.equal(verdict.allowed, false, `${url} ${addresses?.join(',') ?? ''} was allowed`);
  return verdict.allowed ? '' : verdict.reason;
}

test('an https URL on a public host is allowed, with or without its resolved addresses', () => {
  for (const [url, addresses] of [
    [UPSTREAM, undefined],
    [UPSTREAM, ['185.199.108.133', '2606:50c0:8000::154']],
    ['https://93.184.216.34/c.txt', undefined],
    ['https://[2606:4700::1111]/c.txt', undefined],
    ['https://files.example.org:8443/c.txt?v=1', ['8.8.8.8']],
    // DNS64 on an IPv6-only network: the NAT64 form of a public IPv4 address.
    ['https://files.example.org/c.txt', ['64:ff9b::5db8:d822']],
  ] as const) {
    const verdict = publicUrlPolicy(url, addresses);
    assert.equal(verdict.allowed, true, `${url}: ${verdict.allowed ? '' : verdict.reason}`);
  }
});

test('only https: http, ftp, file and non-URLs are refused with the reason', () => {
  assert.match(refused('http://raw.githubusercontent.com/x.txt'), /only https URLs are fetched, not http/);
  assert.match(refused('ftp://files.example.org/x.txt'), /not ftp/);
  assert.match(refused('file:///etc/passwd'), /not file/);
  assert.match(refused('constraints.txt'), /not a valid URL/);
});

test('a URL with credentials is refused, and the reason does not repeat them', () => {
  const reason = refused('https://user:hunter2@files.example.org/c.txt');
  assert.match(reason, /credentials/);
  assert.doesNotMatch(reason, /hunter2/);
});

test('IP literals in non-public ranges are refused, the metadata addresses first of all', () => {
  const cases: [string, RegExp][] = [
    ['https://169.254.169.254/latest/meta-data/', /link-local/],
    ['https://[fd00:ec2::254]/latest/meta-data/', /unique-local/],
    ['https://127.0.0.1/', /loopback/],
    ['https://127.8.9.10/', /loopback/],
    ['https://[::1]/', /loopback/],
    ['https://10.1.2.3/', /private/],
    ['https://172.16.0.1/', /private/],
    ['https://172.31.255.255/', /private/],
    ['https://192.168.1.1/', /private/],
    ['https://100.64.0.1/', /shared/],
    ['https://0.0.0.0/', /unspecified/],
    ['https://[::]/', /unspecified/],
    ['https://[fe80::1]/', /link-local/],
    ['https://[fec0::1]/', /site-local/],
    ['https://224.0.0.1/', /multicast/],
    ['https://[ff02::1]/', /multicast/],
    ['https://255.255.255.255/', /reserved/],
    ['https://[2001:db8::1]/', /documentation/],
    // The same addresses in disguise: IPv4-mapped, NAT64, 6to4, hex and single-number IPv4.
    ['https://[::ffff:169.254.169.254]/', /link-local/],
    ['https://[::ffff:7f00:1]/', /loopback/],
    ['https://[64:ff9b::a9fe:a9fe]/', /link-local/],
    ['https://[2002:a9fe:a9fe::1]/', /link-local/],
    ['https://0xa9.254.169.254/', /link-local/],
    ['https://2130706433/', /loopback/],
  ];
  for (const [url, reason] of cases) assert.match(refused(url), reason, url);
});

test('local and single-label host names are refused', () => {
  for (const url of ['https://localhost/c.txt', 'https://LocalHost./c.txt', 'https://api.localhost/c.txt', 'https://printer.local/c.txt',
    'https://metadata.google.internal/computeMetadata/v1/', 'https://router.home.arpa/', 'https://metadata/c.txt', 'https://intranet/c.txt']) {
    assert.match(refused(url), /local name|not a fully qualified/, url);
  }
});

test('a host name resolving to any non-public address is refused, naming that address', () => {
  assert.match(refused('https://evil.example/c.txt', ['93.184.216.34', '169.254.169.254']), /evil\.example resolves to 169\.254\.169\.254, a link-local/);
  assert.match(refused('https://evil.example/c.txt', ['fd00:ec2::254']), /unique-local/);
  assert.match(refused('https://evil.example/c.txt', ['::ffff:10.0.0.1']), /private/);
  assert.match(refused('https://evil.example/c.txt', ['127.0.0.1']), /loopback/);
  assert.match(refused('https://evil.example/c.txt', []), /did not resolve/);
  assert.match(refused('https://evil.example/c.txt', ['not-an-ip']), /not an IP address/);
});

test('range boundaries: the neighbours of the private ranges are public', () => {
  for (const address of ['172.15.255.255', '172.32.0.0', '100.63.255.255', '100.128.0.0', '169.253.255.255', '169.255.0.0',
    '9.255.255.255', '11.0.0.0', '192.167.255.255', '192.169.0.0', '126.255.255.255', '128.0.0.0', '223.255.255.255',
    '::ffff:8.8.8.8', '2a00:1450:4001:81b::200e', '2606:4700:4700::1111', '[2606:4700::1111]', '2600::1%eth0']) {
    assert.equal(nonPublicRange(address), undefined, address);
  }
  for (const address of ['1.2.3.256', '1.2.3', '::1::2', '12345::', 'fe80::1%eth0', '4000::1', '100::1']) {
    assert.notEqual(nonPublicRange(address), undefined, address);
  }
});

test('the loggable form of a URL keeps scheme, host and path, never userinfo, query or fragment', () => {
  assert.equal(urlForLog('https://u:p4ss@files.example.org:8443/a/c.txt?token=abc&x=1#frag'), 'https://files.example.org:8443/a/c.txt?…');
  assert.equal(urlForLog(UPSTREAM), UPSTREAM);
  assert.equal(urlForLog('::not a url token=abc'), '(not a valid URL)');
});
