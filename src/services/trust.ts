import * as vscode from 'vscode';
import { UserFacingError } from '../core/errors';

/**
 * The trust gate: nothing calls AWS, uploads or runs the user's code in a workspace the user has
 * not trusted. Every feature asks here.
 */
export class WorkspaceTrust {
  get isTrusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  /** Throws an actionable error in Restricted Mode. */
  require(): void {
    if (!vscode.workspace.isTrusted) {
      throw new UserFacingError('This workspace is not trusted, so the MWAA Toolkit does not call AWS. Trust the workspace first.', [
        { label: 'Manage Workspace Trust', command: 'workbench.trust.manage' },
      ]);
    }
  }

  /** Fires once the user trusts the workspace. */
  onDidGrant(listener: () => void): vscode.Disposable {
    return vscode.workspace.onDidGrantWorkspaceTrust(listener);
  }
}
