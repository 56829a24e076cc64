export type AwsSdk = typeof import('./sdk');

let sdk: AwsSdk | undefined;

/**
 * The AWS SDK, loaded on first call. In the bundle `./sdk` resolves to the separate
 * dist/aws-sdk.js (see scripts/build.mjs); under plain node it is the compiled module.
 */
export function loadSdk(): AwsSdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  sdk ??= require('./sdk') as AwsSdk;
  return sdk;
}

/** Whether the SDK has been loaded yet (activation must leave this false). */
export function isSdkLoaded(): boolean {
  return sdk !== undefined;
}
