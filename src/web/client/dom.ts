/**
 * The one way the interface makes DOM: elements from a tag, attributes and children, where every
 * string becomes a text node. Nothing here (or anywhere in the client) assigns HTML, so text from a
 * document can never become markup.
 */
import type { TextSegment } from './marked-text.ts';

export type Child = Node | string | number | null | undefined | false | Child[];
type Listener = (event: Event) => void;
export type Attrs = Record<string, string | number | boolean | null | undefined | Listener>;

function append(parent: Node, child: Child): void {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) for (const c of child) append(parent, c);
  else if (child instanceof Node) parent.appendChild(child);
  else parent.appendChild(document.createTextNode(String(child)));
}

/** `h('a', { href: '#/x', onclick: fn }, 'text')`: attributes whose value is a function are listeners. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false && value !== null && value !== undefined)
      element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

export function replaceContent(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** Highlighted runs as text nodes and <mark> elements. */
export function segmentNodes(segments: TextSegment[]): Node[] {
  return segments.map((s) => (s.marked ? h('mark', null, s.text) : document.createTextNode(s.text)));
}

/** A passage's text as paragraphs, keeping the line breaks the document had. */
export function passageText(segmentsByLine: TextSegment[][]): HTMLElement {
  return h(
    'div',
    { class: 'passage-text' },
    segmentsByLine.map((line) => h('p', null, segmentNodes(line))),
  );
}

/** A live message region: an alert for errors (read at once), a status for progress (read when idle). */
export function messageBox(kind: 'error' | 'info' | 'success', text: Child): HTMLElement {
  return h('div', { class: `message message-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

export function visuallyHidden(text: string): HTMLElement {
  return h('span', { class: 'visually-hidden' }, text);
}
