/**
 * Checks a feature can put in front of upload-on-save (the local parse gate): sync asks here
 * before it queues a saved file, without knowing who answers. Cheap and built at activation: with
 * no gate registered, every upload goes ahead at once.
 */
import type * as vscode from 'vscode';
import { describeError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { EnvironmentBinding } from './bindings';

/** The bound folder a saved file is under, and its binding. */
export interface GatedFolder {
  readonly uri: vscode.Uri;
  readonly binding: EnvironmentBinding;
}

export interface UploadGateRequest {
  readonly uri: vscode.Uri;
  readonly bound: GatedFolder;
  /** Queues the file's upload without asking the gates again (the user chose Upload Anyway). */
  readonly uploadAnyway: () => void;
}

export type UploadGateDecision =
  | { readonly upload: true }
  | { readonly upload: false; readonly reason: string };

export type UploadGate = (request: UploadGateRequest) => UploadGateDecision | Promise<UploadGateDecision>;

const GO: UploadGateDecision = { upload: true };

export class UploadGates {
  private readonly gates = new Map<string, UploadGate>();

  constructor(private readonly logger: Logger) {}

  /** Adds a gate under a name (one per name: registering again replaces it). */
  register(name: string, gate: UploadGate): vscode.Disposable {
    this.gates.set(name, gate);
    return { dispose: () => void (this.gates.get(name) === gate && this.gates.delete(name)) };
  }

  /**
   * Asks every gate in turn; the first that says no stops the upload. A gate that fails lets the
   * upload through: a broken check must not lose a save.
   */
  async beforeUpload(uri: vscode.Uri, bound: GatedFolder, uploadAnyway: () => void = () => undefined): Promise<UploadGateDecision> {
    for (const [name, gate] of [...this.gates]) {
      let decision: UploadGateDecision;
      try {
        decision = await gate({ uri, bound, uploadAnyway });
      } catch (err) {
        this.logger.warn(`upload gate ${name} failed, uploading anyway: ${describeError(err)}`);
        continue;
      }
      if (!decision.upload) return decision;
    }
    return GO;
  }
}
