/**
 * `h()`: a tiny typed element builder, so UI modules read like markup without a framework.
 * @module
 */

type Attrs = Record<string, string | number | boolean | null | undefined>;
type Child = Node | string | null | undefined | false;

/**
 * Create an element with attributes (`data-*`, `aria-*`, `class`, …) and children.
 * `true` sets an empty attribute, `false`/`null`/`undefined` leave it out.
 * @example h('li', { 'data-role': 'user' }, 'Hello')
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children)
    if (child !== null && child !== undefined && child !== false) el.append(child);
  return el;
}

/** The element with `data-testid="id"` inside `root`; throws a clear error when the markup lacks it. */
export function byTestId<T extends HTMLElement = HTMLElement>(root: ParentNode, id: string): T {
  const el = root.querySelector<T>(`[data-testid="${id}"]`);
  if (!el) throw new Error(`The page has no element with data-testid="${id}"`);
  return el;
}
