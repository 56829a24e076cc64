#!/usr/bin/env node
// Installs what the tests and `npm start` need on a fresh machine, idempotently:
// Debian packages, the project's npm dependencies, and code-server 4.100.3 in a cache folder
// outside the extension's dependency tree (so `vsce package` and our lockfile stay clean).
// Fast when everything is already there: each step checks before it acts.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CODE_SERVER_VERSION = '4.100.3';
const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'ripgrep'];
// Packages inside code-server whose install scripts must run (native modules, ripgrep, the asar
// links). npm >= 11.19 blocks dependency scripts unless listed in `allowScripts`.
const CODE_SERVER_SCRIPTS = [
  'code-server', 'argon2', '@parcel/watcher', '@vscode/deviceid', '@vscode/ripgrep', '@vscode/spdlog',
  '@vscode/windows-process-tree', '@vscode/windows-registry', 'kerberos', 'native-watchdog', 'node-pty',
];

/** @param {...string} parts */
export function cacheDir(...parts) {
  const root = process.env.MWAA_TOOLKIT_CACHE
    || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'mwaa-toolkit');
  return path.join(root, ...parts);
}

export function codeServerBin() {
  return cacheDir(`code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin', 'code-server');
}

/** @param {string} msg */
function log(msg) {
  process.stderr.write(`setup: ${msg}\n`);
}

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {Omit<import('node:child_process').SpawnSyncOptions, 'encoding'> & { quiet?: boolean }} [opts] quiet: output only in the error
 */
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: opts.quiet ? 'pipe' : 'inherit', encoding: 'utf8', ...opts });
  if (r.status !== 0) {
    const out = opts.quiet ? `\n${(r.stdout || '') + (r.stderr || '')}`.slice(-4000) : '';
    throw new Error(`'${cmd} ${args.join(' ')}' failed with exit code ${r.status}${out}`);
  }
  return r;
}

function aptMissing() {
  return APT_PACKAGES.filter((p) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

function ensureApt() {
  const missing = aptMissing();
  if (missing.length === 0) return;
  log(`installing Debian packages: ${missing.join(' ')}`);
  const asRoot = process.getuid?.() === 0;
  const apt = (/** @type {string[]} */ ...args) => run(asRoot ? 'apt-get' : 'sudo', asRoot ? args : ['apt-get', ...args],
    { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, quiet: true });
  apt('update', '-qq');
  apt('install', '-y', '-qq', ...missing);
}

// npm keeps a copy of what it installed in node_modules/.package-lock.json; when every package
// of our lockfile is there at the same version, nothing needs installing.
function npmDepsCurrent() {
  const hidden = path.join(repo, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(hidden)) return false;
  const want = JSON.parse(fs.readFileSync(path.join(repo, 'package-lock.json'), 'utf8')).packages;
  const have = JSON.parse(fs.readFileSync(hidden, 'utf8')).packages;
  return Object.entries(want).every(([key, p]) => key === '' || p.optional || have[key]?.version === p.version);
}

function ensureNpmDeps() {
  if (npmDepsCurrent()) return;
  const fresh = !fs.existsSync(path.join(repo, 'node_modules'));
  log(`installing npm dependencies (npm ${fresh ? 'ci' : 'install'})`);
  run('npm', [fresh ? 'ci' : 'install', '--no-audit', '--no-fund'], { cwd: repo, quiet: true });
}

// @vscode/ripgrep's postinstall downloads from GitHub unless it finds this tarball in its cache.
/** @param {string} tmp */
function seedRipgrepCache(tmp) {
  const dir = path.join(tmp, 'vscode-ripgrep-cache-1.15.11');
  const tarball = path.join(dir, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (fs.existsSync(tarball)) return;
  fs.mkdirSync(dir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(tmp, 'rg-'));
  fs.copyFileSync('/usr/bin/rg', path.join(staging, 'rg'));
  run('tar', ['-C', staging, '-czf', tarball, 'rg'], { quiet: true });
}

/** @param {string} pkgJsonPath */
function allowScripts(pkgJsonPath) {
  const j = JSON.parse(fs.readFileSync(pkgJsonPath, 'utf8'));
  j.allowScripts = Object.fromEntries([...CODE_SERVER_SCRIPTS, 'vscode-extensions'].map((n) => [n, true]));
  fs.writeFileSync(pkgJsonPath, JSON.stringify(j, null, 2));
}

function ensureCodeServer() {
  const dir = cacheDir(`code-server-${CODE_SERVER_VERSION}`);
  const marker = path.join(dir, '.installed');
  if (fs.existsSync(marker) && fs.existsSync(codeServerBin())) return;
  log(`installing code-server ${CODE_SERVER_VERSION} into ${dir} (about a minute, once)`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'mwaa-toolkit-code-server', private: true }));
  allowScripts(path.join(dir, 'package.json'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-cs-'));
  seedRipgrepCache(tmp);
  const env = {
    ...process.env,
    TMPDIR: tmp,
    npm_config_yes: 'true', // node-pty's build runs `npx node-gyp`
    npm_config_unsafe_perm: 'true', // code-server's postinstall refuses to run as root without it
    npm_config_user_agent: `npm/${execFileSync('npm', ['-v'], { encoding: 'utf8' }).trim()} node/${process.version} linux x64`,
  };
  // Scripts off for the first pass: code-server's postinstall runs nested `npm install`s whose
  // own package.json files need `allowScripts` before they start.
  run('npm', ['install', `code-server@${CODE_SERVER_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, env, quiet: true });
  const cs = path.join(dir, 'node_modules', 'code-server');
  allowScripts(path.join(cs, 'lib', 'vscode', 'package.json'));
  allowScripts(path.join(cs, 'lib', 'vscode', 'extensions', 'package.json'));
  run('npm', ['rebuild', 'argon2'], { cwd: dir, env, quiet: true });
  run('sh', ['./postinstall.sh'], { cwd: cs, env, quiet: true });
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.writeFileSync(marker, new Date().toISOString());
}

export function setup({ codeServer = true } = {}) {
  const t0 = Date.now();
  ensureApt();
  ensureNpmDeps();
  if (codeServer) ensureCodeServer();
  log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    setup({ codeServer: !process.argv.includes('--no-code-server') });
  } catch (err) {
    process.stderr.write(`setup failed: ${/** @type {Error} */ (err).message}\n`);
    process.exit(1);
  }
}
