import * as vscode from 'vscode';
import { createRedactingLogger, type Logger, type LogLevel } from '../core/logger';

const LEVEL_RANK: Record<LogLevel, vscode.LogLevel> = {
  trace: vscode.LogLevel.Trace,
  debug: vscode.LogLevel.Debug,
  info: vscode.LogLevel.Info,
  warn: vscode.LogLevel.Warning,
  error: vscode.LogLevel.Error,
};

/**
 * The extension's one logger, backed by a LogOutputChannel so the user's log level
 * ("Developer: Set Log Level") applies. Lines below that level are dropped before redaction runs.
 */
export function createChannelLogger(channel: vscode.LogOutputChannel): Logger {
  return createRedactingLogger(
    (level, line) => channel[level](line),
    (level) => channel.logLevel !== vscode.LogLevel.Off && LEVEL_RANK[level] >= channel.logLevel,
  );
}
