import { isRedirect, redirectTarget } from './redirects';
import { networkCode, TransportUnavailableError } from './transportErrors';
import { webserverBaseUrl } from './webserverHost';

export interface CliToken {
  readonly cliToken: string;
  readonly hostname: string;
}

export interface CliResult {
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The Airflow CLI through MWAA (CreateCliToken + POST /aws_mwaa/cli), for what only the CLI
 * offers. Calls are serialised: MWAA's CLI endpoint has little concurrency and says to wait for
 * each request before the next. A token lives 60 s, so each call takes a fresh one.
 */
export function mwaaCli(cfg: { createCliToken: (signal?: AbortSignal) => Promise<CliToken>; scheme: 'https' | 'http'; fetch?: typeof fetch }) {
  const doFetch = cfg.fetch ?? fetch;
  let queue: Promise<unknown> = Promise.resolve();

  async function once(command: string, signal?: AbortSignal): Promise<CliResult> {
    const token = await cfg.createCliToken(signal);
    const url = `${webserverBaseUrl(token.hostname, cfg.scheme)}/aws_mwaa/cli`;
    let res: Response;
    try {
      // redirect 'manual': a redirect would resend the bearer token and the command elsewhere.
      res = await doFetch(url, { method: 'POST', headers: { authorization: `Bearer ${token.cliToken}`, 'content-type': 'text/plain' }, body: command, redirect: 'manual', signal });
    } catch (err) {
      const code = networkCode(err);
      if (code) throw new TransportUnavailableError('privateWebserver', `cannot reach the Airflow webserver ${token.hostname} (${code})`);
      throw err;
    }
    if (isRedirect(res.status)) {
      await res.body?.cancel();
      throw new Error(`Airflow CLI endpoint ${token.hostname} answered HTTP ${res.status} redirecting to ${redirectTarget(res, url)}; not followed (the CLI token goes only to the host MWAA named)`);
    }
    const text = await res.text();
    if (!res.ok) throw new Error(`Airflow CLI endpoint answered ${res.status}: ${text.slice(0, 300)}`);
    const body = JSON.parse(text) as { stdout?: string; stderr?: string };
    const decode = (b64?: string) => (b64 ? Buffer.from(b64, 'base64').toString('utf8') : '');
    return { stdout: decode(body.stdout), stderr: decode(body.stderr) };
  }

  return {
    /** Runs `airflow <command>` (without the leading `airflow`). */
    run(command: string, signal?: AbortSignal): Promise<CliResult> {
      const next = queue.then(() => once(command, signal));
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
