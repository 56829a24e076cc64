/**
 * The checks of one requirement against what MWAA installs: Airflow itself (REQ005), MWAA's
 * essential pins (REQ004), the constraints in force (REQ003), and a version that floats to the
 * newest release (REQ006). A line whose marker is false on MWAA's platform is not installed, so
 * it is not checked. Messages on an included file name the line instead of quoting it; names and
 * versions from the bundled constraints data are still named.
 */
import { satisfies, valid } from '@renovatebot/pep440';
import type { EnvironmentConstraints } from '../constraints';
import type { Finding, Fix, Range } from '../types';
import type { PinSet } from './constraintsInForce';
import { lineOf, type FileUnit } from './includeWalk';
import { evaluateMarker, type MarkerEnvironment } from './markerEvaluation';
import type { ParsedRequirement, Span } from './requirementsParser';

export interface RequirementContext {
  readonly env: EnvironmentConstraints;
  /** The constraints pip applies besides the essential pins (none: only the essential pins). */
  readonly sets: readonly PinSet[];
  readonly markerEnv: MarkerEnvironment;
  /** `--no-index`: packages come from --find-links only, never the newest release on the index. */
  readonly noIndex: boolean;
}

/** What a requirement says of its version: a specifier (maybe empty), a wheel's version, or a URL of unknown version. */
type Claim = { readonly kind: 'specifier' } | { readonly kind: 'wheel'; readonly version: string } | { readonly kind: 'url' };

const REQUIRES_LOWER_ONLY = /^(>=|>|!=)/;
const PIN_ADVICE = 'pin it with == to the version you tested';

export function checkRequirement(unit: FileUnit, req: ParsedRequirement, ctx: RequirementContext): void {
  if (!req.normalizedName) return;
  if (req.markerTree && evaluateMarker(req.markerTree, ctx.markerEnv) === false) return;
  const claim: Claim = req.url ? (req.wheelVersion ? { kind: 'wheel', version: req.wheelVersion } : { kind: 'url' }) : { kind: 'specifier' };
  const span: Span = req.specifierSpan ? { start: req.nameSpan.start, end: req.specifierSpan.end } : req.nameSpan;
  const whole = unit.index.range(span.start, span.end);
  const { env } = ctx;
  if (req.normalizedName === 'apache-airflow') {
    if (conflicts(req, claim, env.airflowVersion, true)) {
      const what = unit.included ? `apache-airflow (${lineOf(unit, req.nameSpan)})` : subjectOf(req, claim);
      unit.findings.push(finding(whole, 'REQ005', 'error', `${what} differs from the environment's Airflow ${env.airflowVersion}`, alignFix(unit, req, env.airflowVersion)));
    }
    return;
  }
  const essential = env.essential.get(req.normalizedName);
  if (essential !== undefined) {
    if (conflicts(req, claim, essential, true)) unit.findings.push(finding(whole, 'REQ004', 'error', essentialMessage(unit, req, claim, essential), alignFix(unit, req, essential)));
    return;
  }
  // pip applies every set: the first one the requirement cannot meet is reported.
  let constrained = false;
  for (const set of ctx.sets) {
    const pinned = set.pins.get(req.normalizedName);
    if (pinned === undefined) continue;
    constrained = true;
    if (!conflicts(req, claim, pinned, false)) continue;
    const what = unit.included ? `The requirement on ${lineOf(unit, req.nameSpan)}` : subjectOf(req, claim);
    const verb = claim.kind === 'specifier' ? 'excludes' : 'is not';
    unit.findings.push(finding(whole, 'REQ003', 'error', `${what} ${verb} the constrained version ${shownVersion(pinned)}; pip will fail to resolve`, alignFix(unit, req, pinned)));
    return;
  }
  if (!constrained) checkFloating(unit, req, ctx, whole);
}

/**
 * REQ006: not pinned (or only bounded below) and in no constraints, so every update installs the
 * newest release; a package MWAA's image has at a version the requirement allows stays as it is.
 */
function checkFloating(unit: FileUnit, req: ParsedRequirement, ctx: RequirementContext, whole: Range): void {
  if (req.url || req.editable || ctx.noIndex) return;
  const clauses = req.specifier === '' ? [] : req.specifier.split(',');
  if (!clauses.every((c) => REQUIRES_LOWER_ONLY.test(c))) return;
  const inImage = ctx.env.pins.get(req.normalizedName);
  if (inImage !== undefined && !excludes(req.specifier, inImage)) return;
  const lowerOnly = clauses.length > 0;
  const state = lowerOnly ? 'has only a lower bound and is not' : 'is not pinned and not';
  const what = unit.included ? `The requirement on ${lineOf(unit, req.nameSpan)}` : `${req.name}${req.specifier}`;
  const range = lowerOnly ? whole : unit.index.range(req.nameSpan.start, req.nameSpan.end);
  unit.findings.push(finding(range, 'REQ006', 'warning', `${what} ${state} in the constraints: MWAA installs the newest release at every update; ${PIN_ADVICE}`, []));
}

function essentialMessage(unit: FileUnit, req: ParsedRequirement, claim: Claim, essential: string): string {
  if (unit.included) return `${req.normalizedName} (${lineOf(unit, req.nameSpan)}) is an MWAA essential pin (${req.normalizedName}==${essential}); MWAA does not let it be overridden`;
  if (claim.kind === 'specifier') return `${req.name} is an MWAA essential pin (${req.name}==${essential}); MWAA does not let it be overridden`;
  return `${subjectOf(req, claim)} overrides an MWAA essential pin (${req.name}==${essential}); MWAA does not let it be overridden`;
}

/** How the checked file's own requirement is named in a message. */
function subjectOf(req: ParsedRequirement, claim: Claim): string {
  if (claim.kind === 'wheel') return `${req.name} ${claim.version} (the version in the wheel's file name)`;
  if (claim.kind === 'url') return `${req.name} from a URL`;
  return `${req.name}${req.specifier}`;
}

/** Whether the requirement cannot be `version`; a URL of unknown version conflicts only where any override does. */
function conflicts(req: ParsedRequirement, claim: Claim, version: string, unknownConflicts: boolean): boolean {
  if (claim.kind === 'url') return unknownConflicts;
  if (claim.kind === 'wheel') return !valid(version) || !satisfies(claim.version, `==${version}`, { prereleases: true });
  return excludes(req.specifier, version);
}

function excludes(specifier: string, version: string): boolean {
  return specifier !== '' && !satisfies(version, specifier, { prereleases: true });
}

/** A pin's version for a message; pins may come from a local constraints file, so only a real version is quoted. */
function shownVersion(pinned: string): string {
  return valid(pinned) ? pinned : '(not a valid version)';
}

function alignFix(unit: FileUnit, req: ParsedRequirement, version: string): Fix[] {
  if (!req.specifierSpan) return [];
  return [{ kind: 'alignVersion', title: `Use ${req.name}==${version}`, edits: [{ range: unit.index.range(req.specifierSpan.start, req.specifierSpan.end), newText: `==${version}` }] }];
}

function finding(range: Range, code: string, severity: Finding['severity'], message: string, fixes: Fix[]): Finding {
  return { range, code, severity, message, fixes };
}
