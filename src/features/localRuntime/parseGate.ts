/**
 * The parse gate on save (`mwaa.sync.parseBeforeUpload`): a DAG file saved under a bound folder is
 * parsed in the warm local runtime before (`block`) or while (`warn`) it is uploaded, and what
 * Airflow's DagBag says goes to Problems. `block` stops the upload of a file with an import
 * error and offers Upload Anyway. With no runtime yet, `warn` uploads at once and builds in the
 * background (after the one-time question); `block` waits for the build. Never in an untrusted
 * workspace (a parse runs the file's top-level code); a failing gate never stops an upload.
 */
import * as vscode from 'vscode';
import { describeError, isCancellation, isUserFacingError } from '../../core/errors';
import type { ParseResult, Runtime } from '../../core/runtime/runtimeTypes';
import type { NoticeAction } from '../../host/notify';
import type { RuntimeTarget } from '../../services/localRuntime/runtimeApi';
import type { Services } from '../../services/services';
import type { UploadGateDecision, UploadGateRequest } from '../../services/uploadGates';
import { isDagFileCandidate } from '../../core/runtime/parseFolder';
import type { LocalProblems } from './localProblems';
import type { ParseStatusBar } from './parseStatusBar';
import { NOTICE_SOURCE, UPLOAD_ANYWAY, UPLOAD_ANYWAY_PROMPT, type GateRecord, type ParseRecord } from './localRuntimeTypes';

const GO: UploadGateDecision = { upload: true };
const majorOf = (version: string) => Number(version.split('.')[0]);
const KEPT = 200;

export interface GateParts {
  readonly services: Services;
  readonly problems: LocalProblems;
  readonly status: ParseStatusBar;
}

export class ParseGate {
  readonly decisions: GateRecord[] = [];
  readonly parses: ParseRecord[] = [];
  /** The latest parse asked for each file: an older one finishing later publishes nothing. */
  private readonly generation = new Map<string, number>();
  /** Notifications of a failed build or parse, once per message in a session. */
  private readonly told = new Set<string>();

  constructor(private readonly parts: GateParts) {}

  async gate(request: UploadGateRequest): Promise<UploadGateDecision> {
    const { services } = this.parts;
    // Trust first: in Restricted Mode nothing else of the services is touched.
    if (!services.trust.isTrusted) return GO;
    const mode = services.settings.parseBeforeUpload(request.uri);
    const t0 = performance.now();
    const decide = (decision: UploadGateDecision, note: string) => {
      this.record({ file: request.uri.fsPath, mode, upload: decision.upload, note, ms: Math.round(performance.now() - t0) });
      return decision;
    };
    if (mode === 'off' || request.uri.scheme !== 'file' || !request.uri.fsPath.endsWith('.py')) return GO;
    if (mode === 'warn') {
      // Nothing of the check is on the save's path: the upload goes at once, the parse follows.
      void this.candidateTarget(request.uri).then((target) => target && this.parseWhenReady(target, request.uri))
        .catch((err: unknown) => this.failed(err));
      return decide(GO, 'warn: parsing alongside the upload');
    }
    const target = await this.candidateTarget(request.uri);
    if (!target) return decide(GO, 'not a DAG file Airflow would parse, or no Airflow version known');
    try {
      const runtime = await services.runtime.ensure(target, { mode: 'ask', background: true });
      if (!runtime) return decide(GO, 'block: no local runtime (not built)');
      const result = await this.parseAndPublish(target, runtime, request.uri);
      if (!result?.errors.length) return decide(GO, 'block: parsed clean');
      const reason = blockedReason(request.uri, result);
      this.offerUploadAnyway(reason, request);
      return decide({ upload: false, reason }, 'block: import errors');
    } catch (err) {
      this.failed(err);
      return decide(GO, `block: not parsed (${describeError(err)})`);
    }
  }

