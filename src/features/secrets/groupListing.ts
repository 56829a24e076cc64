/**
 * What is under "Variables" or "Connections" of an environment: the keys of both sources (the
 * secrets backend and the metastore through the Airflow API), merged in Airflow's lookup order,
 * and a message for everything that kept a source from being read. Keys and secret names only:
 * no value is read here.
 */
import { listConnections } from '../../core/airflow/connectionsApi';
import { listVariables } from '../../core/airflow/variablesApi';
import { classifyAwsError } from '../../core/aws/awsErrors';
import { describeError } from '../../core/errors';
import { mergeSources } from '../../core/secrets/lookupOrder';
import { secretNameFor } from '../../core/secrets/secretNames';
import type { SecretSummary } from '../../core/secrets/secretsStore';
import { COMMANDS } from '../../host/commandIds';
import type { SecretsSources } from './environmentSecrets';
import { KIND_WORDS, secretNodeIds, type SecretKeyNode, type SecretsGroupNode, type SecretsMessageNode, type SecretsNode } from './secretsNodes';

/** Keys read from each source at most (a listing says when it stopped there). */
export const MAX_KEYS = 1000;

type Message = Omit<SecretsMessageNode, 'kind' | 'id' | 'envKey' | 'parentId'> & { readonly suffix: string };

/** The secret name prefix a kind is listed under (`airflow/variables/`); undefined when the backend does not look. */
export function listPrefix(src: Pick<SecretsSources, 'cfg'>, what: SecretsGroupNode['what']): string | undefined {
  const cfg = src.cfg;
  if (cfg?.kind !== 'secretsManager') return undefined;
  const prefix = what === 'variable' ? cfg.variablesPrefix : cfg.connectionsPrefix;
  // An empty prefix names secrets by the bare key (joinName): everything is listed then.
  return prefix === undefined ? undefined : prefix === '' ? '' : `${prefix}${cfg.sep}`;
}

export async function listGroup(group: SecretsGroupNode, src: SecretsSources, signal?: AbortSignal): Promise<SecretsNode[]> {
  const what = group.what;
  const words = KIND_WORDS[what];
  const messages: Message[] = backendMessages(group, src);
  const prefix = listPrefix(src, what);
  const [secrets, metastore] = await Promise.allSettled([
    prefix === undefined ? Promise.resolve(undefined) : src.store().list(prefix, { max: MAX_KEYS, ...(signal ? { signal } : {}) }),
    metastoreKeys(group, src, signal),
  ]);
  if (secrets.status === 'rejected') {
    const c = classifyAwsError(secrets.reason, { profile: src.env.profile, region: src.secretsRegion, operation: `listing the ${words.one} secrets`, permission: `secretsmanager:ListSecrets` });
    messages.push({ suffix: 'secretsError', label: `Secrets Manager: ${c.title}`, tooltip: c.message, icon: 'error', ...(c.actions[0] ? { command: { command: c.actions[0].command, args: c.actions[0].args ?? [] } } : {}) });
  }
  if (metastore.status === 'rejected') {
    const text = describeError(metastore.reason);
    messages.push({ suffix: 'metastoreError', label: `Airflow API: ${firstLine(text)}`, tooltip: `The metastore's ${words.plural.toLowerCase()} could not be read through the Airflow API.\n\n${text}`, icon: 'error' });
  }
  const secretList: SecretSummary[] = secrets.status === 'fulfilled' ? secrets.value ?? [] : [];
  const metaList = metastore.status === 'fulfilled' ? metastore.value : [];
  for (const [n, source] of [[secretList.length, 'Secrets Manager'], [metaList.length, 'the metastore']] as const) {
    if (n >= MAX_KEYS) messages.push({ suffix: `cap:${source}`, label: `Showing the first ${MAX_KEYS} from ${source}`, tooltip: 'The listing stops there to stay quick; open the console for the rest.', icon: 'info' });
  }
  const keys = mergeSources(what, src.cfg, secretList, metaList).map((k): SecretKeyNode => {
    const secretName = src.cfg?.kind === 'secretsManager' ? secretNameFor(src.cfg, what, k.key) : undefined;
    return {
      kind: 'secretKey', id: secretNodeIds.key(group.envKey, what, k.key), envKey: group.envKey, parentId: group.id, what, key: k.key,
      metastore: k.metastore === true, winner: k.winner,
      ...(k.secret ? { secret: k.secret } : {}),
      ...(k.secretIgnored ? { secretIgnored: true } : {}),
      ...(secretName ? { secretName } : {}),
    };
  });
  if (!keys.length && secrets.status === 'fulfilled' && metastore.status === 'fulfilled') {
    const create = what === 'variable' ? COMMANDS.secrets.createVariable : COMMANDS.secrets.createConnection;
    messages.push({ suffix: 'empty', label: `No ${words.plural.toLowerCase()} yet`, tooltip: `Create one with "Create ${words.title}…".`, icon: 'info', command: { command: create, args: [group.envKey] } });
  }
  return [...messages.map((m) => messageNode(group, m)), ...keys];
}

