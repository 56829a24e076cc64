/**
 * What the resolver said about a requirements file, by file and content: the runtime feature
 * stores each verdict here, and the diagnostics feature and the requirements rollout read it (the
 * resolver's verdict wins over the static constraints check for the same content). In memory only
 * and bounded; a change of content makes an older verdict simply not found.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ResolveVerdict } from '../core/runtime/runtimeTypes';

export interface StoredVerdict {
  /** Absolute path of the requirements file. */
  readonly file: string;
  readonly contentHash: string;
  /** The Airflow version the file was resolved for. */
  readonly airflowVersion: string;
  readonly verdict: ResolveVerdict;
  /** Date.now() when it was stored. */
  readonly at: number;
}

const MAX_KEPT = 100;

/** sha256 of the text (hex): the content part of a verdict's key. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export class ResolverVerdicts implements vscode.Disposable {
  private readonly byKey = new Map<string, StoredVerdict>();
  private readonly emitter = new vscode.EventEmitter<{ readonly file: string }>();
  /** Fires after a verdict is stored or a file's verdicts are forgotten. */
  readonly onDidChange = this.emitter.event;

  set(file: string, text: string, airflowVersion: string, verdict: ResolveVerdict): StoredVerdict {
    const stored: StoredVerdict = { file: path.resolve(file), contentHash: contentHash(text), airflowVersion, verdict, at: Date.now() };
    const key = keyOf(stored.file, stored.contentHash);
    this.byKey.delete(key); // re-inserted last: the oldest goes first when over the bound
    this.byKey.set(key, stored);
    for (const old of this.byKey.keys()) {
      if (this.byKey.size <= MAX_KEPT) break;
      this.byKey.delete(old);
    }
    this.emitter.fire({ file: stored.file });
    return stored;
  }

  /** The verdict for exactly this text of the file (and version, when given), if the resolver ran on it. */
  get(file: string, text: string, airflowVersion?: string): StoredVerdict | undefined {
    const found = this.byKey.get(keyOf(path.resolve(file), contentHash(text)));
    return found && (airflowVersion === undefined || found.airflowVersion === airflowVersion) ? found : undefined;
  }

  forget(file: string): void {
    const resolved = path.resolve(file);
    let any = false;
    for (const [key, v] of this.byKey) if (v.file === resolved) any = this.byKey.delete(key) || any;
    if (any) this.emitter.fire({ file: resolved });
  }

  dispose(): void {
    this.byKey.clear();
    this.emitter.dispose();
  }
}

function keyOf(file: string, hash: string): string {
  return `${file}\0${hash}`;
}
