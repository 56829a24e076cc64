/**
 * `node out/sandbox/src/main.js` as `npm run sandbox` runs it: exports, the ready line, a plain SDK
 * script fed only those exports, and a SIGTERM that leaves no process behind.
 */
import * as assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';

const REPO = path.resolve(__dirname, '../../..');
const MAIN = path.join(REPO, 'out/sandbox/src/main.js');

/** Processes whose working directory is inside `dir` (Airflow and its children run in their home). */
function processesUnder(dir: string): number[] {
  const pids: number[] = [];
  for (const p of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      if (fs.readlinkSync(`/proc/${p}/cwd`).startsWith(dir)) pids.push(Number(p));
    } catch { /* gone or not ours */ }
  }
  return pids;
}

describe('npm run sandbox (main.js)', { timeout: 10 * 60_000 }, () => {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-sandbox-main-'));
  let child: ChildProcess | undefined;
  after(async () => {
    // SIGTERM lets main.js stop its children (a SIGKILL would orphan Airflow); SIGKILL only as a last resort.
    if (child?.pid && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    fs.rmSync(runDir, { recursive: true, force: true });
  });

  it('prints exports then "sandbox ready in <s>s", serves a plain script, and stops everything on SIGTERM', async () => {
    child = spawn(process.execPath, [MAIN, '--run-dir', runDir], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, HOME: process.env.HOME } });
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    await new Promise<void>((resolve, reject) => {
      child!.stdout!.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (/^sandbox ready in [\d.]+s$/m.test(stdout)) resolve();
      });
      child!.on('exit', (code) => reject(new Error(`main.js exited ${code}:\n${stderr}`)));
    });
    const lines = stdout.trim().split('\n');
    assert.match(lines.at(-1)!, /^sandbox ready in \d+(\.\d)?s$/);
    const exports: Record<string, string> = {};
    for (const l of lines.slice(0, -1)) {
      const m = /^export ([A-Z0-9_]+)=(.*)$/.exec(l);
      assert.ok(m, `not an export line: ${l}`);
      exports[m[1]!] = m[2]!.replace(/^'(.*)'$/, '$1');
    }
    for (const k of ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'AWS_ENDPOINT_URL_MWAA', 'AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS']) {
      assert.ok(exports[k], `${k} exported`);
    }
    assert.ok(exports.AWS_CONFIG_FILE!.startsWith(runDir), 'scratch config in the run folder, never ~/.aws');

    const script = `
      const { MWAAClient, ListEnvironmentsCommand, GetEnvironmentCommand } = require('@aws-sdk/client-mwaa');
      const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');
      const { CloudWatchLogsClient, FilterLogEventsCommand } = require('@aws-sdk/client-cloudwatch-logs');
      (async () => {
        const mwaa = new MWAAClient({});
        const names = (await mwaa.send(new ListEnvironmentsCommand({}))).Environments;
        const env = (await mwaa.send(new GetEnvironmentCommand({ Name: 'sandbox-af2' }))).Environment;
        const put = await new S3Client({}).send(new PutObjectCommand({ Bucket: 'airflow-sandbox-af2', Key: 'dags/hello.py', Body: '# hi' }));
        const ev = await new CloudWatchLogsClient({}).send(new FilterLogEventsCommand({ logGroupName: 'airflow-sandbox-af2-Scheduler' }));
        console.log(JSON.stringify({ names, version: env.AirflowVersion, put: !!put.VersionId, events: ev.events.length }));
      })().catch((e) => { console.error(e.name, e.message); process.exit(1); });`;
    const out = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['-e', script], { cwd: REPO, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...exports }, timeout: 60_000 },
        (err, so, se) => (err ? reject(new Error(`${err.message}\n${se}`)) : resolve(so)));
    });
    const result = JSON.parse(out) as { names: string[]; version: string; put: boolean; events: number };
    assert.deepEqual(result.names, ['sandbox-af2', 'sandbox-af3']);
    assert.match(result.version, /^2\.11\./);
    assert.equal(result.put, true);

    assert.ok(processesUnder(runDir).length > 0, 'Airflow runs inside the run folder');
    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.deepEqual(processesUnder(runDir), [], 'no process left in the run folder');
    await assert.rejects(fetch(`${exports.AWS_ENDPOINT_URL_MWAA}/environments`), 'the emulator is closed');
  });
});