  /**
   * The runtime target of a saved file that Airflow would parse (its `.airflowignore`, and "airflow"
   * and "dag" in it in discovery safe mode); undefined for other files or when no version is known.
   */
  private async candidateTarget(uri: vscode.Uri): Promise<RuntimeTarget | undefined> {
    const target = await this.parts.services.runtime.targetFor(uri, { interactive: false });
    if (!target) return undefined;
    return (await isDagFileCandidate(target.dagsFolder, uri.fsPath, { airflowMajor: majorOf(target.airflowVersion) })) ? target : undefined;
  }

  /** Builds when needed (asked first, in the background), then parses and publishes. */
  async parseWhenReady(target: RuntimeTarget, uri: vscode.Uri): Promise<ParseResult | undefined> {
    const runtime = await this.parts.services.runtime.ensure(target, { mode: 'ask', background: true });
    return runtime ? this.parseAndPublish(target, runtime, uri) : undefined;
  }

  /** Parses one file with the runtime's warm worker; Problems and the status bar show the result. */
  async parseAndPublish(target: RuntimeTarget, runtime: Runtime, uri: vscode.Uri, signal?: AbortSignal): Promise<ParseResult | undefined> {
    const file = uri.fsPath;
    const gen = (this.generation.get(file) ?? 0) + 1;
    this.generation.set(file, gen);
    const t0 = performance.now();
    const result = await this.parts.services.runtime.parseFile(target, runtime, file, signal);
    if (this.generation.get(file) !== gen) return undefined; // a newer save's parse is what counts
    this.parts.problems.publish(result, [target.dagsFolder, ...(target.pluginsFolder ? [target.pluginsFolder] : [])]);
    this.parts.status.show(uri, result, runtime.airflowVersion);
    this.parses.push({
      file, airflowVersion: runtime.airflowVersion, parseMs: result.parseMs, wallMs: Math.round(performance.now() - t0),
      dags: result.dags.map((d) => d.dagId), errors: result.errors.map((e) => ({ file: e.file, line: e.line, kind: e.kind, message: e.message })),
    });
    if (this.parses.length > KEPT) this.parses.splice(0, this.parses.length - KEPT);
    return result;
  }

  private offerUploadAnyway(reason: string, request: UploadGateRequest): void {
    const { prompts, logger } = this.parts.services;
    logger.info(`local parse: ${reason}`);
    void prompts.confirm(UPLOAD_ANYWAY_PROMPT, vscode.l10n.t('MWAA: {0}', reason), { modal: false, warning: true }, UPLOAD_ANYWAY).then((answer) => {
      if (answer === UPLOAD_ANYWAY) request.uploadAnyway();
    }, (err: unknown) => logger.warn(`local parse: ${describeError(err)}`));
  }

  /** A build or parse that failed in the background: told once per message, logged always. */
  private failed(err: unknown): void {
    if (isCancellation(err)) return;
    const message = describeError(err);
    this.parts.services.logger.warn(`local parse on save: ${message}`);
    if (this.told.has(message)) return;
    this.told.add(message);
    const actions: NoticeAction[] = isUserFacingError(err) ? [...err.actions] : [{ label: vscode.l10n.t('Show Log'), command: 'mwaa.showLog' }];
    this.parts.services.notify.error(message, actions, NOTICE_SOURCE);
  }

  private record(r: GateRecord): void {
    this.decisions.push(r);
    if (this.decisions.length > KEPT) this.decisions.splice(0, this.decisions.length - KEPT);
  }
}

function blockedReason(uri: vscode.Uri, result: ParseResult): string {
  const first = result.errors[0]!;
  const where = `${vscode.workspace.asRelativePath(first.file)}${first.line ? `:${first.line}` : ''}`;
  const more = result.errors.length > 1 ? vscode.l10n.t(' (and {0} more)', result.errors.length - 1) : '';
  return vscode.l10n.t('{0} was not uploaded: Airflow reports {1}: {2}{3}', vscode.workspace.asRelativePath(uri), where, first.message, more).slice(0, 600);
}
