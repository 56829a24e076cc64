import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { TreeSnapshot } from '../../src/features/environments/testSeams';

// Shared by the environments and credential suites: the tree as data, the sandbox's config file edited and restored.
export const tree = (depth = 3) => vscode.commands.executeCommand<TreeSnapshot[]>('_mwaa.environmentsTree', depth);
export const refresh = () => vscode.commands.executeCommand('mwaa.refreshEnvironments');
export const PROFILE = process.env.AWS_PROFILE ?? 'mwaa-sandbox';
export const REGION = process.env.AWS_REGION ?? 'us-east-1';

export function find(nodes: readonly TreeSnapshot[] | undefined, label: string): TreeSnapshot {
  const n = nodes?.find((x) => x.label === label);
  assert.ok(n, `no node '${label}' among ${JSON.stringify(nodes?.map((x) => x.label))}`);
  return n;
}

/** Appends lines to the sandbox's AWS config file for the duration of `body`, then restores it. */
export async function withConfigLines<T>(lines: readonly string[], body: () => Promise<T>): Promise<T> {
  const configFile = process.env.AWS_CONFIG_FILE!;
  const original = fs.readFileSync(configFile, 'utf8');
  fs.appendFileSync(configFile, ['', ...lines, ''].join('\n'));
  // Let the extension's file watcher (500 ms debounce) run its own refresh first, so a test's
  // explicit refresh is the last one.
  await new Promise((r) => setTimeout(r, 1500));
  try {
    return await body();
  } finally {
    fs.writeFileSync(configFile, original);
  }
}

/** Sets environment variables of the extension host (the extension reads the same process.env) for `body`. */
export async function withEnv<T>(vars: Readonly<Record<string, string | undefined>>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (v: Record<string, string | undefined>) => {
    for (const [k, value] of Object.entries(v)) {
      if (value === undefined) delete process.env[k];
      else process.env[k] = value;
    }
  };
  apply(vars);
  try {
    return await body();
  } finally {
    apply(saved);
  }
}
