/**
 * What the secrets commands share, and how a command finds what it acts on: a tree node, a plain
 * `{ envKey, kind, key }` from code, or the user's picks. Everything from an argument is checked
 * here before it is used (keys, kinds, environment keys).
 */
import * as vscode from 'vscode';
import { UserFacingError } from '../../core/errors';
import { environmentKey, readEnvironmentKey } from '../../core/mwaa/environmentKey';
import { validateKey } from '../../core/secrets/secretNames';
import type { Services } from '../../services/services';
import type { ConnectionForms } from './connectionForm';
import type { EnvironmentSecrets } from './environmentSecrets';
import type { GroupNodes } from './groupNodes';
import { isSecretKind, isSecretsNode, KIND_WORDS, type SecretKeyNode, type SecretKind } from './secretsNodes';
import type { SecretsTree } from './secretsTree';
import type { VisibilityReports } from './visibilityReport';

export interface SecretsContext {
  readonly services: Services;
  readonly tree: SecretsTree;
  readonly sources: EnvironmentSecrets;
  readonly groups: GroupNodes;
  readonly forms: ConnectionForms;
  readonly reports: VisibilityReports;
}

/** `{ envKey, kind, key }`: what code (and tests) pass instead of a tree node. */
export interface KeyRef {
  readonly envKey: string;
  readonly kind: SecretKind;
  readonly key: string;
}

/** The environment key of a secrets node, an environment node, a key string, else the user's pick. */
export async function envKeyOf(ctx: SecretsContext, arg: unknown, purpose: string): Promise<string> {
  ctx.services.trust.require();
  if (typeof arg === 'string' && readEnvironmentKey(arg).parts) return arg;
  if (arg && typeof arg === 'object') {
    const a = arg as { envKey?: unknown; kind?: unknown; key?: unknown };
    if (typeof a.envKey === 'string' && readEnvironmentKey(a.envKey).parts) return a.envKey;
    if (a.kind === 'environment' && typeof a.key === 'string' && readEnvironmentKey(a.key).parts) return a.key;
  }
  return environmentKey(await ctx.services.environments.pickEnvironment(arg, purpose));
}

/** The kind a command works on: from a node or `{ kind }`, else `fallback`. */
export function kindOf(arg: unknown, fallback?: SecretKind): SecretKind | undefined {
  if (arg && typeof arg === 'object') {
    const a = arg as { what?: unknown; kind?: unknown };
    if (isSecretKind(a.what)) return a.what;
    if (isSecretKind(a.kind)) return a.kind;
  }
  return fallback;
}

/** A `{ envKey, kind, key }` argument, checked; undefined when the argument is not one. */
export function keyRefOf(arg: unknown): KeyRef | undefined {
  if (!arg || typeof arg !== 'object' || isSecretsNode(arg as { kind: string })) return undefined;
  const a = arg as { envKey?: unknown; kind?: unknown; key?: unknown };
  if (typeof a.envKey !== 'string' || !isSecretKind(a.kind) || typeof a.key !== 'string') return undefined;
  if (!readEnvironmentKey(a.envKey).parts) throw new UserFacingError(vscode.l10n.t('Not an MWAA environment key.'));
  const problem = validateKey(a.kind, a.key);
  if (problem) throw new UserFacingError(problem);
  return { envKey: a.envKey, kind: a.kind, key: a.key };
}

/**
 * The key node a command acts on, as last listed: the node itself (from the tree), or a
 * `{ envKey, kind, key }` looked up in the listing (listed first when needed).
 */
export async function keyNodeOf(ctx: SecretsContext, arg: unknown): Promise<SecretKeyNode> {
  ctx.services.trust.require();
  let ref: KeyRef | undefined;
  if (arg && typeof arg === 'object' && (arg as { kind?: unknown }).kind === 'secretKey') {
    const node = arg as SecretKeyNode;
    const current = ctx.tree.byId(node.id);
    if (current?.kind === 'secretKey') return current;
    // A node from an older listing: the same key as listed now.
    ref = keyRefOf({ envKey: node.envKey, kind: node.what, key: node.key });
  }
  ref ??= keyRefOf(arg);
  if (!ref) throw new UserFacingError(vscode.l10n.t('Choose a variable or connection in the MWAA view (under an environment\'s Variables or Connections).'));
  const group = ctx.groups.get(ref.envKey, ref.kind);
  let found = ctx.tree.keysOf(group).find((k) => k.key === ref.key);
  if (!found) {
    await ctx.tree.children(group);
    found = ctx.tree.keysOf(group).find((k) => k.key === ref.key);
  }
  if (!found) throw new UserFacingError(vscode.l10n.t('There is no {0} {1} in this environment\'s secrets backend or metastore.', KIND_WORDS[ref.kind].one, ref.key));
  return found;
}

/** Asks for a key (validated as it is typed); `extra` adds a check of its own. */
export async function askKey(kind: SecretKind, title: string, extra?: (key: string) => string | undefined): Promise<string> {
  const key = await vscode.window.showInputBox({
    title,
    prompt: kind === 'variable' ? vscode.l10n.t('Variable key') : vscode.l10n.t('Connection id'),
    ignoreFocusOut: true,
    validateInput: (v) => validateKey(kind, v) ?? extra?.(v),
  });
  if (key === undefined) throw new vscode.CancellationError();
  return key;
}
