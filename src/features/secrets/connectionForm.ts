/**
 * The connection form (a webview): conn type, host, schema, login, password, port, extra. The page
 * gets its initial values by message (never in its HTML), posts what was typed on Save, and gets
 * back the problems to show next to the fields: nothing typed is lost until the save succeeds.
 * The password is never sent to the page: on Edit an empty password keeps the current one.
 */
import * as vscode from 'vscode';
import type { ConnectionFields } from '../../core/secrets/connectionFormat';
import { readSubmission, type FieldError, type FormSubmission } from './formSubmission';
import { escapeHtml, page } from './webviewHtml';

export interface ConnectionFormSpec {
  readonly title: string;
  /** Where it will be saved, as a sentence ("Saved as secret airflow/connections/<id> in JSON"). */
  readonly destination: string;
  /** The secret name before the id, for the live preview of the name (Secrets Manager only). */
  readonly namePrefix?: string;
  /** Edit: the id, fixed. */
  readonly connectionId?: string;
  /** Edit: the current fields, without the password. */
  readonly fields?: Omit<ConnectionFields, 'password'>;
  /** Edit: a password is set (the field says an empty one keeps it). */
  readonly hasPassword?: boolean;
}

/** Saves a submission: the problems to show in the form, or none when it was saved. */
export type SubmitHandler = (submission: FormSubmission) => Promise<FieldError[] | undefined>;

/** What the page can be told. */
type ToPage =
  | { type: 'init'; spec: Omit<ConnectionFormSpec, 'title' | 'destination'> }
  | { type: 'errors'; errors: FieldError[] }
  | { type: 'saving' };

export class ConnectionForm {
  private readonly done: Promise<boolean>;
  private finish!: (saved: boolean) => void;
  private busy = false;

  constructor(readonly panel: vscode.WebviewPanel, readonly spec: ConnectionFormSpec, private readonly onSubmit: SubmitHandler) {
    this.done = new Promise((resolve) => (this.finish = resolve));
    panel.onDidDispose(() => this.finish(false));
  }

  /** Resolves true once saved, false when the form was closed without saving. */
  get result(): Promise<boolean> {
    return this.done;
  }

  /** Handles a message from the page (or from a test seam, in the same shape). */
  async receive(message: unknown): Promise<{ saved: boolean; errors?: FieldError[] }> {
    const type = message && typeof message === 'object' ? (message as { type?: unknown }).type : undefined;
    if (type === 'ready') {
      const s = this.spec;
      await this.post({ type: 'init', spec: { connectionId: s.connectionId, namePrefix: s.namePrefix, fields: s.fields, hasPassword: s.hasPassword } });
      return { saved: false };
    }
    if (type === 'cancel') {
      this.panel.dispose();
      return { saved: false };
    }
    if (type !== 'save' || this.busy) return { saved: false };
    const read = readSubmission(message, this.spec.connectionId);
    if ('errors' in read) return this.refuse(read.errors);
    this.busy = true;
    await this.post({ type: 'saving' });
    let errors: FieldError[] | undefined;
    try {
      errors = await this.onSubmit(read.submission);
    } catch (err) {
      errors = [{ message: err instanceof Error ? err.message : String(err) }];
    } finally {
      this.busy = false;
    }
    if (errors?.length) return this.refuse(errors);
    this.finish(true);
    this.panel.dispose();
    return { saved: true };
  }

  private async refuse(errors: FieldError[]): Promise<{ saved: false; errors: FieldError[] }> {
    await this.post({ type: 'errors', errors });
    return { saved: false, errors };
  }

  private async post(message: ToPage): Promise<void> {
    await Promise.resolve(this.panel.webview.postMessage(message)).catch(() => undefined);
  }
}

/** Opens connection forms and keeps track of the open ones (for test seams). */
export class ConnectionForms implements vscode.Disposable {
  private readonly open = new Set<ConnectionForm>();

  constructor(private readonly media: vscode.Uri) {}

  /** Shows a form; resolves true once it saved, false when closed. */
  show(spec: ConnectionFormSpec, onSubmit: SubmitHandler): Promise<boolean> {
    const panel = vscode.window.createWebviewPanel('mwaa.connectionForm', spec.title, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [this.media],
      // Switching tabs must not lose what was typed; the page keeps no state that outlives it.
      retainContextWhenHidden: true,
    });
    const form = new ConnectionForm(panel, spec, onSubmit);
    this.open.add(form);
    panel.onDidDispose(() => this.open.delete(form));
    panel.webview.onDidReceiveMessage((m) => void form.receive(m));
    panel.webview.html = formHtml(panel.webview, this.media, spec);
    return form.result;
  }

  /** The most recently opened form still open. */
  get current(): ConnectionForm | undefined {
    return [...this.open].at(-1);
  }

  get count(): number {
    return this.open.size;
  }

  dispose(): void {
    for (const f of [...this.open]) f.panel.dispose();
  }
}

const CONN_TYPES = ['aws', 'postgres', 'mysql', 'http', 'snowflake', 'redshift', 'google_cloud_platform', 'ssh', 'sftp', 'slack', 'generic', 'mssql', 'oracle', 'databricks'];

function formHtml(webview: vscode.Webview, media: vscode.Uri, spec: ConnectionFormSpec): string {
  const field = (id: string, label: string, input: string, hint = '') =>
    `<div class="field"><label for="${id}">${label}</label>${input}${hint}<div class="field-error" id="${id}-error" aria-live="polite"></div></div>`;
  const text = (id: string, extra = '') => `<input id="${id}" name="${id}" type="text" autocomplete="off" spellcheck="false" aria-describedby="${id}-error" ${extra}>`;
  const body = `<main>
<h1>${escapeHtml(spec.title)}</h1>
<p class="where" id="where">${escapeHtml(spec.destination)}</p>
<div class="errors" id="errors" role="alert" hidden></div>
<form id="form" novalidate>
${field('connectionId', vscode.l10n.t('Connection id'), text('connectionId', spec.connectionId ? 'readonly' : 'required'))}
${field('connType', 'Connection type', `${text('connType', 'list="conn-types" required')}<datalist id="conn-types">${CONN_TYPES.map((t) => `<option value="${t}"></option>`).join('')}</datalist>`)}
${field('host', vscode.l10n.t('Host'), text('host'))}
${field('schema', vscode.l10n.t('Schema'), text('schema'))}
${field('login', vscode.l10n.t('Login'), text('login'))}
${field('password', 'Password', '<input id="password" name="password" type="password" autocomplete="new-password" aria-describedby="password-error">')}
${field('port', vscode.l10n.t('Port'), text('port', 'inputmode="numeric"'))}
${field('extra', 'Extra (a JSON object)', '<textarea id="extra" name="extra" rows="6" spellcheck="false" aria-describedby="extra-error extra-hint"></textarea>', '<div class="hint" id="extra-hint"></div>')}
<div class="buttons"><button type="submit" id="save">Save</button><button type="button" id="cancel" class="secondary">Cancel</button></div>
</form>
</main>`;
  return page({
    title: spec.title,
    cspSource: webview.cspSource,
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'secrets.css')).toString(),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'connectionForm.js')).toString(),
    body,
  });
}
