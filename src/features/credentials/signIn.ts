/**
 * `MWAA: Sign In to IAM Identity Center (SSO)…`: the device authorization flow for one SSO
 * profile (the tree's Sign In action passes it; the palette asks). The verification page opens in
 * the browser, the code shows in a notification with Copy, the wait can be cancelled, and the
 * token goes only into the AWS CLI's cache file, after which the environments are listed again.
 */
import * as vscode from 'vscode';
import { resolveCredentialChain } from '../../core/aws/credentials';
import { signInWithDeviceFlow } from '../../core/aws/deviceFlow';
import { readProfiles, type AwsProfile } from '../../core/aws/profiles';
import { ssoTargetOf } from '../../core/aws/ssoCache';
import { fetchOidcApi, oidcEndpoint } from '../../core/aws/ssoOidc';
import { UserFacingError } from '../../core/errors';
import type { Services } from '../../services/services';

export const SIGN_IN_PROMPTS = { profile: 'credentials.ssoProfile' } as const;

export interface SignInResult {
  readonly profile: string;
  /** The cache file written (the token is in it, and nowhere else). */
  readonly cacheFile: string;
  readonly expiresAt: string;
  /** The verification page opened (its host and path, never a token). */
  readonly verificationUri: string;
}

const MAX_PROFILE_NAME = 200;

export async function signInCommand(services: Services, arg: unknown): Promise<SignInResult | undefined> {
  services.trust.require();
  const catalog = await readProfiles({ ignoreCache: true });
  const chosen = await chooseProfile(services, catalog.profiles, arg);
  if (!chosen) return undefined;
  // A role profile whose source_profile chain ends at an SSO profile signs in there.
  const chain = chosen.kind === 'role' ? resolveCredentialChain(catalog, chosen.name).profiles : [chosen.name];
  const profile = catalog.profiles.find((p) => p.name === chain[chain.length - 1]) ?? chosen;
  const target = ssoTargetOf(profile);
  const api = fetchOidcApi(oidcEndpoint(target.ssoRegion));
  let verificationUri = '';
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t("Signing in to IAM Identity Center for profile '{0}'", profile.name), cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      try {
        return await signInWithDeviceFlow(api, target, {
          signal: abort.signal,
          onAuthorization: async (auth) => {
            verificationUri = auth.verificationUri;
            progress.report({ message: vscode.l10n.t('approve code {0} in the browser…', auth.userCode) });
            services.logger.info(`SSO sign-in for profile ${profile.name}: verification page ${auth.verificationUri} opened`);
            void showCode(auth.userCode);
            await vscode.env.openExternal(vscode.Uri.parse(auth.verificationUriComplete, true));
          },
        });
      } finally {
        sub.dispose();
      }
    },
  );
  services.logger.info(`SSO sign-in for profile ${profile.name} done; session valid until ${result.expiresAt}`);
  void vscode.window.showInformationMessage(vscode.l10n.t("Signed in: AWS profile '{0}' can be used until {1}.", profile.name, result.expiresAt.replace('T', ' ').replace('Z', ' UTC')));
  if (services.environmentsLoaded) void services.environments.refresh({ rereadProfiles: true });
  return { profile: profile.name, cacheFile: result.file, expiresAt: result.expiresAt, verificationUri };
}

/** The code the browser asks to confirm; Copy puts it on the clipboard (it is not a secret: it only names this sign-in). */
async function showCode(userCode: string): Promise<void> {
  const copy = vscode.l10n.t('Copy Code');
  const picked = await vscode.window.showInformationMessage(vscode.l10n.t('Confirm that the browser shows the code {0}, then choose Allow.', userCode), copy);
  if (picked === copy) await vscode.env.clipboard.writeText(userCode);
}

async function chooseProfile(services: Services, profiles: readonly AwsProfile[], arg: unknown): Promise<AwsProfile | undefined> {
  if (arg !== undefined) {
    if (typeof arg !== 'string' || arg === '' || arg.length > MAX_PROFILE_NAME) throw new UserFacingError(vscode.l10n.t('Sign-in needs the name of an AWS profile.'));
    const profile = profiles.find((p) => p.name === arg);
    if (!profile) throw new UserFacingError(vscode.l10n.t("AWS profile '{0}' is not in your AWS config files.", arg));
    return profile;
  }
  const sso = profiles.filter((p) => p.kind === 'sso' || p.kind === 'sso-session');
  if (!sso.length) throw new UserFacingError(vscode.l10n.t('No AWS profile uses IAM Identity Center (SSO): add one with `aws configure sso`, or with sso_session and sso_start_url in your AWS config file.'));
  const items = sso.map((p) => ({ label: p.name, description: p.sso?.startUrl ?? '', profile: p }));
  const picked = await services.prompts.pick(SIGN_IN_PROMPTS.profile, items, { placeHolder: vscode.l10n.t('The AWS profile to sign in for') });
  return picked?.profile;
}
