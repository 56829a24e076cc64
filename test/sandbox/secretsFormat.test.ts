/**
 * Connection secrets as the extension writes and reads them agree with real Airflow 2 and 3 (and
 * the Amazon provider each pins): a URI or JSON written from fields is the connection Airflow
 * builds, formatConnectionSecret's URI is Airflow's own get_uri(), and parseConnectionSecret reads
 * hand-written secrets as Airflow does.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ensureAirflow } from '../../sandbox/src/airflow';
import { formatConnectionSecret, parseConnectionSecret, type ConnectionFields } from '../../src/core/secrets/connectionFormat';

const SCRIPT = path.resolve(__dirname, '../../../sandbox/python/checks/connection_agreement.py');

const FIELDS: ConnectionFields[] = [
  { connType: 'postgres', host: 'db.example.com', login: 'etl user', password: 'p@ss:w/rd?#1 x+y%z', port: 5432, schema: 'sales/eu' },
  { connType: 'google_cloud_platform', extra: { project: 'p-1', key_path: '/keys/a b.json' } },
  { connType: 'http', host: 'https://api.example.com', login: 'bot', extra: { headers: { 'X-A': 1 }, verify: false } },
  { connType: 'redis', port: 6379 },
  { connType: 'mysql', host: 'h', password: 'pässwörd€' },
  { connType: 'aws', extra: { region_name: 'eu-west-1', role_arn: 'arn:aws:iam::123456789012:role/x' } },
  { connType: 'http', host: 'h', extra: { timeout: '5', verify: 'true' } },
  { connType: 'ssh', host: 'bastion', login: 'ec2-user', port: 22, schema: 'x' },
];

const URIS = [
  'postgresql://Us+er:pw@DB.Example.com:5432/Sales?a=1&a=2&b=',
  'mysql://user:p%40ss@host/db',
  'aws://?region_name=eu-west-1&role_arn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fx',
  'http://https://api.example.com:8443/v1',
  'redis://:s3cret@localhost:6379/0',
  'spark://spark-master:7077?deploy-mode=cluster&retries=3&verify=true&opts=%7B%22a%22%3A1%7D',
  'sqlite://%2Ftmp%2Fdb.sqlite',
  'google-cloud-platform://?__extra__=%7B%22a%22%3A+%7B%22b%22%3A+1%7D%7D',
];

const JSONS = [
  JSON.stringify({ conn_type: 'postgres', login: 'u', password: 'p', host: 'h', port: 5432, schema: 'd', extra: { sslmode: 'require' } }),
  JSON.stringify({ engine: 'mysql', username: 'u', pass: 'p', server: 'h', port: '3306', database: 'd' }),
  JSON.stringify({ conn_type: 'aws', extra: '{"region_name": "us-east-1"}' }),
];

interface AirflowConn { conn_type: string | null; host: string | null; login: string | null; password: string | null; schema: string | null; port: number | null; extra: Record<string, unknown> }

/** Airflow's view in ours: None and "" are "not set", no extra is {}. */
function fromAirflow(c: AirflowConn): ConnectionFields {
  const f: ConnectionFields = { connType: c.conn_type ?? '' };
  for (const k of ['host', 'login', 'password', 'schema'] as const) if (c[k]) f[k] = c[k]!;
  if (c.port) f.port = c.port;
  if (Object.keys(c.extra).length) f.extra = c.extra;
  return f;
}

function airflow(python: string, cases: unknown[]): Promise<Array<AirflowConn | { uri: string } | { error: string }>> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-secrets-format-'));
  return new Promise((resolve, reject) => {
    execFile(python, [SCRIPT, JSON.stringify(cases)], {
      env: { PATH: process.env.PATH, HOME: home, AIRFLOW_HOME: home, AIRFLOW__CORE__LOAD_EXAMPLES: 'False', AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: `sqlite:///${home}/a.db` },
      timeout: 120_000, maxBuffer: 4 * 1024 * 1024,
    }, (err, stdout, stderr) => {
      fs.rmSync(home, { recursive: true, force: true });
      if (err) reject(new Error(`${err.message}\n${stderr.slice(-2000)}`));
      else resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as never);
    });
  });
}

for (const major of [2, 3] as const) {
  describe(`connection secrets agree with real Airflow ${major}`, { timeout: 5 * 60_000 }, () => {
    it('written secrets (URI and JSON) are the connections Airflow builds; our URI is get_uri()\'s; hand-written ones read alike', async () => {
      const venv = await ensureAirflow(major);
      const provider = fs.readdirSync(path.join(venv.dir, 'lib', 'python3.12', 'site-packages'))
        .map((n) => /^apache_airflow_providers_amazon-(.+)\.dist-info$/.exec(n)?.[1]).find(Boolean)!;
      const cases = [
        ...FIELDS.map((f) => ({ uri: formatConnectionSecret(f, 'uri') })),
        ...FIELDS.map((f) => ({ json: formatConnectionSecret(f, 'json') })),
        ...FIELDS.map((f) => ({ fields: f })),
        ...URIS.map((uri) => ({ uri })),
        ...JSONS.map((json) => ({ json })),
      ];
      const out = await airflow(venv.python, cases);
      let i = 0;
      for (const f of FIELDS) assert.deepEqual(fromAirflow(out[i++] as AirflowConn), f, `URI of ${JSON.stringify(f)}`);
      for (const f of FIELDS) assert.deepEqual(fromAirflow(out[i++] as AirflowConn), f, `JSON of ${JSON.stringify(f)}`);
      for (const f of FIELDS) {
        const theirs = (out[i++] as { uri: string }).uri;
        // get_uri() flattens "5" into timeout=5, which Airflow 3 reads back as the number 5: we keep
        // such extras in __extra__ (the first loop shows both majors read them back as strings).
        if (Object.values(f.extra ?? {}).some((v) => typeof v === 'string' && /^(\d+|true|false|null)$/.test(v))) assert.match(formatConnectionSecret(f, 'uri'), /__extra__=/);
        else assert.equal(formatConnectionSecret(f, 'uri'), theirs, `get_uri of ${JSON.stringify(f)}`);
      }
      for (const text of [...URIS, ...JSONS]) {
        const ours = parseConnectionSecret(text, provider, { airflowMajor: major });
        assert.ok(!('error' in ours), `${text}: ${'error' in ours ? ours.error : ''}`);
        assert.deepEqual(ours.fields, fromAirflow(out[i++] as AirflowConn), text);
      }
    });
  });
}
