/**
 * The variables and connections of local runs: `.mwaa/variables.json` and `.mwaa/connections.json`
 * in the workspace folder, read by Airflow's own LocalFilesystemBackend and by nothing else (the
 * `.mwaa` folder is never uploaded). Made on first use with an example each (JSON has no comments:
 * the example's key and value say what the file is) and a README. Files the user wrote are never
 * rewritten; a file that is not valid is reported with its name and line, and left as it is.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const LOCAL_FOLDER = '.mwaa';
/** A bound on each file: they are read on every run. */
export const MAX_LOCAL_FILE_BYTES = 1024 * 1024;
const MAX_ENTRIES = 10_000;

export interface LocalFilePaths {
  readonly variables: string;
  readonly connections: string;
}

export class LocalFileError extends Error {
  override readonly name = 'LocalFileError';
  constructor(message: string, readonly file: string, readonly line: number | undefined) {
    super(message);
  }
}

const NOTE = 'Local runs only: read by Airflow\'s LocalFilesystemBackend when a task runs on this machine; never uploaded. See .mwaa/README.md';

const VARIABLES_EXAMPLE = { example_variable: NOTE };
const CONNECTIONS_EXAMPLE = {
  example_connection: { conn_type: 'http', host: 'example.com', description: NOTE },
};

const README = `# Local runs: variables and connections

The MWAA Toolkit runs a task or a DAG on this machine (Run/Debug Task Locally, Run/Debug DAG
Locally) with the environment's Airflow. Airflow reads Variables and Connections there from the
files of this folder, through its own \`LocalFilesystemBackend\`; the environment's real secrets
(Secrets Manager, its metadata database) are never read.

- \`variables.json\`: one JSON object, a Variable per key, each value a string. JSON you want to
  read with \`Variable.get(key, deserialize_json=True)\` is written as a string.
  \`{"bucket": "my-test-bucket", "settings": "{\\"retries\\": 2}"}\`
- \`connections.json\`: one JSON object, a Connection per conn_id, each value an Airflow connection
  URI (\`"postgres://user:pass@localhost:5432/db"\`) or an object with \`conn_type\`, \`host\`,
  \`login\`, \`password\`, \`schema\`, \`port\`, \`extra\`, \`description\`.

Both files are used for local runs only: the \`.mwaa\` folder is never uploaded to the
environment's bucket. They can hold credentials of test systems: keep them out of version control
(add \`.mwaa/\` to \`.gitignore\`). The example entries can be deleted.
`;

/** The two files of a workspace folder (they may not exist yet). */
export function localFilePaths(workspaceFolder: string): LocalFilePaths {
  const dir = path.join(path.resolve(workspaceFolder), LOCAL_FOLDER);
  return { variables: path.join(dir, 'variables.json'), connections: path.join(dir, 'connections.json') };
}

