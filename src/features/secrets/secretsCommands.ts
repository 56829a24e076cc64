/**
 * The secrets commands, one small handler each: refresh, show and hide a value here; create and
 * edit (variableCommands.ts, connectionCommands.ts), Why Can't Airflow See It?
 * (visibilityCommand.ts) and Turn On a Secrets Backend (backendSetup.ts) in their own files.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../../host/commandIds';
import type { CommandTable } from '../../host/commands';
import { explainBackendSetup } from './backendSetup';
import { createConnection, editConnection } from './connectionCommands';
import { envKeyOf, keyNodeOf, type SecretsContext } from './secretsContext';
import { isSecretsNode, type SecretsNode } from './secretsNodes';
import { createVariable, editVariable } from './variableCommands';
import { whyNotVisible } from './visibilityCommand';

const C = COMMANDS.secrets;

export function secretsCommands(ctx: SecretsContext): CommandTable {
  return {
    [C.refresh]: (arg?: unknown) => refresh(ctx, arg),
    [C.showValue]: (arg?: unknown) => showValue(ctx, arg),
    [C.hideValue]: (arg?: unknown) => hideValue(ctx, arg),
    [C.createVariable]: (arg?: unknown, input?: unknown) => createVariable(ctx, arg, input),
    [C.editVariable]: (arg?: unknown, input?: unknown) => editVariable(ctx, arg, input),
    [C.createConnection]: (arg?: unknown, input?: unknown) => createConnection(ctx, arg, input),
    [C.editConnection]: (arg?: unknown, input?: unknown) => editConnection(ctx, arg, input),
    [C.whyNotVisible]: (arg?: unknown, kind?: unknown, key?: unknown) => whyNotVisible(ctx, arg, kind, key),
    [C.backendSetup]: (arg?: unknown) => explainBackendSetup(ctx, arg),
  };
}

async function refresh(ctx: SecretsContext, arg: unknown): Promise<void> {
  ctx.tree.refresh(await envKeyOf(ctx, arg, vscode.l10n.t('Refresh the variables and connections of')));
}

/** Reads the value and shows it under the key (opened), until the key collapses or Hide Value. */
async function showValue(ctx: SecretsContext, arg: unknown): Promise<boolean> {
  const node = await keyNodeOf(ctx, arg);
  await vscode.window.withProgress({ location: { viewId: 'mwaa.environments' }, title: vscode.l10n.t('Reading {0}…', node.key) }, () => ctx.tree.reveal(node));
  const { view } = ctx.services.environmentTree.host;
  if (view.visible) await Promise.resolve(view.reveal(node, { expand: true, focus: false, select: false })).catch(() => undefined);
  return true;
}

async function hideValue(ctx: SecretsContext, arg: unknown): Promise<boolean> {
  if (arg && typeof arg === 'object' && isSecretsNode(arg as SecretsNode)) return ctx.tree.hide(ctx.tree.byId((arg as SecretsNode).id) ?? (arg as SecretsNode));
  return ctx.tree.hide(await keyNodeOf(ctx, arg));
}
