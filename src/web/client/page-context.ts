import type { Docket } from './api-types.ts';
import { h } from './dom.ts';
import type { StaffSession } from './session.ts';

/** What a page gets to draw itself: where, from which route, for whom, and until when. */
export interface PageContext {
  main: HTMLElement;
  /** The route's path after the page name, e.g. ["17"] for #/questions/17. */
  segments: string[];
  params: URLSearchParams;
  session: StaffSession | null;
  docket: Docket;
  /** Aborted when the person leaves the page: stops polling and late answers. */
  signal: AbortSignal;
  /** Redraws the header (after sign-in or sign-out). */
  refreshShell(): void;
}

export function pageHeading(text: string): HTMLHeadingElement {
  return h('h1', { tabindex: -1 }, text);
}

/** A fragment link; `params` become the route's query. */
export function routeHref(
  path: string,
  params: Record<string, string | number | null | undefined> = {},
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return `#/${path}${query ? `?${query}` : ''}`;
}

export function go(path: string, params: Record<string, string | number | null | undefined> = {}): void {
  location.hash = routeHref(path, params);
}
