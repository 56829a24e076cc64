import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES_FILE } from './ruleTable';

/**
 * Finds the lint data folder: `<dir>/data` beside a bundle, or `src/data` of the source tree
 * above `startDir` (for out/ builds and tests).
 */
export function findDataDir(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  for (let i = 0; i < 8; i++) {
    for (const candidate of [path.join(dir, 'data'), path.join(dir, 'src', 'data')]) {
      if (fs.existsSync(path.join(candidate, RULES_FILE))) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}
