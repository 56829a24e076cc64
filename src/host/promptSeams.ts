import type * as vscode from 'vscode';
import { windowPrompts, type ConfirmOptions, type Prompts, type SwitchablePrompts } from './prompts';

/**
 * How a test answers a question it expects, by the question's id: a button label (or null to
 * dismiss) for a confirmation; for a quick pick, an item by label, several by labels, the items
 * whose fields match, the items ticked by default, or all of them.
 */
export type ScriptedAnswer =
  | string
  | null
  | { readonly label: string }
  | { readonly labels: readonly string[] }
  | { readonly where: Readonly<Record<string, unknown>> }
  | { readonly defaults: true }
  | { readonly all: true };

/** What a test sees of the questions asked while scripted answers were in front. */
export interface AskedPrompt {
  readonly id: string;
  readonly message: string;
  readonly answered: boolean;
}

const MAX_QUEUED = 100;

/**
 * Answers questions from per-id queues that tests fill; a question with no scripted answer goes
 * to the real dialog, so tests that drive the workbench still see it.
 */
export class ScriptedPrompts implements Prompts {
  private readonly queues = new Map<string, ScriptedAnswer[]>();
  readonly asked: AskedPrompt[] = [];

  constructor(private readonly real: Prompts) {}

  script(answers: Readonly<Record<string, ScriptedAnswer | readonly ScriptedAnswer[]>>): void {
    for (const [id, answer] of Object.entries(answers)) {
      const queue = this.queues.get(id) ?? [];
      queue.push(...(Array.isArray(answer) ? (answer as ScriptedAnswer[]) : [answer as ScriptedAnswer]));
      this.queues.set(id, queue.slice(-MAX_QUEUED));
    }
  }

  clear(): void {
    this.queues.clear();
    this.asked.length = 0;
  }

  async confirm(id: string, message: string, options: ConfirmOptions, ...buttons: string[]): Promise<string | undefined> {
    const answer = this.take(id, message);
    if (answer === undefined) return this.real.confirm(id, message, options, ...buttons);
    if (answer === null) return undefined;
    const label = typeof answer === 'string' ? answer : 'label' in answer ? answer.label : undefined;
    if (label === undefined || !buttons.includes(label)) throw new Error(`scripted answer ${JSON.stringify(answer)} to ${id} is not one of its buttons: ${buttons.join(', ')}`);
    return label;
  }

  pick<T extends vscode.QuickPickItem>(id: string, items: readonly T[], options: vscode.QuickPickOptions & { canPickMany: true }): Promise<T[] | undefined>;
  pick<T extends vscode.QuickPickItem>(id: string, items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined>;
  async pick<T extends vscode.QuickPickItem>(id: string, items: readonly T[], options: vscode.QuickPickOptions): Promise<T | T[] | undefined> {
    const answer = this.take(id, options.title ?? options.placeHolder ?? id);
    if (answer === undefined) return this.real.pick(id, items, options as vscode.QuickPickOptions & { canPickMany: true });
    if (answer === null) return undefined;
    const chosen = items.filter((item) => matches(item, answer));
    if (options.canPickMany) return chosen;
    if (chosen.length !== 1) throw new Error(`scripted answer ${JSON.stringify(answer)} to ${id} matches ${chosen.length} items, not one`);
    return chosen[0];
  }

  /** A string answer is typed in (and must pass the box's validation, as a user's would); null dismisses. */
  async input(id: string, options: vscode.InputBoxOptions): Promise<string | undefined> {
    const answer = this.take(id, options.prompt ?? options.title ?? id);
    if (answer === undefined) return this.real.input(id, options);
    if (answer === null) return undefined;
    if (typeof answer !== 'string') throw new Error(`scripted answer to input ${id} must be a string or null`);
    const invalid = await options.validateInput?.(answer);
    if (invalid) throw new Error(`scripted answer to ${id} fails the input's validation: ${typeof invalid === 'string' ? invalid : invalid.message}`);
    return answer;
  }

  private take(id: string, message: string): ScriptedAnswer | undefined {
    const queue = this.queues.get(id);
    const answer = queue?.shift();
    this.asked.push({ id, message, answered: answer !== undefined });
    if (this.asked.length > MAX_QUEUED) this.asked.splice(0, this.asked.length - MAX_QUEUED);
    return answer;
  }
}

function matches(item: vscode.QuickPickItem, answer: Exclude<ScriptedAnswer, null>): boolean {
  if (typeof answer === 'string') return item.label === answer;
  if ('label' in answer) return item.label === answer.label;
  if ('labels' in answer) return answer.labels.includes(item.label);
  if ('where' in answer) return Object.entries(answer.where).every(([k, v]) => (item as unknown as Record<string, unknown>)[k] === v);
  if ('defaults' in answer) return item.picked === true;
  return true;
}

/** Puts scripted answers in front of the extension's prompts (test mode only). */
export function scriptPrompts(prompts: SwitchablePrompts): ScriptedPrompts {
  const scripted = new ScriptedPrompts(windowPrompts);
  prompts.use(scripted);
  return scripted;
}

/** Test seam ids of the prompts. */
export const PROMPT_SEAMS = {
  /** Scripts answers: `{ [promptId]: answer | answer[] }`, each used once, in order. */
  answer: '_mwaa.answerPrompts',
  /** Forgets unused answers; returns the questions asked since the last reset. */
  reset: '_mwaa.resetPrompts',
} as const;

/** Registers the prompt seams (test mode only, from src/testSeams.ts). */
export function registerPromptSeams(services: { readonly prompts: SwitchablePrompts; readonly commands: { registerTable(t: Record<string, (...args: never[]) => unknown>): void } }): ScriptedPrompts {
  const scripted = scriptPrompts(services.prompts);
  services.commands.registerTable({
    [PROMPT_SEAMS.answer]: (answers: Record<string, ScriptedAnswer | ScriptedAnswer[]>) => scripted.script(answers),
    [PROMPT_SEAMS.reset]: () => {
      const asked = [...scripted.asked];
      scripted.clear();
      return asked;
    },
  });
  return scripted;
}
