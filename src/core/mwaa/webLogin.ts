/**
 * The Airflow UI sign-in URL: CreateWebLoginToken, then a URL built only from the host that call
 * returned. The token lives in the returned string alone; it is never logged or kept.
 */
import type { MWAAClient } from '@aws-sdk/client-mwaa';
import { loadSdk } from '../aws/loadSdk';
import { UserFacingError } from '../errors';
import { webLoginUrl } from './links';

export async function createWebLoginUrl(
  client: MWAAClient,
  environmentName: string,
  options: { abortSignal?: AbortSignal; allowLoopbackHttp?: boolean } = {},
): Promise<string> {
  const { CreateWebLoginTokenCommand } = loadSdk();
  const out = await client.send(
    new CreateWebLoginTokenCommand({ Name: environmentName }),
    options.abortSignal ? { abortSignal: options.abortSignal as never } : {},
  );
  if (!out.WebServerHostname || !out.WebToken) {
    throw new UserFacingError(`MWAA returned no web login token for ${environmentName}; the Airflow UI was not opened.`);
  }
  return webLoginUrl(out.WebServerHostname, out.WebToken, { allowLoopbackHttp: options.allowLoopbackHttp ?? false });
}
