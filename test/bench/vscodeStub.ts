/**
 * A stand-in `vscode` module for running the editor's own glue in plain node (bench:adversarial
 * calls the requirements diagnostics' reader as the extension host would): one workspace folder,
 * no open documents, `Uri.file`; anything else a module touches while loading is an inert object.
 */
import Module from 'node:module';
import * as path from 'node:path';

function inert(): unknown {
  const cache = new Map<PropertyKey, unknown>();
  const target = function () { /* inert */ };
  return new Proxy(target, {
    get: (_t, key) => {
      if (key === Symbol.toPrimitive) return () => '';
      if (key === 'then') return undefined; // not a promise
      if (!cache.has(key)) cache.set(key, inert());
      return cache.get(key);
    },
    apply: () => inert(),
    construct: () => inert() as object,
  });
}

const fileUri = (p: string) => ({ scheme: 'file', fsPath: p, path: p, toString: () => `file://${p}` });

/** Makes `require('vscode')` return the stand-in, with `workspaceFolder` as the one workspace folder. */
export function installVscodeStub(workspaceFolder: string): void {
  const folder = { uri: fileUri(workspaceFolder), name: path.basename(workspaceFolder), index: 0 };
  const inside = (p: string) => p === workspaceFolder || p.startsWith(workspaceFolder + path.sep);
  const base = inert() as Record<string, unknown>;
  const vscode = new Proxy(base, {
    get: (t, key) => {
      if (key === 'workspace') {
        return {
          textDocuments: [],
          workspaceFolders: [folder],
          getWorkspaceFolder: (uri: { fsPath: string }) => (inside(uri.fsPath) ? folder : undefined),
          asRelativePath: (p: unknown) => String(p),
        };
      }
      if (key === 'Uri') return { file: fileUri, parse: (s: string) => fileUri(s.replace(/^file:\/\//, '')) };
      return t[key as string];
    },
  });
  const loader = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
  const original = loader._load;
  loader._load = function (request, parent, isMain) {
    return request === 'vscode' ? vscode : original.call(this, request, parent, isMain);
  };
}
