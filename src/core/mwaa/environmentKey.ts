/**
 * Identifies an environment across refreshes, polls, bindings and features: JSON
 * [profile, region, name]. Built and parsed only here.
 */
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

/** The parts of a key, or undefined when the text is not exactly three non-empty strings. */
export function parseEnvironmentKey(key: string): EnvironmentKeyParts | undefined {
  if (typeof key !== 'string' || key.length > MAX_KEY_LENGTH) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(key);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((p) => typeof p === 'string' && p !== '')) return undefined;
  const [profile, region, name] = parsed as [string, string, string];
  return { profile, region, name };
}
