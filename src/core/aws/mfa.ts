/**
 * Asking for an MFA code when a role profile sets `mfa_serial`: what the box says, what it accepts,
 * and one question at a time. After a cancel the profile is not asked again until the user
 * refreshes, so background calls (polling, several regions) cannot reopen the box over and over.
 * The code itself is handed to the SDK only: never logged, kept or shown.
 */
import { UserFacingError } from '../errors';

/** What the SDK's STS accepts as TokenCode: six digits. */
export function validateMfaCode(value: string): string | undefined {
  return /^\d{6}$/.test(value.trim()) ? undefined : 'Enter the 6-digit code your MFA device shows.';
}

export interface MfaQuestion {
  readonly profile: string;
  readonly serial: string;
}

/** The input box's text: names the device (its ARN or serial) and the profile. */
export function mfaPromptText(q: MfaQuestion): { title: string; prompt: string } {
  return { title: `MFA code for AWS profile '${q.profile}'`, prompt: `Code from MFA device ${q.serial.slice(0, 200)}` };
}

export type AskMfaCode = (q: MfaQuestion) => Promise<string | undefined>;

/**
 * Wraps the question: serialised (one box at a time), validated, and refused without asking once
 * the user cancelled for that profile, until `reset()` (an explicit refresh).
 */
export class MfaCodes {
  private readonly cancelled = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly ask: AskMfaCode, private readonly refreshCommand?: string) {}

  provider(profile: string): (serial: string) => Promise<string> {
    return (serial) => {
      const next = this.queue.then(() => this.one({ profile, serial }));
      this.queue = next.catch(() => undefined);
      return next;
    };
  }

  reset(): void {
    this.cancelled.clear();
  }

  private async one(q: MfaQuestion): Promise<string> {
    if (this.cancelled.has(q.profile)) throw this.cancelError(q);
    const code = (await this.ask(q))?.trim();
    if (code === undefined || code === '') {
      this.cancelled.add(q.profile);
      throw this.cancelError(q);
    }
    if (validateMfaCode(code)) throw new UserFacingError(`The MFA code for AWS profile '${q.profile}' must be 6 digits.`);
    return code;
  }

  private cancelError(q: MfaQuestion): UserFacingError {
    return new UserFacingError(
      `No MFA code was entered for AWS profile '${q.profile}' (device ${q.serial.slice(0, 200)}), so its role was not assumed. Refresh to be asked again.`,
      this.refreshCommand ? [{ label: 'Refresh', command: this.refreshCommand }] : [],
    );
  }
}
