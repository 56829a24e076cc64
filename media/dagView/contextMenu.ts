/**
 * The right-click menu of a task (in the graph, the grid or the Gantt chart): go to its definition,
 * its log in the run, clear it, mark the run. A menu of buttons: arrow keys move, Enter chooses,
 * Escape closes and gives focus back.
 */
import { h } from './dom';

export interface MenuItem {
  readonly label: string;
  readonly enabled: boolean;
  readonly run: () => void;
  /** A line above this item. */
  readonly separator?: boolean;
}

export class ContextMenu {
  private el: HTMLElement | undefined;
  private returnFocus: Element | null = null;

  constructor() {
    document.addEventListener('mousedown', (e) => {
      if (this.el && !this.el.contains(e.target as Node)) this.close(false);
    });
    window.addEventListener('blur', () => this.close(false));
  }

  get isOpen(): boolean {
    return this.el !== undefined;
  }

  open(items: readonly MenuItem[], x: number, y: number, title: string): void {
    this.close(false);
    this.returnFocus = document.activeElement;
    const menu = h('div', { class: 'menu', role: 'menu', 'aria-label': title });
    for (const item of items) {
      if (item.separator) menu.append(h('div', { class: 'separator', role: 'separator' }));
      const b = h('button', { role: 'menuitem', disabled: !item.enabled, tabindex: -1 }, item.label);
      b.addEventListener('click', () => {
        this.close(true);
        item.run();
      });
      menu.append(b);
    }
    menu.addEventListener('keydown', (e) => this.onKey(e));
    document.body.append(menu);
    const r = menu.getBoundingClientRect();
    menu.style.left = `${Math.max(0, Math.min(x, window.innerWidth - r.width - 4))}px`;
    menu.style.top = `${Math.max(0, Math.min(y, window.innerHeight - r.height - 4))}px`;
    this.el = menu;
    menu.querySelector<HTMLButtonElement>('button:not([disabled])')?.focus();
  }

  close(chosen: boolean): void {
    if (!this.el) return;
    this.el.remove();
    this.el = undefined;
    if (!chosen) (this.returnFocus as HTMLElement | null)?.focus?.();
  }

  private onKey(e: KeyboardEvent): void {
    const buttons = [...(this.el?.querySelectorAll<HTMLButtonElement>('button:not([disabled])') ?? [])];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      this.close(false);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = buttons[(i + (e.key === 'ArrowDown' ? 1 : buttons.length - 1)) % buttons.length];
      next?.focus();
    }
  }
}
