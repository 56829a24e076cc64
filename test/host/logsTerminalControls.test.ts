import * as assert from 'node:assert/strict';
import { createRedactingLogger } from '../../src/core/logger';
import type { TailEvent, TailTransport } from '../../src/core/logs/tailSession';
import { createTailPty } from '../../src/host/tailTerminal';

/**
 * What reaches a tail terminal from outside (log lines, stream names, the title's environment, DAG
 * and run ids, the filter, AWS's error messages) cannot drive it: C1 controls included, which
 * xterm reads as escape sequences (U+009B is CSI, U+009D OSC, U+0090 DCS).
 */
describe('tail terminal and control characters', () => {
  it('writes no C0 or C1 control from a log, a name or an error; each shows as U+FFFD', async () => {
    let filterCalls = 0;
    // History with one hostile line, live tail denied (polling takes over), then the poll fails.
    const transport: TailTransport = {
      liveTail: async () => {
        throw Object.assign(new Error('denied \u009b2J'), { name: 'AccessDeniedException' });
      },
      async *filter(): AsyncIterable<TailEvent[]> {
        if (++filterCalls > 1) throw new Error('gone \u009d0;pwned\u009c');
        yield [{ logStreamName: 'dag_id=etl/run_id=\u0090q\u009c/task_id=load/attempt=1.log', timestamp: Date.now(), message: 'line \u009b2J \u001b[2J end' }];
      },
    };
    const pty = createTailPty({
      title: 'sandbox-af2 etl \u009b2J',
      transport,
      target: { logGroupArns: ['arn:aws:logs:us-east-1:123456789012:log-group:g'], filterPattern: 'ERROR\u009b31m' },
      startTime: 0,
      logger: createRedactingLogger(() => undefined),
      flushMs: 10,
    });
    const written: string[] = [];
    pty.onDidWrite((d) => written.push(d));
    pty.open(undefined);
    await Promise.race([pty.done, new Promise((_, reject) => setTimeout(() => reject(new Error('the tail did not end')), 10_000))]);
    const all = written.join('');
    assert.doesNotMatch(all, /[\u0080-\u009f]/, JSON.stringify(all));
    assert.doesNotMatch(all, /\x1b\[2J/);
    const text = pty.transcript();
    assert.match(text, /Tailing sandbox-af2 etl \uFFFD2J \(filter: ERROR\uFFFD31m\)/);
    assert.match(text, /── dag_id=etl\/run_id=\uFFFDq\uFFFD\/task_id=load\/attempt=1\.log ──/);
    assert.match(text, /line \uFFFD2J \uFFFD\[2J end/);
    assert.match(text, /Polling FilterLogEvents .*denied \uFFFD2J/);
    assert.match(text, /■ Stopped: gone \uFFFD0;pwned\uFFFD/);
    pty.close();
  });
});
