/**
 * What an environment status means for the UI: label, whether the environment can be used,
 * whether it will change by itself (poll it), and how it looks (severity, theme icon, colour).
 */

export type StatusSeverity = 'ok' | 'progress' | 'warning' | 'error' | 'maintenance' | 'unknown';

export interface StatusInfo {
  readonly status: string;
  readonly label: string;
  /** `maybe`: MAINTENANCE and statuses this extension does not know. */
  readonly usable: 'yes' | 'no' | 'maybe';
  /** Changes without user action: poll until it settles. */
  readonly transitional: boolean;
  readonly severity: StatusSeverity;
  /** A codicon id for ThemeIcon (`~spin` animates). */
  readonly icon: string;
  /** A theme colour id for the icon, when the status deserves one. */
  readonly color?: string;
  readonly description: string;
}

type Entry = Omit<StatusInfo, 'status'>;

const TABLE: Record<string, Entry> = {
  AVAILABLE: { label: 'Available', usable: 'yes', transitional: false, severity: 'ok', icon: 'pass', color: 'charts.green', description: 'Ready to use.' },
  CREATING: { label: 'Creating', usable: 'no', transitional: true, severity: 'progress', icon: 'sync~spin', color: 'charts.blue', description: 'Creation in progress.' },
  PENDING: {
    label: 'Pending', usable: 'no', transitional: true, severity: 'progress', icon: 'clock', color: 'charts.blue',
    description: 'Creation is paused until the required VPC endpoints exist; it resumes by itself.',
  },
  UPDATING: { label: 'Updating', usable: 'no', transitional: true, severity: 'progress', icon: 'sync~spin', color: 'charts.blue', description: 'Update in progress.' },
  CREATING_SNAPSHOT: {
    label: 'Creating snapshot', usable: 'no', transitional: true, severity: 'progress', icon: 'sync~spin', color: 'charts.blue',
    description: 'Update in progress: MWAA is snapshotting the metadata database so it can recover.',
  },
  ROLLING_BACK: {
    label: 'Rolling back', usable: 'no', transitional: true, severity: 'warning', icon: 'sync~spin', color: 'charts.yellow',
    description: 'The update failed; MWAA is restoring the latest snapshot.',
  },
  UPDATE_FAILED: {
    label: 'Update failed', usable: 'yes', transitional: false, severity: 'warning', icon: 'warning', color: 'charts.yellow',
    description: 'The update failed, but the environment was restored to its previous state and is usable.',
  },
  CREATE_FAILED: { label: 'Create failed', usable: 'no', transitional: false, severity: 'error', icon: 'error', color: 'charts.red', description: 'Creation failed; the environment was not created.' },
  UNAVAILABLE: {
    label: 'Unavailable', usable: 'no', transitional: false, severity: 'error', icon: 'error', color: 'charts.red',
    description: 'A request failed and the environment did not return to its previous state; it is not stable.',
  },
  DELETING: { label: 'Deleting', usable: 'no', transitional: true, severity: 'progress', icon: 'sync~spin', color: 'charts.red', description: 'Deletion in progress.' },
  DELETED: { label: 'Deleted', usable: 'no', transitional: false, severity: 'error', icon: 'circle-slash', description: 'The environment was deleted.' },
  MAINTENANCE: {
    label: 'Maintenance', usable: 'maybe', transitional: true, severity: 'maintenance', icon: 'tools', color: 'charts.purple',
    description: 'Under maintenance: it may be unavailable, and returns to its previous status afterwards.',
  },
};

export const KNOWN_STATUSES: readonly string[] = Object.keys(TABLE);

export function statusInfo(status: string | undefined): StatusInfo {
  const key = (status ?? '').trim().toUpperCase();
  const known = TABLE[key];
  if (known) return { status: key, ...known };
  // A status newer than this extension: show it readably, assume nothing about it.
  return {
    status: key || 'UNKNOWN',
    label: key ? humanise(key) : 'Unknown',
    usable: 'maybe',
    transitional: false,
    severity: 'unknown',
    icon: 'question',
    description: key ? `Status ${key} is not known to this version of the MWAA Toolkit.` : 'MWAA returned no status.',
  };
}

function humanise(code: string): string {
  const words = code.toLowerCase().split(/[_\s]+/).filter(Boolean).join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
