/** The MWAA control-plane calls the explorer makes, as async generators and plain promises. */
import type { Environment, MWAAClient } from '@aws-sdk/client-mwaa';
import { loadSdk } from '../aws/loadSdk';

export interface CallOptions {
  readonly abortSignal?: AbortSignal;
}

/** Every environment name, page by page (ListEnvironments returns at most 25 names a page). */
export async function* listEnvironmentNames(client: MWAAClient, options: CallOptions = {}): AsyncGenerator<string> {
  const { ListEnvironmentsCommand } = loadSdk();
  let token: string | undefined;
  const seen = new Set<string>();
  do {
    const page = await client.send(new ListEnvironmentsCommand({ MaxResults: 25, ...(token ? { NextToken: token } : {}) }), sendOptions(options));
    for (const name of page.Environments ?? []) yield name;
    // A token repeating itself would loop forever; stop instead.
    if (page.NextToken && seen.has(page.NextToken)) break;
    token = page.NextToken || undefined;
    if (token) seen.add(token);
  } while (token);
}

export async function getEnvironment(client: MWAAClient, name: string, options: CallOptions = {}): Promise<Environment> {
  const { GetEnvironmentCommand } = loadSdk();
  const out = await client.send(new GetEnvironmentCommand({ Name: name }), sendOptions(options));
  if (!out.Environment) throw new Error(`GetEnvironment returned no environment for ${name}`);
  return out.Environment;
}

function sendOptions(options: CallOptions): { abortSignal?: AbortSignal } {
  // The SDK's AbortSignal type is its own interface; the DOM one satisfies it at run time.
  return options.abortSignal ? { abortSignal: options.abortSignal as never } : {};
}
