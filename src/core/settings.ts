/**
 * The extension's settings as one typed object. Parsing is pure so it is tested without the
 * editor; the host reads raw values from the configuration API and hands them here.
 */
import { isRegionCode, quoteRegion } from './aws/region';
import type { RuleLevelEntry } from './lint/suppression/findingControl';
import { isSelector, parseSelector, quoteShort, RULE_LEVELS, type RuleLevel } from './lint/suppression/ruleSelectors';

export interface EndpointOverrides {
  /** MWAA control plane and environment API (sandbox, LocalStack). */
  readonly mwaa?: string;
  readonly s3?: string;
  readonly logs?: string;
  readonly secretsManager?: string;
  readonly iam?: string;
  readonly kms?: string;
  readonly sts?: string;
}

/** The `mwaa.endpoints` keys, one per service a client is made for. */
export const ENDPOINT_SERVICES = ['mwaa', 's3', 'logs', 'secretsManager', 'iam', 'kms', 'sts'] as const;

export interface Settings {
  /** Regions to list environments in; empty means each profile's own region. */
  readonly regions: readonly string[];
  /** Endpoint overrides; machine-scoped so a workspace cannot redirect calls. */
  readonly endpoints: EndpointOverrides;
}

export const DEFAULT_SETTINGS: Settings = { regions: [], endpoints: {} };

/** Reads one setting by its key below `mwaa.`; returns undefined when unset. */
export type RawSettingReader = (key: string) => unknown;

/** A setting that had a value of the wrong shape: reported to the user, the default used instead. */
export interface SettingProblem {
  readonly key: string;
  readonly message: string;
}

export function parseSettings(read: RawSettingReader): { settings: Settings; problems: SettingProblem[] } {
  const problems: SettingProblem[] = [];
  return {
    settings: { regions: parseRegions(read('regions'), problems), endpoints: parseEndpoints(read('endpoints'), problems) },
    problems,
  };
}

function parseRegions(raw: unknown, problems: SettingProblem[]): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problems.push({ key: 'mwaa.regions', message: 'must be a list of region codes such as ["us-east-1"]' });
    return [];
  }
  const regions: string[] = [];
  for (const r of raw) {
    if (typeof r === 'string' && isRegionCode(r.trim())) {
      if (!regions.includes(r.trim())) regions.push(r.trim());
    } else {
      problems.push({ key: 'mwaa.regions', message: `ignored ${JSON.stringify(r)}: not a region code such as "eu-west-1"` });
    }
  }
  return regions;
}

function parseEndpoints(raw: unknown, problems: SettingProblem[]): EndpointOverrides {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ key: 'mwaa.endpoints', message: 'must be an object like {"mwaa": "http://127.0.0.1:4566"}' });
    return {};
  }
  const out: Record<string, string> = {};
  for (const [service, url] of Object.entries(raw as Record<string, unknown>)) {
    if (!(ENDPOINT_SERVICES as readonly string[]).includes(service)) {
      problems.push({ key: `mwaa.endpoints.${service}`, message: `unknown service; use one of ${ENDPOINT_SERVICES.map((s) => `"${s}"`).join(', ')}` });
    } else if (typeof url !== 'string' || !isHttpUrl(url)) {
      problems.push({ key: `mwaa.endpoints.${service}`, message: `ignored ${JSON.stringify(url)}: not an http(s) URL` });
    } else {
      out[service] = url.replace(/\/+$/, '');
    }
  }
  return out;
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * `mwaa.profiles`: trimmed non-empty names. Read from user settings only (see the host's
 * USER_ONLY_SETTINGS): a cloned repository must not choose which AWS accounts get called.
 */
export function parseProfiles(raw: unknown): string[] {
  return Array.isArray(raw) ? raw.filter((p): p is string => typeof p === 'string' && p.trim() !== '').map((p) => p.trim()) : [];
}

/** A number of seconds within [min, max], else the default. */
export function parseSeconds(raw: unknown, fallback: number, min: number, max: number): number {
  return typeof raw === 'number' && Number.isFinite(raw) ? Math.min(max, Math.max(min, raw)) : fallback;
}

/** The `mwaa.sync.*` settings of one folder. None can send an upload elsewhere: the binding decides that. */
export interface SyncSettings {
  /** Upload a file under a bound folder when it is saved. */
  readonly uploadOnSave: boolean;
  /** gitignore-style globs, relative to the bound folder, never uploaded. */
  readonly exclude: readonly string[];
  /** After uploading a DAG file, follow it until Airflow has parsed it (polls the Airflow API). */
  readonly trackVisibility: boolean;
}

export function parseSyncSettings(read: RawSettingReader): SyncSettings {
  const exclude = read('exclude');
  return {
    uploadOnSave: read('uploadOnSave') !== false,
    exclude: Array.isArray(exclude) ? exclude.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : [],
    trackVisibility: read('trackVisibility') !== false,
  };
}

/** A non-empty trimmed string, else undefined (`mwaa.diagnostics.airflowVersion`). */
export function parseOptionalText(raw: unknown): string | undefined {
  return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined;
}

/** What a folder's `mwaa.proposedBinding` may say: an environment by name, optionally profile and region. */
export interface ProposedBinding {
  readonly environment: string;
  readonly profile?: string;
  readonly region?: string;
  /** The folder to bind, relative to the workspace folder (`dags`); unset: its `dags/` when there is one. */
  readonly folder?: string;
  /**
   * Why the proposal cannot be offered (a region that is not a region code); the bad value itself
   * is left out of `region`, so nothing downstream can call AWS with it.
   */
  readonly problem?: string;
}