async function metastoreKeys(group: SecretsGroupNode, src: SecretsSources, signal: AbortSignal | undefined): Promise<string[]> {
  const opts = { max: MAX_KEYS, ...(signal ? { signal } : {}) };
  if (group.what === 'variable') return (await listVariables(src.airflow(), opts)).map((v) => v.key);
  return (await listConnections(src.airflow(), opts)).map((c) => c.connectionId);
}

/** What the backend's configuration says before anything is listed. */
function backendMessages(group: SecretsGroupNode, src: SecretsSources): Message[] {
  const words = KIND_WORDS[group.what];
  const cfg = src.cfg;
  const setup = { command: COMMANDS.secrets.backendSetup, args: [group.envKey] };
  if (src.cfgError) return [{ suffix: 'cfgError', label: 'Could not read the secrets backend settings', tooltip: `${src.cfgError}\n\nShowing the metastore only.`, icon: 'warning' }];
  if (!cfg) {
    return [{ suffix: 'noBackend', label: 'Turn on a secrets backend…', tooltip: `No secrets backend is configured: Airflow reads ${words.plural.toLowerCase()} from the metastore only (shown here). Click to see the configuration options that turn on AWS Secrets Manager.`, icon: 'lightbulb', command: setup }];
  }
  const out: Message[] = cfg.problems.map((p, i) => ({ suffix: `problem${i}`, label: firstLine(p), tooltip: p, icon: 'warning' }));
  if (cfg.kind !== 'secretsManager') {
    out.push({ suffix: 'otherBackend', label: `Secrets backend ${shortClass(cfg.className)} is not listed`, tooltip: `The environment uses ${cfg.className}. Only AWS Secrets Manager's backend is read here; the metastore is shown.`, icon: 'info' });
  } else if (listPrefix(src, group.what) === undefined) {
    const option = group.what === 'variable' ? 'variables_prefix' : 'connections_prefix';
    out.push({ suffix: 'prefixOff', label: `Secrets Manager is not asked for ${words.plural.toLowerCase()}`, tooltip: `secrets.backend_kwargs sets ${option} to null, so Airflow looks for ${words.plural.toLowerCase()} in environment variables and the metastore only. Set ${option} to use Secrets Manager.`, icon: 'info', command: setup });
  }
  return out;
}

function messageNode(group: SecretsGroupNode, m: Message): SecretsMessageNode {
  const { suffix, ...rest } = m;
  return { kind: 'secretsMessage', id: `${group.id}:${suffix}`, envKey: group.envKey, parentId: group.id, ...rest };
}

function shortClass(className: string): string {
  return className.split('.').at(-1)?.slice(0, 80) ?? className;
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 160);
}
