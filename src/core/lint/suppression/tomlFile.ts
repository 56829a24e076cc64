/**
 * Reading the TOML configuration files a project keeps (pyproject.toml, ruff.toml), bounded, with
 * smol-toml (TOML 1.0/1.1, no dependencies, about 20 KB bundled). Found by walking up from a
 * file's folder, the way ruff finds its configuration.
 */
import * as path from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { readBounded } from '../requirements/boundedRead';

/** A project's configuration file is a few KB; past this it is not read. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** Folders walked up at most (deeper trees exist only to exhaust a walker). */
export const MAX_WALK_UP = 64;

export type TomlRead =
  | { readonly kind: 'parsed'; readonly value: Record<string, unknown> }
  /** No such file (or a folder, device…: nothing to read). */
  | { readonly kind: 'missing' }
  /** The text does not mention what the caller looks for: not parsed. */
  | { readonly kind: 'unrelated' }
  | { readonly kind: 'error'; readonly message: string };

/** `readTomlFile`'s shape (tests pass their own). */
export type TomlReader = (file: string, mentions?: RegExp) => TomlRead;

/**
 * Reads and parses a TOML file. With `mentions`, a file whose text does not match is not parsed
 * (a pyproject.toml without the tool's name cannot hold its table, and need not be valid TOML for us).
 */
export function readTomlFile(file: string, mentions?: RegExp): TomlRead {
  let read;
  try {
    read = readBounded(file, MAX_CONFIG_BYTES);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    return { kind: 'error', message: `cannot read it (${code ?? (err as Error).message})` };
  }
  if (read.kind === 'notRegular') return { kind: 'missing' };
  if (read.kind === 'tooLarge') return { kind: 'error', message: `it is over ${MAX_CONFIG_BYTES / 1024 / 1024} MB` };
  const text = read.bytes.toString('utf8');
  if (mentions && !mentions.test(text)) return { kind: 'unrelated' };
  return parseToml(text);
}

export function parseToml(text: string): TomlRead {
  try {
    return { kind: 'parsed', value: parse(text) as Record<string, unknown> };
  } catch (err) {
    if (err instanceof TomlError) return { kind: 'error', message: `invalid TOML at line ${err.line}, column ${err.column}: ${firstLine(err.message)}` };
    throw err;
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
}

/** A value as a plain table, else undefined. */
export function tableOf(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) ? (value as Record<string, unknown>) : undefined;
}

/** The folders from `dir` up to the root, nearest first (at most MAX_WALK_UP). */
export function* foldersUp(dir: string): Generator<string> {
  let current = path.resolve(dir);
  for (let n = 0; n < MAX_WALK_UP; n++) {
    yield current;
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}
