/**
 * MWAA's token calls, each in one place: CreateWebLoginToken (the Airflow UI and the web-login
 * session transport) and CreateCliToken (the Airflow CLI). A token is returned with the host MWAA
 * named for it and nothing else; neither is logged or kept here.
 */
import type { MWAAClient } from '@aws-sdk/client-mwaa';
import type { CliToken } from '../airflow/cliToken';
import type { WebLoginToken } from '../airflow/webLoginSession';
import { loadSdk } from '../aws/loadSdk';
import { UserFacingError } from '../errors';

const sendOptions = (signal?: AbortSignal) => (signal ? { abortSignal: signal as never } : {});

/**
 * CreateWebLoginToken for `environmentName`. Throws a UserFacingError when MWAA answers without a
 * token or host: "MWAA returned no web login token for NAME." or, with `notDone` (what the caller
 * could not do), "MWAA returned no web login token for NAME; NOT DONE."
 */
export async function createWebLoginToken(client: MWAAClient, environmentName: string, signal?: AbortSignal, notDone?: string): Promise<WebLoginToken> {
  const { CreateWebLoginTokenCommand } = loadSdk();
  const out = await client.send(new CreateWebLoginTokenCommand({ Name: environmentName }), sendOptions(signal));
  if (!out.WebToken || !out.WebServerHostname) {
    throw new UserFacingError(`MWAA returned no web login token for ${environmentName}${notDone ? `; ${notDone}` : ''}.`);
  }
  return { webToken: out.WebToken, hostname: out.WebServerHostname };
}

/** CreateCliToken for `environmentName`; throws "MWAA returned no CLI token for NAME." when the answer lacks the token or host. */
export async function createCliToken(client: MWAAClient, environmentName: string, signal?: AbortSignal): Promise<CliToken> {
  const { CreateCliTokenCommand } = loadSdk();
  const out = await client.send(new CreateCliTokenCommand({ Name: environmentName }), sendOptions(signal));
  if (!out.CliToken || !out.WebServerHostname) throw new UserFacingError(`MWAA returned no CLI token for ${environmentName}.`);
  return { cliToken: out.CliToken, hostname: out.WebServerHostname };
}
