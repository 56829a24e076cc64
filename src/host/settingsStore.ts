import * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import { parseSettings, type Settings } from '../core/settings';

// Settings that decide where requests and uploads go: only the user's own (global) value counts,
// so a cloned repository's .vscode/settings.json cannot silently redirect them.
const USER_ONLY = new Set(['endpoints']);

/** Typed settings, re-read when the user changes anything under `mwaa.`. */
export class SettingsStore implements vscode.Disposable {
  private value: Settings;
  private readonly emitter = new vscode.EventEmitter<Settings>();
  private readonly listener: vscode.Disposable;
  readonly onDidChange = this.emitter.event;

  constructor(private readonly logger: Logger) {
    this.value = this.read();
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('mwaa')) return;
      this.value = this.read();
      this.emitter.fire(this.value);
    });
  }

  get current(): Settings {
    return this.value;
  }

  private read(): Settings {
    const config = vscode.workspace.getConfiguration('mwaa');
    const { settings, problems } = parseSettings((key) => {
      if (!USER_ONLY.has(key)) return config.get(key);
      const inspected = config.inspect(key);
      if (inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined) {
        this.logger.warn(`mwaa.${key} from workspace settings ignored: set it in your user settings`);
      }
      return inspected?.globalValue;
    });
    for (const p of problems) {
      this.logger.warn(`setting ${p.key}: ${p.message}`);
      void vscode.window.showWarningMessage(`MWAA: setting ${p.key} ${p.message}.`);
    }
    return settings;
  }

  dispose(): void {
    this.listener.dispose();
    this.emitter.dispose();
  }
}
