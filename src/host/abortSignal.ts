import type * as vscode from 'vscode';

/**
 * The one bridge from the editor's CancellationToken to the core's AbortSignal. The listener it
 * adds is removed by `dispose()` (or by `withAbortSignal` when the work ends): tokens outlive the
 * work they cancel, and a listener per call would pile up on them.
 */
export function toAbortSignal(token: vscode.CancellationToken): { readonly signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const listener = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => listener.dispose() };
}

/** Runs `work` with a signal that aborts when `token` is cancelled, and drops the listener after. */
export async function withAbortSignal<T>(token: vscode.CancellationToken, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const bridge = toAbortSignal(token);
  try {
    return await work(bridge.signal);
  } finally {
    bridge.dispose();
  }
}
