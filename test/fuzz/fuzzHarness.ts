/**
 * The fuzz tier's one way to run a property: a fixed seed (CI reproduces every run; FUZZ_SEED
 * overrides it to explore), no shrinking (an input that breaks a time bound is slow by nature, and
 * shrinking would run it hundreds of times), every product call timed and its heap growth measured
 * against a bound, and a watchdog that kills a file whose input hangs. A failure names the
 * property, the seed and how to rerun it.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import fc from 'fast-check';
import { Watchdog } from './watchdog';

export const SEED = Number(process.env.FUZZ_SEED ?? 20261213);

/**
 * Per call: wall time; growth of `process.memoryUsage().heapUsed` across it, kept (after a full
 * GC: what the call leaves behind, its result included) and at its end before any GC (what it
 * allocated and V8 had not yet collected: a bound on a transient blow-up).
 */
export interface Bounds {
  readonly ms: number;
  readonly heapMb: number;
  readonly churnMb?: number;
}

/**
 * The issue's target: every input, adversarial ones included, under 1 s on this 2-core machine
 * (FUZZ_TIME_SCALE stretches it on a slower one; the slowest input here takes about 450 ms).
 */
export const ISSUE_BOUNDS: Bounds = { ms: 1000 * Number(process.env.FUZZ_TIME_SCALE ?? 1), heapMb: 64, churnMb: 512 };

// A full GC before each measured call makes its growth exact (2-5 ms a call on this machine).
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Past this one input is a hang, not a slow call: the watchdog stops the file. */
const HANG_MS = Number(process.env.FUZZ_HANG_MS ?? 30_000);

let watchdog: Watchdog | undefined;

interface Worst {
  ms: number;
  /** Heap kept after a call, measured only for calls that grew it past the bound. */
  keptMb?: number;
  churnMb: number;
  calls: number;
  what: string;
}

/** Times one product call and checks it against `bounds`; returns its result. */
export type Measure = <R>(label: string, bounds: Bounds, call: () => R) => R;

export interface PropertyOptions<T> {
  readonly numRuns: number;
  /** A short description of an input for the watchdog and failure messages (default: its length). */
  readonly describe?: (input: T) => string;
  /** Inputs always checked, before the generated ones (the sizes the issue names). */
  readonly examples?: readonly T[];
}

/**
 * Random unicode text: ASCII, any BMP or astral code point (lone surrogates included), combining
 * marks, emoji with joiners, line and paragraph separators. Built here because fast-check's
 * 'grapheme' and 'binary' units load a 90 MB table, which makes the full GC around each call slow.
 */
export function unicodeText(maxLength: number, minLength = 0): fc.Arbitrary<string> {
  const char = fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
    { weight: 1, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) },
    { weight: 1, arbitrary: fc.constantFrom('\u0301', '\u200d', '👩\u200d💻', '\u2028', '\u2029', '\u0000', '\ufeff', 'é', '😀', '\r', '\t', '\u00a0') },
  );
  return fc.array(char, { minLength, maxLength }).map((cs) => cs.join(''));
}

/** `...` after `max` characters, so a 1 MB input never lands in a message whole. */
export function clip(text: string, max = 160): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}

const defaultDescribe = (input: unknown) => clip(fc.stringify(input));

/**
 * Runs `body` over `numRuns` inputs of `arb` with the fixed seed; `body` calls the product only
 * through `measure`. Reports the slowest call and the largest heap growth as a diagnostic.
 */
export function checkProperty<T>(t: TestContext, name: string, arb: fc.Arbitrary<T>, body: (input: T, measure: Measure) => void, opts: PropertyOptions<T>): void {
  watchdog ??= new Watchdog(HANG_MS);
  const dog = watchdog;
  const describe = opts.describe ?? defaultDescribe;
  const worst: Worst = { ms: 0, churnMb: 0, calls: 0, what: '' };
  let run = 0;
  let lastCall = '';
  const file = path.relative(process.cwd(), process.argv[1] ?? '');
  const measure: Measure = (label, bounds, call) => {
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    lastCall = label;
    const result = call();
    let ms = performance.now() - t0;
    const churnMb = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
    // What is kept is at most what grew (GCs in the call only drop its own garbage): one more
    // full GC is needed only when the growth is over the bound.
    let heapMb = churnMb;
    if (churnMb > bounds.heapMb) {
      gc();
      heapMb = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
      worst.keptMb = Math.max(worst.keptMb ?? 0, heapMb);
    }
    // Over the time bound: timed again (twice at most) and the fastest kept. The calls are
    // deterministic, so a quadratic input is slow every time; a busy 2-core CI machine is not.
    for (let again = 0; again < 2 && ms > bounds.ms; again++) {
      const t1 = performance.now();
      call();
      ms = Math.min(ms, performance.now() - t1);
    }
    worst.calls++;
    if (ms > worst.ms) Object.assign(worst, { ms, what: label });
    worst.churnMb = Math.max(worst.churnMb, churnMb);
    assert.ok(ms <= bounds.ms, `${label} took ${ms.toFixed(0)} ms (bound ${bounds.ms} ms)`);
    assert.ok(heapMb <= bounds.heapMb, `${label} kept ${heapMb.toFixed(1)} MB of heap (bound ${bounds.heapMb} MB)`);
    if (bounds.churnMb !== undefined) assert.ok(churnMb <= bounds.churnMb, `${label} grew the heap by ${churnMb.toFixed(1)} MB before any GC (bound ${bounds.churnMb} MB)`);
    return result;
  };
  const property = fc.property(arb, (input) => {
    run++;
    dog.begin(`${name} (seed ${SEED}, run ${run}; rerun: FUZZ_SEED=${SEED} node --test ${file}): ${describe(input)}`);
    try {
      body(input, measure);
    } finally {
      dog.end();
    }
  });
  try {
    lastCall = '';
    const details = fc.check(property, { seed: SEED, numRuns: opts.numRuns, endOnFailure: true, examples: (opts.examples ?? []).map((e) => [e] as [T]) });
    if (details.failed) {
      const input = details.counterexample?.[0] as T;
      const e = details.errorInstance;
      const error = e instanceof Error ? `${e.name}: ${e.message}\n${(e.stack ?? '').split('\n').slice(1, 4).join('\n')}` : String(e);
      throw new Error(`fuzz property "${name}" failed on run ${details.numRuns} with seed ${SEED} (path ${details.counterexamplePath}; rerun: FUZZ_SEED=${SEED} node --test ${file})\n` +
        `input: ${clip(describe(input), 600)}\nlast product call: ${lastCall || '(none)'}\n${clip(error, 2000)}`);
    }
  } finally {
    t.diagnostic(`${name}: ${run} inputs, ${worst.calls} calls, slowest ${worst.ms.toFixed(1)} ms (${clip(worst.what, 60)}), heap grown at most ${worst.churnMb.toFixed(1)} MB before GC${worst.keptMb === undefined ? '' : `, kept at most ${worst.keptMb.toFixed(1)} MB`}`);
  }
}

/** Stops the watchdog so the file can exit (call from an `after` hook). */
export async function stopWatchdog(): Promise<void> {
  await watchdog?.stop();
  watchdog = undefined;
}
