/**
 * Generated requirements files: random requirement and option lines (valid, nearly valid and
 * junk), an in-memory folder of files that include each other, and adversarial shapes described
 * by a small recipe.
 */
import * as path from 'node:path';
import fc from 'fast-check';
import { unicodeText } from './fuzzHarness';

const NAMES = ['apache-airflow', 'boto3', 'Flask', 'requests', 'apache-airflow-providers-amazon', 'pandas', 'my_pkg', 'A.b-c'];
const SPECS = ['', '==1.0', '>=1,<2', '~=2.1', '===x', '!=1.*', '>=', '== 1 . 0', '(>=1)', '==2.10.3', '<0', '>=1;', '==1.0.0rc1', '@ https://x/y-1.0-py3-none-any.whl'];
const MARKERS = ['', ' ; python_version < "3.9"', '; sys_platform=="linux"', ' ;', '; (((', ' # comment'];
const TRAILING = ['', ' --hash=sha256:abc', ' --hash sha256:def', ' --config-settings k=v', ' -r a.txt', ' --pre'];
/** Where -r/-c lines point: files of the in-memory folder, missing ones, self, outside, odd values. */
export const TARGETS = ['a.txt', 'sub/b.txt', '../up.txt', '/abs/c.txt', 'missing.txt', 'req.txt', '/usr/local/airflow/dags/d.txt', '.', '"a.txt"', 'sub/../a.txt', 'é.txt'];
const OPTION_LINES = [
  '-r {t}', '-c {t}', '--requirement={t}', '-r{t}', '--constraint "{t}"', '-e {t}', '-e git+https://x/y.git#egg=z', '-i https://u:p@pypi.example/simple',
  '--index-url https://pypi.example/simple', '--extra-index-url https://x', '--find-links /usr/local/airflow/plugins', '--no-index', '--pre',
  '--foo', '-r', '-c', '--hash=sha256:abc', '--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-2.9.2/constraints-3.11.txt"',
  '--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt"', '--trusted-host h',
];
const URL_LINES = ['https://u:p@h/x-1.0-py3-none-any.whl', 'git+https://x/y.git#egg=z', './local', 'file:///x/pkg-2.0.tar.gz', 'C:\\wheels\\a-1.0.whl', '~/pkg'];

const requirementLine = fc
  .tuple(fc.constantFrom(...NAMES), fc.constantFrom('', '[extra]', '[a, b]', '[', '[]'), fc.constantFrom(...SPECS), fc.constantFrom(...MARKERS), fc.constantFrom(...TRAILING))
  .map((parts) => parts.join(''));

const optionLine = fc.tuple(fc.constantFrom(...OPTION_LINES), fc.constantFrom(...TARGETS)).map(([line, t]) => line.replace('{t}', t));

const junkLine = fc.oneof(
  unicodeText(30),
  unicodeText(10),
  fc.constantFrom('', '#', '\\', '"\'', 'a \\', '  \t', '; x', '[', '-', '--', '==', '@'),
);

const line = fc.oneof({ weight: 4, arbitrary: requirementLine }, { weight: 3, arbitrary: optionLine }, { weight: 1, arbitrary: fc.constantFrom(...URL_LINES) }, { weight: 2, arbitrary: junkLine });

/** A random requirements file (line ends vary: LF, CRLF, a continuation). */
export const requirementsText: fc.Arbitrary<string> = fc
  .array(fc.tuple(line, fc.constantFrom('\n', '\n', '\r\n', ' \\\n', '')), { maxLength: 40 })
  .map((lines) => lines.map(([l, end]) => l + end).join(''));

/** Lines shaped like /proc/self/environ or a .env file: what an include must never echo back. */
export const secretLine = fc
  .tuple(fc.constantFrom('AWS_SECRET_ACCESS_KEY', 'GITHUB_TOKEN', 'password', 'DB_URL'), fc.stringMatching(/^[A-Za-z0-9]{12,24}$/), fc.constantFrom('=', ': ', '=="', ' '))
  .map(([k, v, sep]) => ({ line: `${k}${sep}${v}`, value: v }));