/** Writes `text` to `file` unless something is there already (never overwrites the user's file). */
function createOnce(file: string, text: string): boolean {
  try {
    fs.writeFileSync(file, text, { flag: 'wx' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/** Makes `.mwaa/` and its files where missing; `created` lists the files this call wrote. */
export function ensureLocalFiles(workspaceFolder: string): { variables: string; connections: string; created: string[] } {
  const paths = localFilePaths(workspaceFolder);
  const dir = path.dirname(paths.variables);
  const st = fs.lstatSync(dir, { throwIfNoEntry: false });
  if (st && !st.isDirectory()) throw new LocalFileError(`${dir} is not a folder: local runs keep their variables and connections there.`, dir, undefined);
  fs.mkdirSync(dir, { recursive: true });
  const created: string[] = [];
  const files: Array<[string, string]> = [
    [paths.variables, JSON.stringify(VARIABLES_EXAMPLE, null, 2) + '\n'],
    [paths.connections, JSON.stringify(CONNECTIONS_EXAMPLE, null, 2) + '\n'],
    [path.join(dir, 'README.md'), README],
  ];
  for (const [file, text] of files) if (createOnce(file, text)) created.push(file);
  return { ...paths, created };
}

export interface LocalFilesContent {
  readonly variables: Readonly<Record<string, string>>;
  readonly connections: Readonly<Record<string, string | Readonly<Record<string, unknown>>>>;
}

/** 1-based line and column of a character offset. */
function lineOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Where JSON.parse stopped: node reports a position (and, on newer versions, a line). */
function jsonErrorLine(text: string, message: string): number | undefined {
  const lc = /line (\d+) column \d+/.exec(message);
  if (lc) return Number(lc[1]);
  const pos = /position (\d+)/.exec(message);
  if (pos) return lineOf(text, Number(pos[1])).line;
  // "Unexpected end of JSON input": at the end.
  if (/end of JSON/i.test(message)) return text.split('\n').length;
  return undefined;
}

function readObject(file: string): Record<string, unknown> {
  const name = path.basename(file);
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new LocalFileError(`${file} is missing.`, file, undefined);
  }
  if (!st.isFile()) throw new LocalFileError(`${file} is not a file.`, file, undefined);
  if (st.size > MAX_LOCAL_FILE_BYTES) throw new LocalFileError(`${name} is ${st.size} bytes; local runs read at most ${MAX_LOCAL_FILE_BYTES}.`, file, undefined);
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const line = jsonErrorLine(text, (e as Error).message);
    throw new LocalFileError(`${name} is not valid JSON${line ? ` (line ${line})` : ''}: ${(e as Error).message}`, file, line);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LocalFileError(`${name} must be one JSON object ({"key": ...}).`, file, 1);
  }
  if (Object.keys(value).length > MAX_ENTRIES) throw new LocalFileError(`${name} has more than ${MAX_ENTRIES} entries.`, file, undefined);
  return value as Record<string, unknown>;
}

/** The line of `"key":` in the file's text, for messages about one entry. */
function keyLine(file: string, key: string): number | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8');
    const at = text.indexOf(`${JSON.stringify(key)}`);
    return at < 0 ? undefined : lineOf(text, at).line;
  } catch {
    return undefined;
  }
}

/** Connection fields LocalFilesystemBackend accepts (Airflow's Connection parameters). */
const CONNECTION_FIELDS = new Set(['conn_id', 'conn_type', 'description', 'host', 'login', 'password', 'schema', 'port', 'extra', 'extra_dejson', 'uri']);

function checkConnection(file: string, id: string, value: unknown): string | Readonly<Record<string, unknown>> {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LocalFileError(`connections.json: "${id}" must be a connection URI (a string) or an object.`, file, keyLine(file, id));
  }
  const bad = Object.keys(value).filter((k) => !CONNECTION_FIELDS.has(k));
  if (bad.length) {
    throw new LocalFileError(`connections.json: "${id}" has fields Airflow does not know: ${bad.slice(0, 5).join(', ')} (allowed: ${[...CONNECTION_FIELDS].join(', ')}).`, file, keyLine(file, id));
  }
  return value as Record<string, unknown>;
}

/** Reads and checks both files: an error names the file, the line and what to change. */
export function readLocalFiles(paths: LocalFilePaths): LocalFilesContent {
  const vars = readObject(paths.variables);
  for (const [k, v] of Object.entries(vars)) {
    if (typeof v !== 'string') {
      throw new LocalFileError(`variables.json: the value of "${k}" must be a string (write JSON as a string and read it with deserialize_json=True).`, paths.variables, keyLine(paths.variables, k));
    }
  }
  const conns = readObject(paths.connections);
  // fromEntries defines own properties: a "__proto__" key stays a key.
  const variables = Object.fromEntries(Object.entries(vars)) as Record<string, string>;
  const connections = Object.fromEntries(Object.entries(conns).map(([k, v]) => [k, checkConnection(paths.connections, k, v)]));
  return { variables, connections };
}
