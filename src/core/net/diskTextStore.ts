/**
 * A folder of cached texts for RemoteTextCache: one `<sha256>.txt` per URL, its mtime the fetch
 * time. Reads are bounded; writes are atomic (a half-written file would read as a short copy);
 * the folder keeps the newest few files and nothing else.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CachedText, TextStore } from './remoteTextCache';

const KEY = /^[0-9a-f]{64}$/;
const FILE = /^[0-9a-f]{64}\.txt$/;
const STALE_TEMP_MS = 60 * 60_000;

export class DiskTextStore implements TextStore {
  constructor(private readonly dir: string, private readonly maxBytes: number, private readonly maxFiles = 32) {}

  read(key: string): CachedText | undefined {
    try {
      const file = this.fileOf(key);
      const stat = fs.statSync(file);
      if (!stat.isFile() || stat.size > this.maxBytes) return undefined;
      return { text: fs.readFileSync(file, 'utf8'), savedAt: stat.mtimeMs };
    } catch {
      return undefined;
    }
  }

  write(key: string, text: string): void {
    const file = this.fileOf(key);
    fs.mkdirSync(this.dir, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, text);
    fs.renameSync(temp, file);
    this.tidy(path.basename(file));
  }

  private fileOf(key: string): string {
    if (!KEY.test(key)) throw new Error('not a cache key');
    return path.join(this.dir, `${key}.txt`);
  }

  /**
   * Removes what is not a current cache file (copies named after their URL by earlier versions:
   * those names held the URL's query, tokens included) and all but the newest `maxFiles` copies.
   */
  private tidy(justWritten: string): void {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return;
    }
    const kept: { name: string; mtime: number }[] = [];
    for (const name of names) {
      const file = path.join(this.dir, name);
      try {
        const stat = fs.lstatSync(file);
        if (!stat.isFile()) continue;
        if (FILE.test(name)) kept.push({ name, mtime: name === justWritten ? Infinity : stat.mtimeMs });
        // A temp file is another window's write in progress, unless it is old (a crash).
        else if (!name.endsWith('.tmp') || Date.now() - stat.mtimeMs > STALE_TEMP_MS) fs.unlinkSync(file);
      } catch {
        // Gone already, or not ours to remove: the next write tries again.
      }
    }
    kept.sort((a, b) => b.mtime - a.mtime);
    for (const { name } of kept.slice(this.maxFiles)) {
      try {
        fs.unlinkSync(path.join(this.dir, name));
      } catch {
        // As above.
      }
    }
  }
}
