import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The lines of the MWAA output channel's file (what the Output panel shows) under a code-server
 * logs folder (<user-data>/logs/<session>/exthost*\/<extension>/MWAA.log): the newest one, as a
 * window reload starts a new session. Undefined when there is none yet. No `vscode` here: the UI
 * tier reads it from outside, the host tier from inside the extension host.
 */
export function mwaaLogLines(logsDir: string): string[] | undefined {
  if (!fs.existsSync(logsDir)) return undefined;
  const files = (fs.readdirSync(logsDir, { recursive: true }) as string[])
    .filter((f) => f.endsWith(`${path.sep}MWAA.log`))
    .map((f) => path.join(logsDir, f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  return files.length ? fs.readFileSync(files[0]!, 'utf8').split('\n') : undefined;
}