/** A proposed folder must stay inside the workspace folder: relative, no `..`, bounded. */
function proposedFolderProblem(folder: unknown): string | undefined {
  if (typeof folder !== 'string' || !folder.trim()) return 'its folder is not a folder name such as "dags"';
  const f = folder.replace(/\\/g, '/');
  if (f.length > 256 || /[\0-\x1f]/.test(f)) return 'its folder is not a plain relative path';
  if (f.startsWith('/') || /^[a-zA-Z]:/.test(f) || f.split('/').includes('..')) {
    return `its folder ${JSON.stringify(f.slice(0, 80))} leaves the workspace folder (use a path inside it, such as "dags")`;
  }
  return undefined;
}

export function parseProposedBinding(raw: unknown): ProposedBinding | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const { environment, profile, region, folder } = raw as Record<string, unknown>;
  if (typeof environment !== 'string' || !environment) return undefined;
  const folderProblem = folder === undefined ? undefined : proposedFolderProblem(folder);
  const named: ProposedBinding = {
    environment,
    ...(typeof profile === 'string' && profile ? { profile } : {}),
    ...(typeof folder === 'string' && !folderProblem ? { folder: folder.replace(/\\/g, '/').replace(/^(\.\/)+|\/+$/g, '') || '.' } : {}),
  };
  if (folderProblem) return { ...named, problem: folderProblem };
  if (typeof region === 'string' && region && !isRegionCode(region)) {
    return { ...named, problem: `its region ${quoteRegion(region)} is not an AWS region code such as "eu-west-1"` };
  }
  return { ...named, ...(typeof region === 'string' && region ? { region } : {}) };
}

/** Whose AIR3xx findings show when ruff's configuration selects them too (`mwaa.diagnostics.ruffOverlap`). */
export type RuffOverlap = 'leaveToRuff' | 'keepBoth';

/** The `mwaa.diagnostics.*` switches of one folder. */
export interface DiagnosticsSettings {
  /** Off: no MWAA diagnostics at all. */
  readonly enable: boolean;
  /** Level per code or prefix (`{"MWAA004": "off", "REQ": "information"}`); the most specific key wins. */
  readonly rules: readonly RuleLevelEntry[];
  readonly ruffOverlap: RuffOverlap;
}

export const DEFAULT_DIAGNOSTICS_SETTINGS: DiagnosticsSettings = { enable: true, rules: [], ruffOverlap: 'leaveToRuff' };
/** Entries of `mwaa.diagnostics.rules` read at most: far more than there are codes and prefixes. */
export const MAX_RULE_ENTRIES = 200;
// Problems listed per read at most: a huge bad object gives a few lines, not thousands.
const MAX_RULE_PROBLEMS = 10;

/**
 * `mwaa.diagnostics.enable`, `.rules` and `.ruffOverlap` (read relative to `mwaa.diagnostics`). A
 * workspace may set them, so each is checked: a bad entry of `rules` is left out with a problem
 * naming it, the rest still apply; a bad `enable` or `ruffOverlap` keeps the default.
 */
export function parseDiagnosticsSettings(read: RawSettingReader): { settings: DiagnosticsSettings; problems: SettingProblem[] } {
  const problems: SettingProblem[] = [];
  const enable = read('enable');
  if (enable !== undefined && enable !== null && typeof enable !== 'boolean') {
    problems.push({ key: 'mwaa.diagnostics.enable', message: `must be true or false, not ${quoteShort(enable)}; diagnostics stay on` });
  }
  const overlap = read('ruffOverlap');
  const ruffOverlap: RuffOverlap = overlap === 'keepBoth' ? 'keepBoth' : 'leaveToRuff';
  if (overlap !== undefined && overlap !== null && overlap !== 'keepBoth' && overlap !== 'leaveToRuff') {
    problems.push({ key: 'mwaa.diagnostics.ruffOverlap', message: `must be "leaveToRuff" or "keepBoth", not ${quoteShort(overlap)}; using "leaveToRuff"` });
  }
  return { settings: { enable: enable !== false, rules: parseRuleLevels(read('rules'), problems), ruffOverlap }, problems };
}

function parseRuleLevels(raw: unknown, problems: SettingProblem[]): RuleLevelEntry[] {
  const key = 'mwaa.diagnostics.rules';
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ key, message: 'must be an object of codes and levels, e.g. {"MWAA004": "off", "REQ006": "information"}' });
    return [];
  }
  const entries: RuleLevelEntry[] = [];
  const bad: string[] = [];
  let seen = 0;
  // for…in stops early: a huge object is never copied into an array of its entries.
  for (const code in raw) {
    if (!Object.prototype.hasOwnProperty.call(raw, code)) continue;
    if (++seen > MAX_RULE_ENTRIES) {
      problems.push({ key, message: `has more than ${MAX_RULE_ENTRIES} entries; the rest are ignored` });
      break;
    }
    const value = (raw as Record<string, unknown>)[code];
    const selector = parseSelector(code);
    if (!isSelector(selector)) bad.push(`ignored ${selector.problem}`);
    else if (typeof value !== 'string' || !(RULE_LEVELS as readonly string[]).includes(value)) {
      bad.push(`ignored ${quoteShort(code)}: ${quoteShort(value)} is not one of ${RULE_LEVELS.join(', ')}`);
    } else entries.push({ selector, value: value as RuleLevel });
  }
  for (const message of bad.slice(0, MAX_RULE_PROBLEMS)) problems.push({ key, message });
  if (bad.length > MAX_RULE_PROBLEMS) problems.push({ key, message: `and ${bad.length - MAX_RULE_PROBLEMS} more bad entries` });
  return entries;
}
