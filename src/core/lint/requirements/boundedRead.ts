import * as fs from 'node:fs';

/** What reading a file with a byte cap gave. */
export type BoundedRead =
  | { readonly kind: 'read'; readonly bytes: Buffer }
  /** Over the cap: `size` is the size stat reports, or the cap + 1 bytes actually read. */
  | { readonly kind: 'tooLarge'; readonly size: number }
  /** A device, pipe, socket or folder: never read (a device may never end, a pipe may block). */
  | { readonly kind: 'notRegular' };

const CHUNK = 64 * 1024;
// Opening a FIFO for reading blocks until a writer comes, unless non-blocking (POSIX only).
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/**
 * Reads a regular file, at most `maxBytes` bytes. The stat size is not trusted (files under /proc
 * report 0 and files grow): at most `maxBytes + 1` bytes are read and one more than the cap means
 * too large. Throws like fs does when the file cannot be opened.
 */
export function readBounded(file: string, maxBytes: number): BoundedRead {
  // Checked before opening too: opening some devices has effects of its own.
  if (!fs.statSync(file).isFile()) return { kind: 'notRegular' };
  const fd = fs.openSync(file, OPEN_FLAGS);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { kind: 'notRegular' };
    if (stat.size > maxBytes) return { kind: 'tooLarge', size: stat.size };
    const chunks: Buffer[] = [];
    let total = 0;
    while (total <= maxBytes) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
    }
    if (total > maxBytes) return { kind: 'tooLarge', size: total };
    return { kind: 'read', bytes: Buffer.concat(chunks, total) };
  } finally {
    fs.closeSync(fd);
  }
}
