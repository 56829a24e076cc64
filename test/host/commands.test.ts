import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { UserFacingError, type UserAction } from '../../src/core/errors';
import { createRedactingLogger, type LogLevel } from '../../src/core/logger';
import { CommandRegistry } from '../../src/host/commands';

const FAKE_KEY = 'AKIA' + 'ABCDEFGHIJKLMNOP'; // key-shaped test value, split so no key-like literal is committed

function harness() {
  const lines: [LogLevel, string][] = [];
  const shown: { message: string; actions: readonly UserAction[] }[] = [];
  const subscriptions: vscode.Disposable[] = [];
  const registry = new CommandRegistry(
    { subscriptions },
    createRedactingLogger((level, line) => lines.push([level, line])),
    async (message, actions) => {
      shown.push({ message, actions });
      return undefined;
    },
  );
  return { registry, lines, shown, dispose: () => subscriptions.forEach((d) => d.dispose()) };
}

let n = 0;
const uniqueId = () => `mwaa.test.command${++n}.${Date.now()}`;

describe('command registration wrapper', () => {
  it('passes arguments and return values through', async () => {
    const h = harness();
    const id = uniqueId();
    h.registry.register(id, (a: number, b: number) => a + b);
    assert.equal(await vscode.commands.executeCommand(id, 2, 3), 5);
    assert.equal(h.shown.length, 0);
    h.dispose();
  });

  it('routes errors to one handler, with secrets redacted in the log and the notification', async () => {
    const h = harness();
    const id = uniqueId();
    h.registry.register(id, () => {
      throw new Error('request failed: Authorization: Bearer abcdefghijklmnop1234 with key ' + FAKE_KEY);
    });
    await vscode.commands.executeCommand(id);
    assert.equal(h.shown.length, 1);
    assert.match(h.shown[0]!.message, /request failed/);
    assert.doesNotMatch(h.shown[0]!.message, new RegExp('abcdefghijklmnop1234|' + FAKE_KEY));
    const errors = h.lines.filter(([level]) => level === 'error').map(([, l]) => l);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, new RegExp(`${id.replace(/\./g, '\\.')} failed`));
    assert.doesNotMatch(errors[0]!, new RegExp('abcdefghijklmnop1234|' + FAKE_KEY));
    h.dispose();
  });

  it('treats cancellation as a normal end, not an error', async () => {
    const h = harness();
    const id = uniqueId();
    h.registry.register(id, () => {
      throw new vscode.CancellationError();
    });
    await vscode.commands.executeCommand(id);
    const id2 = uniqueId();
    h.registry.register(id2, () => {
      const ac = new AbortController();
      ac.abort();
      ac.signal.throwIfAborted();
    });
    await vscode.commands.executeCommand(id2);
    assert.equal(h.shown.length, 0);
    assert.equal(h.lines.filter(([level]) => level === 'error').length, 0);
    h.dispose();
  });

  it('offers the actions a user-facing error carries', async () => {
    const h = harness();
    const id = uniqueId();
    const action = { label: 'Run aws sso login', command: 'mwaa.showLog' };
    h.registry.register(id, () => {
      throw new UserFacingError('The SSO session for profile dev has expired.', [action]);
    });
    await vscode.commands.executeCommand(id);
    assert.deepEqual(h.shown, [{ message: 'The SSO session for profile dev has expired.', actions: [action] }]);
    h.dispose();
  });

  it('logs command arguments redacted', async () => {
    const h = harness();
    const id = uniqueId();
    h.registry.register(id, () => undefined);
    await vscode.commands.executeCommand(id, { token: 'secret-token-value', name: 'env1' });
    const debug = h.lines.find(([level, l]) => level === 'debug' && l.includes(id));
    assert.ok(debug, 'no debug line for the command');
    assert.doesNotMatch(debug[1], /secret-token-value/);
    h.dispose();
  });
});

describe('command registration wrapper, error presentation', () => {
  it('ends a failed command without waiting for the notification to be dismissed', async () => {
    const subscriptions: vscode.Disposable[] = [];
    let shown = 0;
    const registry = new CommandRegistry({ subscriptions }, createRedactingLogger(() => undefined), () => {
      shown++;
      return new Promise(() => undefined); // a notification nobody dismisses
    });
    const id = `mwaa.test.pending.${Date.now()}`;
    registry.register(id, () => {
      throw new Error('boom');
    });
    const result = await Promise.race([vscode.commands.executeCommand(id), new Promise((r) => setTimeout(() => r('still waiting'), 3000))]);
    assert.equal(result, undefined);
    assert.equal(shown, 1);
    subscriptions.forEach((d) => d.dispose());
  });
});
