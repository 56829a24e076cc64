/**
 * A deterministic zip writer (deflate via node:zlib, no dependency): the same files give the
 * same bytes, so rebuilding an unchanged plugins folder gives an identical archive. Entries are
 * sorted by path and stamped 1980-01-01 00:00 (the earliest DOS time); no extra fields, no
 * per-machine metadata. Plain zip only (no ZIP64): MWAA's plugins.zip is far below 4 GiB.
 */
import * as zlib from 'node:zlib';
import { UserFacingError } from '../errors';

export interface ZipInput {
  /** Relative, `/`-separated path inside the archive. */
  readonly path: string;
  readonly data: Uint8Array;
  readonly executable?: boolean;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;
const UTF8_FLAG = 1 << 11;
const MAX_32 = 0xffffffff;

export function buildZip(files: readonly ZipInput[]): Buffer {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (sorted.length > 0xffff) throw new UserFacingError(`Too many files for a zip without ZIP64 (${sorted.length}; at most 65,535).`);
  const seen = new Set<string>();
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const file of sorted) {
    if (seen.has(file.path)) throw new Error(`zip: duplicate entry ${file.path}`);
    seen.add(file.path);
    const name = Buffer.from(file.path, 'utf8');
    const data = Buffer.from(file.data.buffer, file.data.byteOffset, file.data.byteLength);
    const crc = zlib.crc32(data) >>> 0;
    const deflated = zlib.deflateRawSync(data, { level: 9 });
    // Stored when deflate does not help (already compressed files, tiny files).
    const stored = deflated.length >= data.length;
    const body = stored ? data : deflated;
    if (data.length > MAX_32 || body.length > MAX_32 || offset > MAX_32) throw new UserFacingError(`${file.path} is too large for plugins.zip (over 4 GiB).`);
    const flags = /[^\x20-\x7e]/.test(file.path) ? UTF8_FLAG : 0;
    const method = stored ? 0 : 8;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10); // time 00:00:00
    local.writeUInt16LE(DOS_DATE_1980_01_01, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // no extra field

    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(CENTRAL_HEADER, 0);
    entry.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0 (so the mode below counts)
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(flags, 8);
    entry.writeUInt16LE(method, 10);
    entry.writeUInt16LE(0, 12);
    entry.writeUInt16LE(DOS_DATE_1980_01_01, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(body.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt16LE(0, 30); // extra
    entry.writeUInt16LE(0, 32); // comment
    entry.writeUInt16LE(0, 34); // disk
    entry.writeUInt16LE(0, 36); // internal attributes
    entry.writeUInt32LE(((file.executable ? 0o100755 : 0o100644) << 16) >>> 0, 38);
    entry.writeUInt32LE(offset, 42);

    chunks.push(local, name, body);
    central.push(entry, name);
    offset += local.length + name.length + body.length;
  }
  const centralBytes = Buffer.concat(central);
  if (offset > MAX_32) throw new UserFacingError('plugins.zip would be over 4 GiB.');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL, 0);
  end.writeUInt16LE(0, 4);
  end.writeUInt16LE(0, 6);
  end.writeUInt16LE(sorted.length, 8);
  end.writeUInt16LE(sorted.length, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(0, 20);
  return Buffer.concat([...chunks, centralBytes, end]);
}
