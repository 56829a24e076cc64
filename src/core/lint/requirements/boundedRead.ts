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
    // Sized from the stat (one read, and one that finds the end); grown if the file is longer. Small
    // sizes come from Node's shared buffer pool, not an allocation per file.
    let buf: Buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, stat.size + 1));
    let total = 0;
    while (total <= maxBytes) {
      if (total === buf.length) buf = grown(buf, Math.min(maxBytes + 1, buf.length + Math.max(CHUNK, buf.length)));
      const n = fs.readSync(fd, buf, total, buf.length - total, null);
      if (n === 0) break;
      total += n;
      // Exactly the size stat gave and short of the byte past it: the end (a regular file reads in
      // full up to its end). Sizes that lie (/proc: 0, sysfs: 4096) read on until a read gives nothing.
      if (total === stat.size && total < buf.length) break;
    }
    if (total > maxBytes) return { kind: 'tooLarge', size: total };
    return { kind: 'read', bytes: buf.subarray(0, total) };
  } finally {
    fs.closeSync(fd);
  }
}

/** A bigger buffer holding `buf`'s bytes. */
function grown(buf: Buffer, size: number): Buffer {
  const next = Buffer.allocUnsafe(size);
  buf.copy(next);
  return next;
}
