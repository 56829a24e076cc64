/**
 * The extension's settings as one typed object. Parsing is pure so it is tested without the
 * editor; the host reads raw values from the configuration API and hands them here.
 */
import { isRegionCode, quoteRegion } from './aws/region';

export interface EndpointOverrides {
  /** MWAA control plane and environment API (sandbox, LocalStack). */
  readonly mwaa?: string;
  readonly s3?: string;
  readonly logs?: string;
}

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
    if (!['mwaa', 's3', 'logs'].includes(service)) {
      problems.push({ key: `mwaa.endpoints.${service}`, message: 'unknown service; use "mwaa", "s3" or "logs"' });
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
  /**
   * Why the proposal cannot be offered (a region that is not a region code); the bad value itself
   * is left out of `region`, so nothing downstream can call AWS with it.
   */
  readonly problem?: string;
}

export function parseProposedBinding(raw: unknown): ProposedBinding | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const { environment, profile, region } = raw as Record<string, unknown>;
  if (typeof environment !== 'string' || !environment) return undefined;
  const named = { environment, ...(typeof profile === 'string' && profile ? { profile } : {}) };
  if (typeof region === 'string' && region && !isRegionCode(region)) {
    return { ...named, problem: `its region ${quoteRegion(region)} is not an AWS region code such as "eu-west-1"` };
  }
  return { ...named, ...(typeof region === 'string' && region ? { region } : {}) };
}
