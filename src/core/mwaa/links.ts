/** URLs and URIs the explorer opens or copies for an environment. */
import { validateWebserverHost } from '../airflow/webserverHost';
import { UserFacingError } from '../errors';
import { isLoopbackHost } from '../net/loopback';

/** Console host per partition, chosen by region prefix. */
function consoleBase(region: string): string {
  if (region.startsWith('cn-')) return 'https://console.amazonaws.cn';
  if (region.startsWith('us-gov-')) return 'https://console.amazonaws-us-gov.com';
  return `https://${region}.console.aws.amazon.com`;
}

/** An environment's DAGs folder, as MwaaEnvironment has it (written out: environment.ts uses this module). */
interface DagFolder {
  readonly bucket?: string;
  readonly dagS3Path?: string;
}

/** `s3://bucket/dags/` */
export function dagFolderS3Uri(env: DagFolder): string | undefined {
  if (!env.bucket) return undefined;
  const prefix = env.dagS3Path ? `${env.dagS3Path}/` : '';
  return `s3://${env.bucket}/${prefix}`;
}

/** The S3 console opened on the DAGs folder. */
export function dagFolderConsoleUrl(env: DagFolder & { readonly region: string }): string | undefined {
  if (!env.bucket) return undefined;
  const prefix = env.dagS3Path ? `${env.dagS3Path}/` : '';
  const base = env.region.startsWith('cn-') || env.region.startsWith('us-gov-') ? consoleBase(env.region) : 'https://s3.console.aws.amazon.com';
  return `${base}/s3/buckets/${encodeURIComponent(env.bucket)}?region=${encodeURIComponent(env.region)}&prefix=${encodeURIComponent(prefix)}&showversions=false`;
}

/** The MWAA console page of the environment. */
export function mwaaConsoleUrl(env: { readonly name: string; readonly region: string }): string {
  return `${consoleBase(env.region)}/mwaa/home?region=${encodeURIComponent(env.region)}#environments/${encodeURIComponent(env.name)}`;
}

/**
 * `https://{host}/aws_mwaa/aws-console-sso?login=true#{token}` from the `WebServerHostname` the
 * CreateWebLoginToken call returned, and from nothing else: the token must only ever go to the
 * host MWAA named. The host must be a bare host[:port] (validateWebserverHost, shared with the
 * Airflow clients), so a path, userinfo or query cannot redirect it. Plain http only for a
 * loopback host and only when the caller allows it (the local sandbox).
 */
export function webLoginUrl(webServerHostname: string, webToken: string, options: { allowLoopbackHttp?: boolean } = {}): string {
  let host: string;
  try {
    host = validateWebserverHost(webServerHostname).toLowerCase();
  } catch {
    throw new UserFacingError('MWAA returned a web server host name that is not a plain host name; the Airflow UI was not opened.');
  }
  if (!webToken) throw new UserFacingError('MWAA returned no web login token; the Airflow UI was not opened.');
  return `${webserverOrigin(host, options)}/aws_mwaa/aws-console-sso?login=true#${webToken}`;
}

/** `https://host`; `http://` only for a loopback host when the caller allows it (the local sandbox). */
export function webserverOrigin(host: string, options: { allowLoopbackHttp?: boolean } = {}): string {
  const scheme = options.allowLoopbackHttp && isLoopbackHost(host.replace(/:\d+$/, '')) ? 'http' : 'https';
  return `${scheme}://${host}`;
}
