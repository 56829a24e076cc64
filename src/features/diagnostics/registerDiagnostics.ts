import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { CommandRegistry } from '../../host/commands';
import { ChainedTargetResolver, SettingTargetResolver, type AirflowTargetResolver } from './airflowTarget';
import { FindingCodeActions } from './codeActions';
import { ConstraintsUrlCache } from './constraintsUrlCache';
import { DagIdIndex } from './dagIdIndex';
import { isPythonDocument, isRequirementsDocument } from './documentFilters';
import { LargeFileNote } from './largeFileNote';
import { LazyLintEngine } from './lintEngine';
import { addProviderRequirement, ADD_PROVIDER_REQUIREMENT_COMMAND, type AddRequirementOptions } from './providerRequirement';
import { PythonDiagnostics } from './pythonDiagnostics';
import { RequirementsDiagnostics } from './requirementsDiagnostics';
import { checkAirflowUpgrade, CHECK_UPGRADE_COMMAND, isUpgradeArgs } from './upgradeCheck';

export interface DiagnosticsDeps {
  readonly logger: Logger;
  readonly commands: CommandRegistry;
  /** Resolvers asked before the setting (environment bindings, when they exist). */
  readonly targetResolvers?: readonly AirflowTargetResolver[];
}

/**
 * Registers the diagnostics feature. Only listeners are set up here: the parser, rule table and
 * constraints load on the first Airflow file or requirements.txt, after activation has returned.
 */
export function registerDiagnostics(context: vscode.ExtensionContext, deps: DiagnosticsDeps): void {
  const { logger, commands } = deps;
  const setting = new SettingTargetResolver();
  const resolver = new ChainedTargetResolver([...(deps.targetResolvers ?? []), setting]);
  const engine = new LazyLintEngine(vscode.Uri.joinPath(context.extensionUri, 'dist'), resolver, logger);
  const pythonCollection = vscode.languages.createDiagnosticCollection('mwaa-python');
  const requirementsCollection = vscode.languages.createDiagnosticCollection('mwaa-requirements');
  const dagIdCollection = vscode.languages.createDiagnosticCollection('mwaa-dag-ids');
  const largeFiles = new LargeFileNote(logger);
  const urls = new ConstraintsUrlCache(context.globalStorageUri, logger);
  const dagIds = new DagIdIndex(engine, dagIdCollection, logger);
  const python = new PythonDiagnostics(engine, pythonCollection, logger, largeFiles, (uri, dags) => {
    if (dags) void dagIds.start();
    dagIds.setLive(uri, dags);
  });
  const requirements = new RequirementsDiagnostics(engine, requirementsCollection, urls, logger, largeFiles);
  context.subscriptions.push(setting, engine, pythonCollection, requirementsCollection, dagIdCollection, urls, dagIds, python, requirements);

  const track = (d: vscode.TextDocument) => {
    python.track(d);
    requirements.track(d);
  };
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(track),
    vscode.workspace.onDidChangeTextDocument((e) => {
      python.onDidChange(e);
      requirements.onDidChange(e);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      python.untrack(d.uri);
      requirements.untrack(d.uri);
    }),
    resolver.onDidChange(() => {
      python.retarget();
      requirements.recheckAll();
    }),
    urls.onDidFetch(() => requirements.recheckAll()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => requirements.recheckAll()),
    vscode.languages.registerCodeActionsProvider(
      [{ language: 'python' }, { language: 'pip-requirements' }],
      new FindingCodeActions((d) => (isPythonDocument(d) ? python.findingsFor(d) : isRequirementsDocument(d) ? requirements.findingsFor(d) : undefined), engine),
      FindingCodeActions.metadata,
    ),
  );

  // From a menu the first argument is a Uri or tree node, not options: only a plain object counts.
  commands.register(CHECK_UPGRADE_COMMAND, (args?: unknown) => checkAirflowUpgrade(engine, isUpgradeArgs(args) ? args : {}));
  commands.register(ADD_PROVIDER_REQUIREMENT_COMMAND, async (folder: vscode.Uri, line: string, airflowVersion: string, options?: AddRequirementOptions) => {
    const target = await addProviderRequirement(await engine.get(), folder, line, airflowVersion, options);
    if (target) await vscode.window.showTextDocument(target, { preview: true, preserveFocus: true });
    return target;
  });

  // Documents already open when the extension activated: looked at once activation has returned.
  const initial = setTimeout(() => vscode.workspace.textDocuments.forEach(track), 0);
  context.subscriptions.push({ dispose: () => clearTimeout(initial) });
}
