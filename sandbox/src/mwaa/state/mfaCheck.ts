/**
 * What STS checks of AssumeRole's MFA parameters and moto does not: a SerialNumber needs a
 * TokenCode of six digits, and a TokenCode needs a SerialNumber. The sandbox accepts any six
 * digits (there is no device to compare with); `000000` stands for a wrong code, so a test can see
 * the refusal a mistyped code gets.
 */
export const WRONG_MFA_CODE = '000000';

/** The refusal's message, or undefined when the call may go to moto. */
export function checkAssumeRoleMfa(params: URLSearchParams): string | undefined {
  const serial = params.get('SerialNumber');
  const code = params.get('TokenCode');
  if (!serial && !code) return undefined;
  if (!serial) return 'TokenCode requires SerialNumber';
  if (!code || !/^\d{6}$/.test(code) || code === WRONG_MFA_CODE) return 'MultiFactorAuthentication failed with invalid MFA one time pass code.';
  return undefined;
}
