/**
 * Identifies an environment across refreshes, polls, bindings and features: JSON
 * [profile, region, name]. Built and parsed only here.
 */
import { isRegionCode, quoteRegion } from '../aws/region';

export interface EnvironmentKeyParts {
  readonly profile: string;
  readonly region: string;
  readonly name: string;
}

export function environmentKey(env: EnvironmentKeyParts): string {
  return JSON.stringify([env.profile, env.region, env.name]);
}

// A key is three short names; anything longer is not one (and is not worth parsing).
const MAX_KEY_LENGTH = 1_000;

/**
 * The parts of a key, or undefined when the text is not exactly three non-empty strings or its
 * region is not a region code (keys also arrive from commands' arguments and workspace proposals).
 */
export function parseEnvironmentKey(key: string): EnvironmentKeyParts | undefined {
  return readEnvironmentKey(key).parts;
}

/**
 * A key read with the reason it is refused: `problem` is set for what has a key's shape (three
 * non-empty strings) but a region that is not a region code, so the caller can say so instead of
 * treating the text as an environment name.
 */
export function readEnvironmentKey(key: string): { readonly parts?: EnvironmentKeyParts; readonly problem?: string } {
  if (typeof key !== 'string' || key.length > MAX_KEY_LENGTH) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(key);
  } catch {
    return {};
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((p) => typeof p === 'string' && p !== '')) return {};
  const [profile, region, name] = parsed as [string, string, string];
  if (!isRegionCode(region)) {
    return { problem: `MWAA environment ${JSON.stringify(name.slice(0, 100))} was named with region ${quoteRegion(region)}, which is not an AWS region code such as "eu-west-1"; nothing was called.` };
  }
  return { parts: { profile, region, name } };
}
