import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, runBench, runProbe, scratchDir } from './probeRunner';

interface Probe {
  error?: string;
  oursMs: number;
  peerMs: number;
  sdkLoaded: boolean;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Our own activation cost as the extension logs it: bundle evaluation plus the activate() body. */
function ownCostFromLog(scratch: string): { ms: number; detail: string } {
  const logs = path.join(scratch, 'user-data', 'logs');
  const file = (fs.readdirSync(logs, { recursive: true }) as string[]).find((f) => f.endsWith(path.join('mwaa-toolkit.mwaa-toolkit', 'MWAA.log')));
  if (!file) throw new Error(`no MWAA.log under ${logs}`);
  const m = /activated in ([\d.]+) ms \(bundle evaluated in ([\d.]+) ms\)(?: \[([^\]]*)\])?/.exec(fs.readFileSync(path.join(logs, file), 'utf8'));
  if (!m) throw new Error('MWAA.log has no activation line');
  return { ms: Number(m[1]) + Number(m[2]), detail: `bundle ${m[2]}, activate() ${m[1]}${m[3] ? `: ${m[3]}` : ''}` };
}

/** The empty peer as a .vsix (the workbench payload loads only one extension under development). */
function packagePeer(repo: string): string {
  const out = path.join(repo, 'test-output', 'empty-extension.vsix');
  execFileSync(process.execPath, [path.join(repo, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies',
    '--allow-missing-repository', '--skip-license', '-o', out], { cwd: path.join(repo, 'test', 'fixtures', 'empty-extension'), stdio: 'pipe' });
  return out;
}

/**
 * Activation in code-server's real extension host, each sample from a fresh server (so the bundle
 * is read and evaluated cold), against an empty extension activated in the same host (the peer:
 * what VS Code itself costs), plus the production bundle's size.
 */
async function main(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 7);
  const workspace = path.join(REPO, 'test-output', 'bench-workspace');
  const scratch = scratchDir('bench-activate');
  fs.rmSync(workspace, { recursive: true, force: true });
  fs.mkdirSync(workspace, { recursive: true }); // no DAGs, no open view: nothing activates us early
  const peerVsix = packagePeer(REPO);
  const own: number[] = [];
  const ours: number[] = [];
  const peer: number[] = [];
  for (let i = 0; i < runs; i++) {
    const probe = await runProbe<Probe>('activationProbe', {
      installVsix: [peerVsix],
      workspace,
      scratch: 'bench-activate',
      env: { MWAA_BENCH_ORDER: i % 2 ? 'peer-first' : 'ours-first', MWAA_BENCH_LOGS: path.join(scratch, 'user-data', 'logs') },
      timeoutMs: 120_000,
    });
    if (probe.sdkLoaded) throw new Error('activation loaded the AWS SDK bundle');
    const cost = ownCostFromLog(scratch);
    own.push(cost.ms);
    ours.push(probe.oursMs);
    peer.push(probe.peerMs);
    process.stderr.write(`  start ${i + 1}/${runs}: own ${own.at(-1)!.toFixed(1)} ms; ext.activate() ours ${probe.oursMs.toFixed(1)} ms, empty peer ${probe.peerMs.toFixed(1)} ms (${cost.detail})\n`);
  }
  const kb = (f: string) => fs.statSync(path.join(REPO, 'dist', f)).size / 1024;
  const m = median(own);
  process.stdout.write(`own activation cost (bundle evaluation + activate()), median of ${runs} fresh starts: ${m.toFixed(1)} ms (target < 30 ms)\n`);
  process.stdout.write(`ext.activate() end to end, median: ours ${median(ours).toFixed(1)} ms vs empty extension ${median(peer).toFixed(1)} ms (ratio ${(median(ours) / median(peer)).toFixed(2)})\n`);
  process.stdout.write(`bundles: dist/extension.js ${kb('extension.js').toFixed(1)} KB (target < 1024 KB); dist/aws-sdk.js ${kb('aws-sdk.js').toFixed(0)} KB, loaded on first AWS call\n`);
  process.stdout.write(`activate: median_ms=${m.toFixed(1)} bundle_kb=${kb('extension.js').toFixed(1)}\n`);
}

runBench('activate', main);
