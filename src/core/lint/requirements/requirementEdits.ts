import { TextIndex } from '../textIndex';
import type { TextEdit } from '../types';
import { parseRequirements } from './requirementsParser';
import { normalizeName } from './packageName';

/**
 * The edit that adds `line` (e.g. `apache-airflow-providers-standard==1.0.0`) to a requirements
 * text, at the end; nothing when the project is already listed.
 */
export function addRequirementEdit(requirementsText: string, line: string): TextEdit | undefined {
  const name = normalizeName(/^[A-Za-z0-9._-]+/.exec(line)?.[0] ?? line);
  if (parseRequirements(requirementsText).requirements.some((r) => r.normalizedName === name)) return undefined;
  const index = new TextIndex(requirementsText);
  const end = index.positionAt(requirementsText.length);
  const needsBreak = requirementsText.length > 0 && !/[\r\n]$/.test(requirementsText);
  return { range: { start: end, end }, newText: `${needsBreak ? '\n' : ''}${line}\n` };
}
