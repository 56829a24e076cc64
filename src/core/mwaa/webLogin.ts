/**
 * The Airflow UI sign-in URL: CreateWebLoginToken, then a URL built only from the host that call
 * returned. The token lives in the returned string alone; it is never logged or kept.
 */
import type { MWAAClient } from '@aws-sdk/client-mwaa';
import { webLoginUrl } from './links';
import { createWebLoginToken } from './tokens';

export async function createWebLoginUrl(
  client: MWAAClient,
  environmentName: string,
  options: { abortSignal?: AbortSignal; allowLoopbackHttp?: boolean } = {},
): Promise<string> {
  const token = await createWebLoginToken(client, environmentName, options.abortSignal, 'the Airflow UI was not opened');
  return webLoginUrl(token.hostname, token.webToken, { allowLoopbackHttp: options.allowLoopbackHttp ?? false });
}
