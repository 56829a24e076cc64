/**
 * The one test of a region code, for every region the extension takes: settings, environment
 * keys, binding proposals, profiles and each client the factory builds. The SDK pastes the region
 * into host names (`api.airflow.REGION.amazonaws.com`), so a value such as `attacker.example/x#`
 * would send signed requests to another host; only plain region codes pass. No SDK import: the
 * settings parser uses this at activation.
 */
import { UserFacingError } from '../errors';

const REGION_CODE = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** `us-east-1`, `eu-west-1`, `us-gov-west-1`, `cn-north-1`…: lowercase words and a digit, dash-separated. */
export function isRegionCode(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 32 && REGION_CODE.test(value);
}

/** A value as messages quote it: JSON-quoted and cut short (it may be anything a workspace wrote). */
export function quoteRegion(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

/**
 * `region` when it is a region code; else a UserFacingError naming the value and, when known,
 * where it came from ("the region of AWS profile 'dev'").
 */
export function requireRegionCode(region: string, source?: string): string {
  if (isRegionCode(region)) return region;
  throw new UserFacingError(
    `Refusing to call AWS in region ${quoteRegion(region)}${source ? ` (${source})` : ''}: it is not a region code such as "eu-west-1". Fix it there, then refresh.`,
  );
}
