import type * as vscode from 'vscode';
import type { Logger } from '../core/logger';
import type { CommandRegistry, CommandTable } from './commands';

/** What a lazily loaded part of a feature hands back: its command handlers and its clean-up. */
export interface LazyPart {
  /** Handlers for the command ids the activation-time shell registered for it. */
  readonly commands?: CommandTable;
  dispose?(): unknown;
}

export interface LazyFeature<T extends LazyPart> {
  /** Loads the part on the first call (its bundle is required then), the same object after. */
  get(): T;
  /** The part if something already loaded it: for work that should not load it (decorations of unbound files). */
  readonly loaded: T | undefined;
}

/**
 * The one lazy-load pattern: a feature's activation-time shell registers the part's command ids
 * at once (cheap), and the part (its bundle, listed in src/lazyBundles.json) is required the first
 * time a command runs or the shell calls `get()`. `load` holds the literal `require()` of the
 * part's entry module, which the build turns into a require of the part's own bundle.
 */
/** What lazyFeature needs of the extension (the services object has all of it). */
export interface LazyFeatureHost {
  readonly logger: Logger;
  readonly context: { readonly subscriptions: vscode.Disposable[] };
  readonly commands: CommandRegistry;
}

export function lazyFeature<T extends LazyPart>(host: LazyFeatureHost, options: {
  readonly name: string;
  readonly load: () => T;
  /** Command ids the part handles (its `commands` table must hold each). */
  readonly commandIds?: readonly string[];
}): LazyFeature<T> {
  let part: T | undefined;
  const get = (): T => {
    if (!part) {
      const t0 = performance.now();
      part = options.load();
      host.logger.debug(`${options.name}: loaded in ${(performance.now() - t0).toFixed(1)} ms`);
    }
    return part;
  };
  if (options.commandIds?.length) host.commands.registerLazy(options.commandIds, () => get().commands ?? {});
  host.context.subscriptions.push({ dispose: () => void part?.dispose?.() });
  return {
    get,
    get loaded() {
      return part;
    },
  };
}
