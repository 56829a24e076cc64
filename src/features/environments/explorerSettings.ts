/**
 * The explorer's own settings (beside the shared `mwaa.regions` / `mwaa.endpoints` in
 * SettingsStore). `mwaa.profiles` counts only from user settings: a cloned repository must not be
 * able to choose which of the user's AWS accounts get called.
 */
import * as vscode from 'vscode';

export interface ExplorerSettings {
  /** Profiles to list; empty: every profile with credentials. */
  readonly profiles: readonly string[];
  /** First delay between status polls of an updating environment (it backs off from there). */
  readonly pollSeconds: number;
}

export function explorerSettings(): ExplorerSettings {
  const config = vscode.workspace.getConfiguration('mwaa');
  const rawProfiles = config.inspect<unknown>('profiles')?.globalValue;
  const profiles = Array.isArray(rawProfiles) ? rawProfiles.filter((p): p is string => typeof p === 'string' && p.trim() !== '').map((p) => p.trim()) : [];
  const rawPoll = config.get<unknown>('environments.pollIntervalSeconds');
  const pollSeconds = typeof rawPoll === 'number' && Number.isFinite(rawPoll) ? Math.min(300, Math.max(1, rawPoll)) : 10;
  return { profiles, pollSeconds };
}
