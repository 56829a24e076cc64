/**
 * The extension's settings as one typed object. Parsing is pure so it is tested without the
 * editor; the host reads raw values from the configuration API and hands them here.
 */

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

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

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
    if (typeof r === 'string' && REGION.test(r.trim())) {
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
