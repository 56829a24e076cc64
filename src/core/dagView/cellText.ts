/**
 * Colours and words for states and cells: the same theme colours the MWAA tree uses for a state
 * (as `--vscode-*` CSS variables, so the view follows the editor's theme), and what a hover says.
 */
import { formatDuration, stateLook } from '../airflow/runsView';
import type { ViewCell, ViewRun } from './viewTypes';

/** `var(--vscode-charts-blue)` for a state; a neutral colour when there is none. */
export function stateColor(state: string | undefined): string {
  const id = stateLook(state).color;
  return id ? `var(--vscode-${id.replace(/\./g, '-')})` : 'var(--vscode-descriptionForeground)';
}

export function stateLabel(state: string | undefined): string {
  return stateLook(state).label;
}

/** Which state of several (a collapsed group's tasks) is shown: the one that most needs a look. */
const ATTENTION = ['failed', 'upstream_failed', 'up_for_retry', 'running', 'restarting', 'up_for_reschedule', 'deferred', 'queued', 'scheduled', 'success', 'skipped', 'removed'];

export function summaryState(states: readonly (string | undefined)[]): string | undefined {
  let best: string | undefined;
  let bestRank = Infinity;
  for (const s of states) {
    const r = s ? ATTENTION.indexOf(s) : -1;
    const rank = r < 0 ? ATTENTION.length : r;
    if (rank < bestRank) {
      best = s;
      bestRank = rank;
    }
  }
  return best;
}

/** `2026-01-02 10:04:05` (UTC) from an ISO date; the input when it is not one. */
export function clock(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? new Date(t).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '').replace(/Z$/, '') : iso;
}

/** Seconds a cell ran: Airflow's duration, else end - start, else (running) now - start. */
export function cellSeconds(cell: ViewCell, now: number): number | undefined {
  if (cell.duration !== undefined) return cell.duration;
  const s = cell.start ? Date.parse(cell.start) : NaN;
  if (!Number.isFinite(s)) return undefined;
  const e = cell.end ? Date.parse(cell.end) : cell.state === 'running' ? now : NaN;
  return Number.isFinite(e) ? Math.max(0, (e - s) / 1000) : undefined;
}

/** The lines of a cell's hover: task, state and try, then its times. */
export function cellHover(taskLabel: string, cell: ViewCell | undefined, run: ViewRun | undefined, now = Date.now()): string {
  const lines = [`${taskLabel}${run ? ` · ${run.label}` : ''}`];
  if (!cell || !cell.state) {
    lines.push('no status');
    return lines.join('\n');
  }
  const tries = cell.tryNumber > 1 ? ` · try ${cell.tryNumber}` : '';
  const mapped = cell.mapped ? ` · ${cell.mapped} mapped instances` : '';
  lines.push(`${stateLabel(cell.state)}${tries}${mapped}`);
  const times: Array<[string, string | undefined]> = [['queued', clock(cell.queued)], ['started', clock(cell.start)], ['ended', clock(cell.end)]];
  for (const [what, when] of times) if (when) lines.push(`${what} ${when} UTC`);
  const took = formatDuration(cellSeconds(cell, now));
  if (took) lines.push(`took ${took}`);
  return lines.join('\n');
}
