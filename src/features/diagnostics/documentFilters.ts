import * as path from 'node:path';
import type * as vscode from 'vscode';

/** Files over this size are not linted (a generated file, a data dump renamed .py). */
export const MAX_LINT_BYTES = 5 * 1024 * 1024;

/** Schemes whose documents are the user's own text (not git history, output, settings…). */
const LINTED_SCHEMES = new Set(['file', 'untitled', 'vscode-remote']);

// A cheap test before the parser is involved: an import of airflow at the start of a line
// (indented imports inside try/if count too), also as one of several names (`import os, airflow`).
const IMPORTS_AIRFLOW = /^[ \t]*(?:from[ \t]+airflow\b|import[ \t]+(?:[\w.]+(?:[ \t]+as[ \t]+\w+)?[ \t]*,[ \t]*)*airflow\b)/m;

export function importsAirflow(text: string): boolean {
  return text.includes('airflow') && IMPORTS_AIRFLOW.test(text);
}

export function isLintableScheme(uri: vscode.Uri): boolean {
  return LINTED_SCHEMES.has(uri.scheme);
}

export function isPythonDocument(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'python' && isLintableScheme(doc.uri);
}

/** requirements*.txt and friends; constraints files share the language but are not requirements. */
export function isRequirementsDocument(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'pip-requirements' && isLintableScheme(doc.uri) && !/^constraints/i.test(path.basename(doc.uri.path));
}

/** Over the limit? Counting UTF-16 units first keeps the common case free of an encode. */
export function isTooLarge(text: string): boolean {
  if (text.length * 3 <= MAX_LINT_BYTES) return false;
  return Buffer.byteLength(text, 'utf8') > MAX_LINT_BYTES;
}

/** Folders whose .py files are installed packages or caches, never the user's DAGs. */
export const EXCLUDED_DIRS = ['node_modules', '.git', '.venv', 'venv', '__pycache__', 'site-packages', '.tox', '.mypy_cache', '.ruff_cache'];
export const EXCLUDE_GLOB = `**/{${EXCLUDED_DIRS.join(',')}}/**`;

export function isInExcludedDir(fsPath: string): boolean {
  return fsPath.split(/[\\/]/).some((segment) => EXCLUDED_DIRS.includes(segment));
}
