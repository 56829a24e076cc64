/**
 * The lint core's public surface (vscode-free). Data is read from a folder at run time
 * (`loadRuleTable(dir)`, `loadConstraints(dir, version)`); nothing here embeds the JSON.
 */
export { compareVersions, gateRule, isValidAirflowVersion, type VersionTarget } from './airflowVersion';
export { applyFixes, mergeFixEdits } from './applyFixes';
export {
  constraintsUrl,
  loadConstraints,
  loadConstraintsIndex,
  parseConstraintPins,
  providerRequirementLine,
  pythonVersionFor,
  requiresConstraintLine,
  type ConstraintsIndex,
  type EnvironmentConstraints,
} from './constraints';
export { findDataDir } from './dataDir';
export { extractDagIds, findDuplicateDagIds, type DagDefinition } from './python/dagIds';
export { IncrementalPythonLint } from './python/incrementalLint';
export { MAX_FINDINGS_PER_FILE, notCheckedFinding } from './python/lintLimits';
export { lintPythonDocument, PythonLinter, type PythonLintResult } from './python/lintPython';
export type { LintRequest } from './python/lintSession';
export { DEFAULT_LINT_TIMEOUT_MS, LintWorkerClient, type LintOutcome, type LintWorkerOptions } from './python/lintWorkerClient';
export { createPythonParser, locateWasm, PythonDocument, PythonParser, type PythonParserOptions, type TextChange } from './python/pythonParser';
export { checkRequirements, type RequirementsCheckOptions, type RequirementsCheckResult } from './requirements/constraintsChecker';
export { normalizeName } from './requirements/packageName';
export { addRequirementEdit } from './requirements/requirementEdits';
export { parseRequirements, type ParsedOption, type ParsedRequirement, type RequirementsFile } from './requirements/requirementsParser';
export { indexRuleTable, loadRuleTable, replacementFor, type RuleTable, type RuleTableData } from './ruleTable';
export { controlFindings, type FindingControl, type RuleLevelEntry, type ShownFinding, type ShownSeverity } from './suppression/findingControl';
export { buildNoqaIndex, isSuppressed, withoutSuppressed, type NoqaIndex, type NoqaLanguage } from './suppression/noqaIndex';
export { findProjectConfig, type ProjectConfig } from './suppression/projectConfig';
export { airCodesRuffReports, findRuffConfig, ruffLayerOf, SHARED_RUFF_CODES, type RuffConfig, type RuffLayer } from './suppression/ruffConfig';
export { isSelector, parseSelector, RuleSelection, type RuleSelector } from './suppression/ruleSelectors';
export { TextIndex } from './textIndex';
export type { Finding, Fix, FixKind, Position, Range, Severity, TextEdit } from './types';
export { formatUpgradeReport } from './upgradeReport';
