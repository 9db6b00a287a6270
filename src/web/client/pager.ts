import { h } from './dom.ts';
import { routeHref } from './page-context.ts';

/**
 * Keyset paging as links: the next page carries the API's cursor and its page number; going back is
 * the browser's own Back, since cursors only point forward.
 */
export function pager(path: string, params: URLSearchParams, nextCursor: string | null): HTMLElement | null {
  const page = Number(params.get('page') ?? '1') || 1;
  if (page === 1 && !nextCursor) return null;
  const base = Object.fromEntries(
    [...params.entries()].filter(([key]) => key !== 'cursor' && key !== 'page'),
  );
  return h(
    'nav',
    { class: 'pager', 'aria-label': 'Pages' },
    page > 1 ? h('a', { href: routeHref(path, base) }, 'First page') : null,
    page > 1
      ? h('button', { type: 'button', class: 'link-button', onclick: () => history.back() }, 'Previous page')
      : null,
    h('span', { 'aria-current': 'page' }, `Page ${page}`),
    nextCursor
      ? h(
          'a',
          { href: routeHref(path, { ...base, cursor: nextCursor, page: page + 1 }), rel: 'next' },
          'Next page',
        )
      : null,
  );
}
