import { ApiError, apiFetch, apiJson, queryString } from '../api.ts';
import type { Answer, Page, Question } from '../api-types.ts';
import { h, messageBox, passageText, replaceContent } from '../dom.ts';
import {
  CONFIDENTIALITY_SHORT,
  EVIDENCE_LABEL,
  formatConfidence,
  plural,
  SUBMITTER_TYPE_LABEL,
} from '../labels.ts';
import { highlightTerms } from '../marked-text.ts';
import { confidentialToggle, includesConfidential } from '../officer-toggle.ts';
import { go, type PageContext, pageHeading, routeHref } from '../page-context.ts';
import { pager } from '../pager.ts';

const FILTERS = ['q', 'submitter_type', 'evidence', 'organization'] as const;

function answerCard(answer: Answer, query: string): HTMLElement {
  const who = [
    answer.organization,
    answer.submitter_type ? SUBMITTER_TYPE_LABEL[answer.submitter_type] : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return h(
    'li',
    null,
    h(
      'article',
      { class: 'answer', 'aria-label': `Answer from ${answer.submitter_name}` },
      h(
        'header',
        null,
        h('h3', null, answer.submitter_name, who ? h('span', { class: 'who' }, ` — ${who}`) : null),
        h(
          'dl',
          { class: 'meta' },
          h('dt', null, 'File'),
          h(
            'dd',
            null,
            answer.filename,
            answer.confidentiality === 'business_confidential'
              ? h(
                  'span',
                  { class: 'badge badge-business_confidential' },
                  CONFIDENTIALITY_SHORT.business_confidential,
                )
              : null,
          ),
          h('dt', null, 'Page'),
          h('dd', null, answer.page ?? '–'),
          h('dt', null, 'Evidence'),
          h('dd', null, EVIDENCE_LABEL[answer.evidence] ?? answer.evidence),
          h('dt', null, 'Confidence'),
          h('dd', null, formatConfidence(answer.confidence)),
        ),
      ),
      answer.heading_path.length > 0
        ? h('p', { class: 'heading-path' }, answer.heading_path.join(' › '))
        : null,
      passageText(answer.text.split('\n').map((line) => highlightTerms(line, query))),
      h(
        'p',
        { class: 'answer-links' },
        h('a', { href: routeHref(`submissions/${answer.submission_id}`) }, 'Open the submission'),
      ),
    ),
  );
}

async function downloadCsv(
  ctx: PageContext,
  number: number,
  button: HTMLButtonElement,
  status: HTMLElement,
): Promise<void> {
  button.disabled = true;
  status.textContent = 'Preparing the CSV…';
  try {
    const filters = Object.fromEntries(FILTERS.map((key) => [key, ctx.params.get(key)]));
    const response = await apiFetch(
      `/api/v1/dockets/${encodeURIComponent(ctx.docket.id)}/questions/${number}/answers${queryString({
        ...filters,
        include_confidential: includesConfidential(ctx),
        format: 'csv',
      })}`,
      { accept: 'text/csv' },
    );
    const blob = await response.blob();
    const url = URL.createObjectURL(blob);
    const link = h('a', {
      href: url,
      download: `${ctx.docket.id}-question-${number}-answers.csv`,
      hidden: true,
    });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    status.textContent = 'The CSV was downloaded.';
  } catch (error) {
    status.textContent = error instanceof ApiError ? error.message : 'The CSV could not be downloaded.';
  } finally {
    button.disabled = false;
  }
}

/** One question's answers: search within it, filters, paging and a CSV of everything that matches. */
export async function renderAnswersPage(ctx: PageContext): Promise<void> {
  const number = Number(ctx.segments[0]);
  const docketPath = `/api/v1/dockets/${encodeURIComponent(ctx.docket.id)}`;
  const { params } = ctx;
  const query = params.get('q') ?? '';
  const [questions, page] = await Promise.all([
    apiJson<{ items: Question[] }>(`${docketPath}/questions`, { signal: ctx.signal }),
    apiJson<Page<Answer>>(
      `${docketPath}/questions/${number}/answers${queryString({
        ...Object.fromEntries(FILTERS.map((key) => [key, params.get(key)])),
        include_confidential: includesConfidential(ctx),
        cursor: params.get('cursor'),
        limit: 20,
      })}`,
      { signal: ctx.signal },
    ),
  ]);
  const question = questions.items.find((q) => q.number === number);
  if (!question) {
    replaceContent(
      ctx.main,
      pageHeading(`Question ${number}`),
      messageBox('error', 'This docket has no such question.'),
    );
    return;
  }

  const select = (id: string, label: string, options: [string, string][]) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: id }, label),
      h(
        'select',
        { id, name: id },
        options.map(([value, text]) =>
          h('option', { value, selected: (params.get(id) ?? '') === value }, text),
        ),
      ),
    );
  const filterForm = h(
    'form',
    {
      role: 'search',
      class: 'filters',
      'aria-label': `Search and filter the answers to question ${number}`,
      onsubmit: (event: Event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget as HTMLFormElement);
        go(`questions/${number}`, {
          ...Object.fromEntries(FILTERS.map((key) => [key, String(data.get(key) ?? '').trim()])),
          include_confidential: data.get('include_confidential') ? 'true' : null,
        });
      },
    },
    h(
      'div',
      { class: 'field field-wide' },
      h('label', { for: 'q' }, 'Search within this question'),
      h('input', {
        id: 'q',
        name: 'q',
        type: 'search',
        value: query,
        placeholder: 'for example: EXIM financing',
      }),
    ),
    select('submitter_type', 'Submitter type', [['', 'Any'], ...Object.entries(SUBMITTER_TYPE_LABEL)]),
    select('evidence', 'Evidence', [['', 'Any'], ...Object.entries(EVIDENCE_LABEL)]),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'organization' }, 'Organization'),
      h('input', {
        id: 'organization',
        name: 'organization',
        type: 'text',
        value: params.get('organization') ?? '',
      }),
    ),
    confidentialToggle(ctx),
    h(
      'div',
      { class: 'filter-actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Apply'),
      ' ',
      h('a', { href: routeHref(`questions/${number}`) }, 'Clear'),
    ),
  );

  const csvStatus = h('span', { role: 'status', class: 'hint' });
  const csvButton = h('button', { type: 'button', id: 'download-csv' }, 'Download CSV');
  csvButton.addEventListener('click', () => void downloadCsv(ctx, number, csvButton, csvStatus));

  const filtered = FILTERS.some((key) => params.get(key));
  const pageNumber = Number(params.get('page') ?? '1') || 1;
  const first = (pageNumber - 1) * 20 + 1;
  replaceContent(
    ctx.main,
    h('p', { class: 'breadcrumb' }, h('a', { href: routeHref('questions') }, '← All questions')),
    pageHeading(`Question ${number}`),
    h('p', { class: 'section-name' }, `Section ${question.section}: ${question.section_title}`),
    h('blockquote', { class: 'question-full' }, question.text),
    filterForm,
    h(
      'div',
      { class: 'results-bar' },
      h(
        'p',
        { role: 'status' },
        page.items.length === 0
          ? filtered
            ? 'No answers match these filters.'
            : 'No answers to this question yet.'
          : pageNumber === 1 && !page.next_cursor
            ? `${plural(page.items.length, 'answer')}${filtered ? ' matching your filters' : ''}, most confident first.`
            : `Answers ${first}–${first + page.items.length - 1}${filtered ? ' matching your filters' : ''}, most confident first.`,
      ),
      h(
        'p',
        null,
        csvButton,
        ' ',
        csvStatus,
        h('span', { class: 'hint' }, ' Every matching answer, not just this page.'),
      ),
    ),
    h(
      'ol',
      { class: 'answers', start: first },
      page.items.map((a) => answerCard(a, query)),
    ),
    pager(`questions/${number}`, params, page.next_cursor),
  );
}
