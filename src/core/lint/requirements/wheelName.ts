import { valid } from '@renovatebot/pep440';
import { NAME_PATTERN } from './packageName';

/** A wheel's project and version, as its file name states them. */
export interface WheelName {
  readonly name: string;
  readonly version: string;
}

/**
 * The project and version in a wheel's file name (PEP 427:
 * `{name}-{version}[-{build}]-{python}-{abi}-{platform}.whl`), from a URL or a path; undefined for
 * anything else (an sdist, a VCS URL, a name that does not follow the format).
 */
export function wheelName(urlOrPath: string): WheelName | undefined {
  const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(urlOrPath);
  const bare = isUrl ? urlOrPath.split('#')[0]!.split('?')[0]! : urlOrPath;
  let file = bare.slice(Math.max(bare.lastIndexOf('/'), bare.lastIndexOf('\\')) + 1);
  // pip's own test: the extension exactly `.whl`.
  if (!file.endsWith('.whl')) return undefined;
  if (isUrl) {
    try {
      // `torch-2.3.0%2Bcpu-...whl`: a local version's `+` is escaped in URLs.
      file = decodeURIComponent(file);
    } catch {
      return undefined;
    }
  }
  const parts = file.slice(0, -4).split('-');
  if (parts.length !== 5 && parts.length !== 6) return undefined;
  // The optional build tag starts with a digit.
  if (parts.length === 6 && !/^\d/.test(parts[2]!)) return undefined;
  const [name, version] = parts as [string, string];
  if (NAME_PATTERN.exec(name)?.[0] !== name || !valid(version)) return undefined;
  return { name, version };
}
