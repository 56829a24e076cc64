/**
 * Small DOM helpers for the DAG view's webview. Text from Airflow (ids, labels) only ever goes in
 * as text nodes or attributes, never as HTML.
 */
const SVG = 'http://www.w3.org/2000/svg';

type Attrs = Record<string, string | number | boolean | undefined>;

function setAttrs(el: Element, attrs: Attrs): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  for (const c of children) el.append(c);
  return el;
}

export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string)[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  setAttrs(el, attrs);
  for (const c of children) el.append(c);
  return el;
}

/** Sets a CSS custom property or property through the CSSOM (allowed under the view's CSP). */
export function css(el: HTMLElement | SVGElement, prop: string, value: string): void {
  el.style.setProperty(prop, value);
}

/** Ids from Airflow as DOM ids: an index keeps them short and free of any character trouble. */
export class IdIndex {
  private readonly ids = new Map<string, number>();

  of(id: string): number {
    let n = this.ids.get(id);
    if (n === undefined) this.ids.set(id, (n = this.ids.size));
    return n;
  }
}
