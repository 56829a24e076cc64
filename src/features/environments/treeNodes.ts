/**
 * The explorer's nodes as plain data, built from listings by pure functions: which levels show
 * (profile and region only when there is more than one to choose from), where errors go, and each
 * environment's detail rows. The TreeDataProvider only turns these into TreeItems.
 */
import * as vscode from 'vscode';
import type { ClassifiedAwsError } from '../../core/aws/awsErrors';
import { DEFAULT_CREDENTIALS } from '../../core/aws/defaultChain';
import type { UserAction } from '../../core/errors';
import type { MwaaEnvironment } from '../../core/mwaa/environment';
import { dagFolderS3Uri } from '../../core/mwaa/links';
import type { RegionListing } from '../../core/mwaa/listEnvironments';
import { environmentKey } from '../../core/mwaa/environmentKey';

/**
 * The environments feature's own nodes. Nodes under a usable environment may also come from
 * contributors (services.environmentTree: the runs feature's DAGs, runs and import errors).
 */
export type EnvNode = ProfileNode | RegionNode | EnvironmentNode | DetailNode | ErrorNode | ActionNode | MessageNode;

export interface ProfileNode {
  readonly kind: 'profile';
  readonly id: string;
  readonly profile: string;
  readonly children: readonly EnvNode[];
  /** Some region under it failed: shown on the collapsed node so the problem is not hidden. */
  readonly hasErrors: boolean;
}

export interface RegionNode {
  readonly kind: 'region';
  readonly id: string;
  readonly profile: string;
  readonly region: string;
  readonly children: readonly EnvNode[];
  readonly hasErrors: boolean;
}

export interface EnvironmentNode {
  readonly kind: 'environment';
  readonly id: string;
  readonly key: string;
  readonly env: MwaaEnvironment;
  /** The workspace folder names bound to it, for the description. */
  readonly boundTo: readonly string[];
}

/** One line of an environment's details; `copy` is what "Copy" puts on the clipboard. */
export interface DetailNode {
  readonly kind: 'detail';
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly tooltip?: string;
  readonly icon: string;
  readonly copy?: string;
  readonly children?: readonly DetailNode[];
  readonly warning?: boolean;
}

export interface ErrorNode {
  readonly kind: 'error';
  readonly id: string;
  readonly error: ClassifiedAwsError;
  /** What failed, for the description: "mwaa-sandbox · eu-west-1" or an environment name. */
  readonly where: string;
  readonly children: readonly ActionNode[];
}

/** A follow-up of an error, as a clickable child so it works without any menu. */
export interface ActionNode {
  readonly kind: 'action';
  readonly id: string;
  readonly action: UserAction;
}

/** Not trusted, nothing configured, nothing found: a line that says so and what to do. */
export interface MessageNode {
  readonly kind: 'message';
  readonly id: string;
  readonly label: string;
  readonly tooltip: string;
  readonly icon: string;
  readonly action?: UserAction;
}

export interface BuildOptions {
  /** Environment key -> names of folders bound to it. */
  readonly bindings?: ReadonlyMap<string, readonly string[]>;
  /** Fresher states from polling, by environment key; they win over the listing's. */
  readonly overrides?: ReadonlyMap<string, MwaaEnvironment>;
}

/**
 * The root nodes for a set of listings. Profiles appear as a level only when more than one profile
 * is listed; regions only when a profile is listed in more than one region.
 */
