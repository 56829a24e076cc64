import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { ensureLocalFiles, LocalFileError, localFilePaths, MAX_LOCAL_FILE_BYTES, readLocalFiles } from '../../../src/core/localRun/localFiles';

function workspace(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-localfiles-'));
}

test('first use creates .mwaa/ with an example variable, an example connection and a README; later uses change nothing', () => {
  const ws = workspace();
  const first = ensureLocalFiles(ws);
  assert.equal(first.variables, path.join(ws, '.mwaa', 'variables.json'));
  assert.equal(first.connections, path.join(ws, '.mwaa', 'connections.json'));
  assert.deepEqual(first.created.map((f) => path.basename(f)).sort(), ['README.md', 'connections.json', 'variables.json']);
  const read = readLocalFiles(first);
  const [[key, value]] = Object.entries(read.variables) as [[string, string]];
  assert.equal(key, 'example_variable');
  assert.match(value, /LocalFilesystemBackend/);
  assert.match(value, /never uploaded/);
  assert.equal(typeof read.connections.example_connection, 'object');
  assert.match(fs.readFileSync(path.join(ws, '.mwaa', 'README.md'), 'utf8'), /never uploaded/);
  // The user's own content is never rewritten.
  fs.writeFileSync(first.variables, '{"mine": "kept"}');
  const second = ensureLocalFiles(ws);
  assert.deepEqual(second.created, []);
  assert.deepEqual(readLocalFiles(second).variables, { mine: 'kept' });
  // A missing file is made again, alone.
  fs.rmSync(first.connections);
  assert.deepEqual(ensureLocalFiles(ws).created, [first.connections]);
});

test('.mwaa that is not a folder is reported, not replaced', () => {
  const ws = workspace();
  fs.writeFileSync(path.join(ws, '.mwaa'), 'a file');
  assert.throws(() => ensureLocalFiles(ws), LocalFileError);
  assert.equal(fs.readFileSync(path.join(ws, '.mwaa'), 'utf8'), 'a file');
});

test('bad JSON: the error names the file and the line, and the file is left as it is', () => {
  const ws = workspace();
  const p = ensureLocalFiles(ws);
  const text = '{\n  "a": "1",\n  "b": "2"\n  "c": "3"\n}\n';
  fs.writeFileSync(p.variables, text);
  assert.throws(() => readLocalFiles(p), (e: unknown) => {
    assert.ok(e instanceof LocalFileError);
    assert.equal(e.file, p.variables);
    assert.equal(e.line, 4);
    assert.match(e.message, /variables\.json is not valid JSON \(line 4\)/);
    return true;
  });
  assert.equal(fs.readFileSync(p.variables, 'utf8'), text);
  fs.writeFileSync(p.variables, '{\n  "a": "1",\n');
  assert.throws(() => readLocalFiles(p), (e: unknown) => e instanceof LocalFileError && e.line !== undefined && e.line >= 2);
});

test('values Airflow would not read as meant are refused with the key\'s line', () => {
  const ws = workspace();
  const p = ensureLocalFiles(ws);
  fs.writeFileSync(p.variables, '{\n  "ok": "x",\n  "n": 3\n}');
  assert.throws(() => readLocalFiles(p), (e: unknown) => e instanceof LocalFileError && e.line === 3 && /"n" must be a string/.test(e.message));
  fs.writeFileSync(p.variables, '["a"]');
  assert.throws(() => readLocalFiles(p), /one JSON object/);
  fs.writeFileSync(p.variables, '{}');
  fs.writeFileSync(p.connections, '{\n  "db": "postgres://u:p@localhost/db",\n  "http": {"conn_type": "http", "hots": "x"}\n}');
  assert.throws(() => readLocalFiles(p), (e: unknown) => e instanceof LocalFileError && e.file === p.connections && e.line === 3 && /hots/.test(e.message));
  fs.writeFileSync(p.connections, '{"db": 5}');
  assert.throws(() => readLocalFiles(p), /URI \(a string\) or an object/);
});

test('reads are bounded and keys stay keys', () => {
  const ws = workspace();
  const p = ensureLocalFiles(ws);
  fs.writeFileSync(p.variables, `{"big": "${'x'.repeat(MAX_LOCAL_FILE_BYTES)}"}`);
  assert.throws(() => readLocalFiles(p), /at most/);
  fs.writeFileSync(p.variables, '\uFEFF{"__proto__": "v", "constructor": "c"}');
  const read = readLocalFiles(p);
  assert.equal(Object.getPrototypeOf(read.variables), Object.prototype);
  assert.deepEqual(Object.keys(read.variables), ['__proto__', 'constructor']);
  fs.rmSync(p.variables);
  assert.throws(() => readLocalFiles(localFilePaths(ws)), /missing/);
});
