import { redactValue } from './redact';

/** The logger every core module takes; the host backs it with one LogOutputChannel. */
export interface Logger {
  trace(message: string, ...details: unknown[]): void;
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

export type LogLevel = keyof Logger;

/** Where redacted lines end up (an output channel in the editor, an array in tests). */
export type LogSink = (level: LogLevel, line: string) => void;

/**
 * A logger that redacts every message and detail before it reaches the sink, so no caller can
 * leak a token by logging an SDK response or an error.
 */
export function createRedactingLogger(sink: LogSink, enabled: (level: LogLevel) => boolean = () => true): Logger {
  const emit = (level: LogLevel) => (message: string, ...details: unknown[]) => {
    if (!enabled(level)) return;
    const tail = details.length ? ' ' + details.map(redactValue).join(' ') : '';
    sink(level, redactValue(message) + tail);
  };
  return { trace: emit('trace'), debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