/** The checked file is /w/req.txt; the others are what it may include. */
export const FOLDER = '/w';
export const DAG_FOLDER = '/d';
export const INCLUDABLE = ['/w/a.txt', '/w/sub/b.txt', '/up.txt', '/abs/c.txt', '/d/d.txt', '/w/é.txt'];

export interface IncludeTree {
  readonly top: string;
  /** Included files' text by absolute path. */
  readonly files: ReadonlyMap<string, string>;
  /** Values of secret-shaped lines placed in included files. */
  readonly secrets: readonly string[];
}

export const includeTree: fc.Arbitrary<IncludeTree> = fc
  .tuple(requirementsText, fc.array(fc.tuple(fc.constantFrom(...INCLUDABLE), requirementsText, fc.array(secretLine, { maxLength: 3 })), { maxLength: 6 }))
  .map(([top, entries]) => {
    const files = new Map<string, string>();
    const secrets: string[] = [];
    for (const [file, text, lines] of entries) {
      files.set(file, [text, ...lines.map((l) => l.line)].join('\n'));
      secrets.push(...lines.map((l) => l.value));
    }
    return { top, files, secrets };
  });

/** An in-memory reader (the checker's readFile) that counts its calls. */
export function memoryReader(files: ReadonlyMap<string, string>): { read: (file: string) => string | undefined; calls: () => number } {
  let calls = 0;
  return {
    read: (file: string) => {
      calls++;
      return files.get(path.posix.resolve(file));
    },
    calls: () => calls,
  };
}

export type ReqShape =
  | 'longSpecifier' | 'longUrl' | 'wheelish' | 'eggAmpersands' | 'manyLines' | 'continuations' | 'longExtras'
  | 'longMarker' | 'manyIncludes' | 'manyHashes' | 'longName' | 'credentialsUrl' | 'manyConstraints' | 'longLine';

export const REQ_SHAPES: readonly ReqShape[] = [
  'longSpecifier', 'longUrl', 'wheelish', 'eggAmpersands', 'manyLines', 'continuations', 'longExtras',
  'longMarker', 'manyIncludes', 'manyHashes', 'longName', 'credentialsUrl', 'manyConstraints', 'longLine',
];

export interface ReqRecipe {
  readonly shape: ReqShape;
  readonly n: number;
}

export const reqRecipe: fc.Arbitrary<ReqRecipe> = fc.record({
  shape: fc.constantFrom(...REQ_SHAPES),
  n: fc.oneof(fc.constantFrom(2000, 10_000), fc.integer({ min: 1, max: 10_000 })),
});

/** The text of a recipe, at most about 200 KB. */
export function requirementsOf({ shape, n }: ReqRecipe): string {
  switch (shape) {
    case 'longSpecifier': return `boto3${'>=1,'.repeat(n)}>=1\n`;
    case 'longUrl': return `https://x/${'a'.repeat(n * 10)}#egg=\n`;
    case 'wheelish': return `./${'a-1'.repeat(n)}.whl\n`;
    case 'eggAmpersands': return `-e git+https://x/y.git#${'&'.repeat(n * 10)}egg\n`;
    case 'manyLines': return Array.from({ length: n * 2 }, (_, i) => `pkg${i}==1.${i}`).join('\n') + '\n';
    case 'continuations': return 'boto3 \\\n'.repeat(n) + '==1\n';
    case 'longExtras': return `pkg[${'x,'.repeat(n)}]==1\n`;
    case 'longMarker': return `pkg==1 ; ${'('.repeat(n)}python_version<"3"\n`;
    case 'manyIncludes': return '-r a.txt\n'.repeat(n);
    case 'manyHashes': return `boto3==1.0 ${'--hash=sha256:abc '.repeat(n)}\n`;
    case 'longName': return `${'a'.repeat(n * 10)}==1\n`;
    case 'credentialsUrl': return `-i https://${'u:'.repeat(n)}p@h/simple\n`;
    case 'manyConstraints': return '--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-2.9.2/constraints-3.11.txt"\n'.repeat(Math.min(n, 2000));
    case 'longLine': return `${'a '.repeat(n * 10)}\n`;
  }
}

export const describeReqRecipe = (r: ReqRecipe) => `${r.shape} n=${r.n}`;
