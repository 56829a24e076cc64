/**
 * Colours for log lines in the live-tail terminal, where a TextMate grammar cannot apply: the
 * same classes as syntaxes/mwaa-log.tmLanguage.json (levels, timestamps, tracebacks, markers),
 * as ANSI escapes the terminal's theme maps to its palette.
 */
import { neutraliseControls } from './terminalSafe';

/** The escapes our terminals use; the terminal's theme maps them to its palette. */
export const ANSI = {
  RESET: '\x1b[0m',
  DIM: '\x1b[2m',
  RED: '\x1b[31m',
  YELLOW: '\x1b[33m',
  GREEN: '\x1b[32m',
  CYAN: '\x1b[36m',
  BOLD: '\x1b[1m',
  UNDERLINE: '\x1b[4m',
} as const;
const { RESET, DIM, RED, YELLOW, GREEN, CYAN, BOLD, UNDERLINE } = ANSI;

const LEVEL = /\b(CRITICAL|FATAL|ERROR|WARNING|WARN|INFO|DEBUG)\b/;
const STAMP = /^(\[[^\]]+\]|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)/;
const FRAME = /^(\s*File )("[^"]+")(, line \d+.*)$/;
const EXCEPTION = /^[A-Za-z_][\w.]*(Error|Exception|Interrupt|Exit)(:.*)?$/;

function levelColor(level: string): string {
  if (level === 'ERROR' || level === 'CRITICAL' || level === 'FATAL') return RED;
  if (level === 'WARNING' || level === 'WARN') return YELLOW;
  if (level === 'INFO') return GREEN;
  return DIM;
}

/** One line (no newline) with ANSI colours; control characters from the log are neutralised. */
export function colorizeLine(line: string): string {
  // A log line must not be able to drive the terminal (clear screen, change title…).
  const safe = neutraliseControls(line);
  if (/^(──|===) .* (──|===)$/.test(safe)) return `${BOLD}${CYAN}${safe}${RESET}`;
  if (/^\s*Traceback \(most recent call last\):/.test(safe) || EXCEPTION.test(safe)) return `${RED}${safe}${RESET}`;
  const frame = FRAME.exec(safe);
  if (frame) return `${frame[1]}${UNDERLINE}${frame[2]}${RESET}${frame[3]}`;
  const stamp = STAMP.exec(safe);
  let rest = safe;
  let out = '';
  if (stamp) {
    out += `${DIM}${stamp[1]}${RESET}`;
    rest = safe.slice(stamp[1]!.length);
  }
  const level = LEVEL.exec(rest);
  if (level && level.index < 40) {
    out += rest.slice(0, level.index) + levelColor(level[1]!) + level[1] + RESET + rest.slice(level.index + level[1]!.length);
  } else {
    out += rest;
  }
  return out;
}

/** Terminal text for a block of lines: CRLF line ends, as a pseudo-terminal expects. */
export function toTerminalText(text: string): string {
  return text.split(/\r?\n/).map(colorizeLine).join('\r\n') + '\r\n';
}
