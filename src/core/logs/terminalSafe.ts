/**
 * Text from a log, AWS or Airflow on its way into one of our pseudo-terminals: the terminal
 * interprets control characters, so none from outside may reach it as such. That includes the C1
 * range (U+0080-U+009F): xterm.js reads U+009B as CSI, U+009D as OSC, U+0090 as DCS, exactly as
 * ESC [, ESC ] and ESC P, so `\u009b2J` would clear the screen as `\x1b[2J` does.
 */

/**
 * C0 but tab and line feed (callers split lines on it), DEL and C1; each becomes a visible U+FFFD,
 * so nothing is silently lost.
 */
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/** `text` with its control characters (all but tab and line feed) shown as U+FFFD. */
export function neutraliseControls(text: string): string {
  return text.replace(CONTROLS, '\uFFFD');
}