export function buildTree(listings: readonly RegionListing[], options: BuildOptions = {}): EnvNode[] {
  const byProfile = new Map<string, RegionListing[]>();
  for (const l of listings) byProfile.set(l.profile, [...(byProfile.get(l.profile) ?? []), l]);
  // The default credentials always show as their own node: they are not a profile the user named.
  const showProfiles = byProfile.size > 1 || byProfile.has(DEFAULT_CREDENTIALS);
  const roots: EnvNode[] = [];
  for (const [profile, regions] of byProfile) {
    const showRegions = regions.length > 1;
    const profileChildren: EnvNode[] = [];
    for (const listing of regions) {
      const children = listingChildren(listing, options);
      if (showRegions) {
        profileChildren.push({
          kind: 'region',
          id: `region:${profile}:${listing.region}`,
          profile,
          region: listing.region,
          children,
          hasErrors: children.some((c) => c.kind === 'error'),
        });
      } else {
        profileChildren.push(...children);
      }
    }
    if (showProfiles) {
      roots.push({
        kind: 'profile',
        id: `profile:${profile}`,
        profile,
        children: profileChildren,
        hasErrors: profileChildren.some((c) => c.kind === 'error' || ((c.kind === 'region' || c.kind === 'profile') && c.hasErrors)),
      });
    } else {
      roots.push(...profileChildren);
    }
  }
  return roots;
}

function listingChildren(listing: RegionListing, options: BuildOptions): EnvNode[] {
  const where = [listing.profile, listing.region].filter(Boolean).join(' · ');
  if (listing.error) return [errorNode(`error:${listing.profile}:${listing.region}`, listing.error, where)];
  const nodes: EnvNode[] = listing.environments.map((listed) => {
    const key = environmentKey(listed);
    const env = options.overrides?.get(key) ?? listed;
    return { kind: 'environment', id: `env:${key}`, key, env, boundTo: options.bindings?.get(key) ?? [] };
  });
  for (const { name, error } of listing.environmentErrors) {
    nodes.push(errorNode(`error:${listing.profile}:${listing.region}:${name}`, error, name));
  }
  if (nodes.length === 0) {
    nodes.push({
      kind: 'message',
      id: `empty:${listing.profile}:${listing.region}`,
      label: listing.region ? vscode.l10n.t('No environments in {0}', listing.region) : vscode.l10n.t('No environments in this region'),
      tooltip: vscode.l10n.t("Profile '{0}' has no MWAA environments in {1}. List other regions with the `mwaa.regions` setting.", listing.profile, listing.region),
      icon: 'info',
      action: { label: vscode.l10n.t('Choose regions'), command: 'workbench.action.openSettings', args: ['mwaa.regions'] },
    });
  }
  return nodes;
}

export function errorNode(id: string, error: ClassifiedAwsError, where: string): ErrorNode {
  return {
    kind: 'error',
    id,
    error,
    where,
    children: error.actions.map((action, i) => ({ kind: 'action', id: `${id}:action:${i}`, action })),
  };
}

