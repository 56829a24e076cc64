import * as vscode from 'vscode';
import { COMMANDS } from '../../host/commandIds';
import type { CommandTable } from '../../host/commands';
import type { Prompts } from '../../host/prompts';
import type { Services } from '../../services/services';
import { ChainedTargetResolver, SettingTargetResolver } from './airflowTarget';
import { BindingTargetResolver } from './bindingTarget';
import { FindingCodeActions } from './codeActions';
import { ConstraintsUrlCache } from './constraintsUrlCache';
import { DagIdIndex } from './dagIdIndex';
import { DiagnosticsControl } from './diagnosticsControl';
import type { DocumentDiagnostics } from './documentDiagnostics';
import { isPythonDocument, isRequirementsDocument } from './documentFilters';
import { LargeFileNote } from './largeFileNote';
import { LazyLintEngine } from './lintEngine';
import { addProviderRequirement } from './providerRequirement';
import { PythonDiagnostics } from './pythonDiagnostics';
import { RequirementsDiagnostics } from './requirementsDiagnostics';
import { RuffOverlap } from './ruffOverlap';
import { checkAirflowUpgrade, isUpgradeArgs } from './upgradeCheck';

/** What the diagnostics feature hands its test seams: the switches and the Ruff overlap. */
export interface DiagnosticsHandle {
  readonly control: DiagnosticsControl;
  readonly ruff: RuffOverlap;
}

/**
 * The diagnostics feature. Only listeners and commands are set up here: the parser, rule table
 * and constraints load (LazyLintEngine) on the first Airflow file or requirements.txt, or when a
 * command runs, after activation has returned.
 */
export function activateDiagnostics(services: Services): DiagnosticsHandle {
  const { context, logger } = services;
  const setting = new SettingTargetResolver(services.settings);
  // A bound folder is linted against its environment's version; the setting is the fallback.
  const resolver = new ChainedTargetResolver([new BindingTargetResolver(services.bindings), setting]);
  const engine = new LazyLintEngine(vscode.Uri.joinPath(context.extensionUri, 'dist'), resolver, logger, services.notify);
  const pythonCollection = vscode.languages.createDiagnosticCollection('mwaa-python');
  const requirementsCollection = vscode.languages.createDiagnosticCollection('mwaa-requirements');
  const dagIdCollection = vscode.languages.createDiagnosticCollection('mwaa-dag-ids');
  const largeFiles = new LargeFileNote(logger, services.notify);
  const urls = new ConstraintsUrlCache(context.globalStorageUri, logger, services.trust);
  const ruff = new RuffOverlap(logger);
  const control = new DiagnosticsControl(services.settings, logger, services.notify, ruff);
  const dagIds = new DagIdIndex(engine, dagIdCollection, logger, control);
  const python = new PythonDiagnostics({ engine, collection: pythonCollection, logger, largeFiles, control }, (uri, dags, noqa) => {
    if (dags) void dagIds.start();
    dagIds.setLive(uri, dags, noqa);
  });
  const requirements = new RequirementsDiagnostics({ engine, collection: requirementsCollection, logger, largeFiles, control }, urls, services.resolverVerdicts);
  context.subscriptions.push(setting, engine, pythonCollection, requirementsCollection, dagIdCollection, urls, ruff, control, dagIds, python, requirements);

  const checkers: readonly DocumentDiagnostics[] = [python, requirements];
  const track = (d: vscode.TextDocument) => checkers.forEach((c) => c.track(d));
  const recheck = () => requirements.recheckAll();
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(track),
    vscode.workspace.onDidChangeTextDocument((e) => checkers.forEach((c) => c.onDidChange(e))),
    vscode.workspace.onDidCloseTextDocument((d) => checkers.forEach((c) => c.untrack(d.uri))),
    resolver.onDidChange(() => {
      python.retarget();
      recheck();
    }),
    urls.onDidFetch(recheck),
    services.resolverVerdicts.onDidChange(recheck),
    services.trust.onDidGrant(recheck),
    // A switch changed: documents turned off are cleared at once, turned on are linted, the rest
    // shown again from the findings already computed.
    control.onDidChange(() => {
      for (const d of vscode.workspace.textDocuments) {
        if (control.enabledFor(d.uri)) track(d);
        else checkers.forEach((c) => c.untrack(d.uri));
      }
      checkers.forEach((c) => c.republish());
      dagIds.refresh();
    }),
    vscode.languages.registerCodeActionsProvider(
      [{ language: 'python' }, { language: 'pip-requirements' }],
      new FindingCodeActions((d) => (isPythonDocument(d) ? python.findingsFor(d) : isRequirementsDocument(d) ? requirements.findingsFor(d) : undefined), engine),
      FindingCodeActions.metadata,
    ),
  );
  const boundFolders = () => Object.keys(services.bindings.all()).map((u) => vscode.Uri.parse(u));
  services.commands.registerTable(diagnosticsCommands(engine, services.prompts, control, boundFolders));

  // Documents already open when the extension activated: looked at once activation has returned.
  const initial = setTimeout(() => vscode.workspace.textDocuments.forEach(track), 0);
  context.subscriptions.push({ dispose: () => clearTimeout(initial) });
  return { control, ruff };
}

/** The feature's commands: cheap to register, each loads the lint engine when it runs. */
function diagnosticsCommands(engine: LazyLintEngine, prompts: Prompts, control: DiagnosticsControl, boundFolders: () => vscode.Uri[]): CommandTable {
  // From a menu the first argument is a Uri or tree node, not options: only a plain object counts.
  const checkUpgrade = (args?: unknown) => checkAirflowUpgrade({ engineLoader: engine, prompts, control, boundFolders }, isUpgradeArgs(args) ? args : {});

  // The quick fix's command when no requirements.txt exists yet (it asks before creating one).
  const addRequirement = async (folder: vscode.Uri, line: string, airflowVersion: string) => {
    const target = await addProviderRequirement(await engine.get(), prompts, folder, line, airflowVersion);
    if (target) await vscode.window.showTextDocument(target, { preview: true, preserveFocus: true });
    return target;
  };

  return {
    [COMMANDS.diagnostics.checkUpgrade]: checkUpgrade,
    [COMMANDS.diagnostics.addProviderRequirement]: addRequirement,
  };
}
