/**
 * Whether an import error was raised by another version of a file than the one just uploaded.
 * Airflow re-parses the old file (and refreshes its error's timestamp) until the new one reaches
 * the workers, so a timestamp after the upload is not enough: the code lines the trace quotes for
 * the file must be the uploaded file's lines.
 */
const FRAME_LINE = /^\s*File "([^"]+)", line (\d+)/;
const MAX_TRACE_LINES = 2_000;

/** True when a frame of `rel` in the trace quotes a line that the uploaded `content` does not have there. */
export function quotesOtherContent(stackTrace: string, rel: string, content: string): boolean {
  const trace = stackTrace.replace(/\r\n/g, '\n').split('\n').slice(0, MAX_TRACE_LINES);
  let fileLines: string[] | undefined;
  for (let i = 0; i < trace.length - 1; i++) {
    const m = FRAME_LINE.exec(trace[i]!);
    if (!m || !isFile(m[1]!, rel)) continue;
    const quoted = trace[i + 1]!.trim();
    // No code line (a frame of a file Python could not read back, or the next frame): nothing to compare.
    if (!quoted || FRAME_LINE.test(trace[i + 1]!) || /^\^+$/.test(quoted)) continue;
    fileLines ??= content.replace(/\r\n/g, '\n').split('\n');
    const actual = fileLines[Number(m[2]) - 1];
    if (actual === undefined || actual.trim() !== quoted) return true;
  }
  return false;
}

function isFile(location: string, rel: string): boolean {
  const loc = location.replace(/\\/g, '/');
  return loc === rel || loc.endsWith(`/${rel}`);
}