/** The detail rows under an environment node. Nothing secret: GetEnvironment's config options are never kept. */
export function environmentDetails(env: MwaaEnvironment): DetailNode[] {
  const id = (suffix: string) => `detail:${environmentKey(env)}:${suffix}`;
  const rows: DetailNode[] = [];
  const push = (suffix: string, label: string, value: string | undefined, icon: string, extra: Partial<DetailNode> = {}) => {
    if (value === undefined || value === '') return;
    rows.push({ kind: 'detail', id: id(suffix), label, value, icon, ...extra });
  };
  // The node's own description says the status; a row only when it needs explaining.
  if (env.statusInfo.severity !== 'ok') push('status', vscode.l10n.t('Status'), env.statusInfo.label, 'pulse', { tooltip: env.statusInfo.description, warning: env.statusInfo.severity === 'warning' || env.statusInfo.severity === 'error' });
  push('airflow', vscode.l10n.t('Airflow'), env.airflowVersion.display.replace(/^Airflow /, ''), 'versions', {
    tooltip: env.airflowVersion.known ? env.airflowVersion.display : vscode.l10n.t('{0}: not one of the releases this extension knows; diagnostics use the closest known one.', env.airflowVersion.display),
    copy: env.airflowVersion.raw,
  });
  const workers = env.minWorkers !== undefined || env.maxWorkers !== undefined ? vscode.l10n.t(', workers {0}–{1}', env.minWorkers ?? '?', env.maxWorkers ?? '?') : '';
  const schedulers = env.schedulers !== undefined ? (env.schedulers === 1 ? vscode.l10n.t(', {0} scheduler', env.schedulers) : vscode.l10n.t(', {0} schedulers', env.schedulers)) : '';
  push('class', vscode.l10n.t('Class'), env.environmentClass ? `${env.environmentClass}${workers}${schedulers}` : undefined, 'server-environment');
  push('webserver', vscode.l10n.t('Web server'), env.webserverUrl, 'globe', {
    tooltip: `${env.webserverUrl ?? ''}${env.webserverAccessMode ? ` (${accessMode(env.webserverAccessMode)})` : ''}`,
    copy: env.webserverUrl,
  });
  const dags = dagFolderS3Uri(env);
  push('dags', vscode.l10n.t('DAGs folder'), dags, 'folder', { copy: dags, tooltip: vscode.l10n.t('DAGs folder {0} (bucket {1})', dags ?? '', env.bucket ?? '?') });
  for (const [suffix, label, artifact] of [
    ['requirements', vscode.l10n.t('Requirements'), env.requirements],
    ['plugins', vscode.l10n.t('Plugins'), env.plugins],
    ['startup', vscode.l10n.t('Startup script'), env.startupScript],
  ] as const) {
    if (!artifact) continue;
    const uri = env.bucket ? `s3://${env.bucket}/${artifact.path}` : artifact.path;
    push(suffix, label, artifact.objectVersion ? `${artifact.path} @ ${shortVersion(artifact.objectVersion)}` : artifact.path, 'file', {
      copy: uri,
      tooltip: `${uri}\n${artifact.objectVersion ? vscode.l10n.t('Object version {0}', artifact.objectVersion) : vscode.l10n.t('No object version pinned')}`,
    });
  }
  if (env.logGroups.length) {
    const enabled = env.logGroups.filter((g) => g.enabled);
    rows.push({
      kind: 'detail',
      id: id('logs'),
      label: vscode.l10n.t('Log groups'),
      value: vscode.l10n.t('{0} of {1} enabled', enabled.length, env.logGroups.length),
      icon: 'output',
      children: env.logGroups.map((g) => ({
        kind: 'detail' as const,
        id: id(`logs:${g.kind}`),
        label: g.kind,
        value: g.enabled ? `${g.name ?? '?'}${g.level ? ` (${g.level})` : ''}` : vscode.l10n.t('disabled'),
        icon: g.enabled ? 'output' : 'circle-slash',
        ...(g.name ? { copy: g.name } : {}),
        ...(g.arn ? { tooltip: g.arn } : {}),
      })),
    });
  }
  const u = env.lastUpdate;
  if (u) {
    const when = u.createdAt ? u.createdAt.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : '';
    const error = u.error ? `${u.error.code ?? 'error'}: ${u.error.message ?? ''}`.trim() : undefined;
    push('lastUpdate', vscode.l10n.t('Last update'), [u.status, when].filter(Boolean).join(', ') || vscode.l10n.t('unknown'), u.error ? 'warning' : 'history', {
      ...(error ? { tooltip: error } : {}),
      warning: Boolean(u.error),
    });
    if (error) push('lastUpdateError', vscode.l10n.t('Update error'), error, 'error', { warning: true, tooltip: error, copy: error });
  }
  push('arn', vscode.l10n.t('ARN'), env.arn, 'tag', { copy: env.arn });
  return rows;
}

export function accessMode(mode: string): string {
  return mode === 'PUBLIC_ONLY' ? vscode.l10n.t('public network access') : mode === 'PRIVATE_ONLY' ? vscode.l10n.t('private network access (VPC only)') : mode;
}

function shortVersion(v: string): string {
  return v.length > 12 ? `${v.slice(0, 10)}…` : v;
}
