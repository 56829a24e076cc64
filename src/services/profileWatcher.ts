import * as path from 'node:path';
import * as vscode from 'vscode';
import { sharedConfigPaths } from '../core/aws/profiles';

/**
 * Watches the AWS shared config and credentials files (wherever AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE put them), so an edit or `aws configure` shows without a refresh.
 */
export class ProfileFilesWatcher implements vscode.Disposable {
  private watchers: vscode.FileSystemWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly onChange: () => void) {}

  start(): void {
    if (this.watchers.length) return;
    const paths = sharedConfigPaths();
    for (const file of [paths.configFile, paths.credentialsFile]) {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)));
      // Editors save in bursts (write, rename, chmod): one refresh per burst.
      const fire = () => {
        clearTimeout(this.timer);
        this.timer = setTimeout(this.onChange, 500);
      };
      w.onDidChange(fire);
      w.onDidCreate(fire);
      w.onDidDelete(fire);
      this.watchers.push(w);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
  }
}
