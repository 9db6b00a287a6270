import { apiJson, queryString } from '../api.ts';
import type { Page, SearchHit } from '../api-types.ts';
import { h, replaceContent, segmentNodes } from '../dom.ts';
import { shortId } from '../labels.ts';
import { parseMarkedSnippet } from '../marked-text.ts';
import { confidentialToggle, includesConfidential } from '../officer-toggle.ts';
import { go, type PageContext, pageHeading, routeHref } from '../page-context.ts';
import { pager } from '../pager.ts';

function hitCard(hit: SearchHit, query: string): HTMLElement {
  return h(
    'li',
    null,
    h(
      'article',
      { class: 'hit' },
      h('p', { class: 'snippet' }, segmentNodes(parseMarkedSnippet(hit.snippet))),
      h(
        'p',
        { class: 'hit-meta' },
        h(
          'a',
          { href: routeHref(`submissions/${hit.submission_id}`) },
          `Submission ${shortId(hit.submission_id)}`,
        ),
        hit.page !== null ? `, page ${hit.page}` : null,
        hit.confidentiality === 'business_confidential'
          ? h('span', { class: 'badge badge-business_confidential' }, 'BC')
          : null,
      ),
      hit.questions.length > 0
        ? h(
            'ul',
            { class: 'chips', 'aria-label': 'Questions this passage answers' },
            hit.questions.map((n) =>
              h(
                'li',
                null,
                h('a', { class: 'chip', href: routeHref(`questions/${n}`, { q: query }) }, `Q${n}`),
              ),
            ),
          )
        : h('p', { class: 'hint' }, 'Not tagged with a question.'),
    ),
  );
}

/** Ranked full-text search over every passage the reader may see. */
export async function renderSearchPage(ctx: PageContext): Promise<void> {
  const query = ctx.params.get('q')?.trim() ?? '';
  const form = h(
    'form',
    {
      role: 'search',
      class: 'filters',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget as HTMLFormElement);
        go('search', {
          q: String(data.get('q') ?? '').trim(),
          include_confidential: data.get('include_confidential') ? 'true' : null,
        });
      },
    },
    h(
      'div',
      { class: 'field field-wide' },
      h('label', { for: 'search-q' }, 'Search every response'),
      h('input', {
        id: 'search-q',
        name: 'q',
        type: 'search',
        value: query,
        required: true,
        placeholder: 'for example: export licensing delays',
      }),
      h(
        'p',
        { class: 'hint' },
        'Words are matched in any form ("financing" finds "finance"); use "quotes" for a phrase, or a leading minus to exclude a word.',
      ),
    ),
    confidentialToggle(ctx),
    h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'primary' }, 'Search')),
  );
  if (!query) {
    replaceContent(ctx.main, pageHeading('Search'), form);
    return;
  }
  const page = await apiJson<Page<SearchHit>>(
    `/api/v1/dockets/${encodeURIComponent(ctx.docket.id)}/search${queryString({
      q: query,
      cursor: ctx.params.get('cursor'),
      include_confidential: includesConfidential(ctx),
      limit: 20,
    })}`,
    { signal: ctx.signal },
  );
  const pageNumber = Number(ctx.params.get('page') ?? '1') || 1;
  const first = (pageNumber - 1) * 20 + 1;
  replaceContent(
    ctx.main,
    pageHeading('Search'),
    form,
    h(
      'p',
      { role: 'status' },
      page.items.length === 0
        ? `Nothing matches "${query}".`
        : `Results ${first}–${first + page.items.length - 1} for "${query}", best match first.`,
    ),
    h(
      'ol',
      { class: 'hits', start: first },
      page.items.map((hit) => hitCard(hit, query)),
    ),
    pager('search', ctx.params, page.next_cursor),
  );
}
