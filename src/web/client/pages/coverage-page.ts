import { apiJson, queryString } from '../api.ts';
import type { CoverageRow, Page, Question } from '../api-types.ts';
import { h, replaceContent, visuallyHidden } from '../dom.ts';
import { plural, SUBMITTER_TYPE_LABEL } from '../labels.ts';
import { type PageContext, pageHeading, routeHref } from '../page-context.ts';

/** Four shades from "few submissions answer this" to "most do". */
function heatClass(count: number, most: number): string {
  if (count === 0) return 'heat-0';
  return `heat-${Math.min(4, Math.ceil((count / Math.max(1, most)) * 4))}`;
}

/** Submissions × questions: which questions each submission answers; a row opens its submission. */
export async function renderCoveragePage(ctx: PageContext): Promise<void> {
  const docketPath = `/api/v1/dockets/${encodeURIComponent(ctx.docket.id)}`;
  const questionsPromise = apiJson<{ items: Question[] }>(`${docketPath}/questions`, { signal: ctx.signal });
  const rows: CoverageRow[] = [];
  let cursor: string | null = null;
  // The matrix needs every row; the API pages them 1,000 at a time.
  do {
    const page: Page<CoverageRow> = await apiJson<Page<CoverageRow>>(
      `${docketPath}/coverage${queryString({ limit: 1000, cursor })}`,
      { signal: ctx.signal },
    );
    rows.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  const questions = (await questionsPromise).items;
  const answeredBy = new Map(
    questions.map((q) => [q.number, rows.filter((r) => r.questions.includes(q.number)).length]),
  );
  const most = Math.max(1, ...answeredBy.values());

  const sectionSpans: { section: string; title: string; count: number }[] = [];
  for (const q of questions) {
    const last = sectionSpans.at(-1);
    if (last && last.section === q.section) last.count += 1;
    else sectionSpans.push({ section: q.section, title: q.section_title, count: 1 });
  }

  const table = h(
    'table',
    { class: 'coverage' },
    h('caption', null, `Which questions each of ${plural(rows.length, 'submission')} answers`),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('td', { class: 'corner' }),
        sectionSpans.map((s) =>
          h('th', { scope: 'colgroup', colspan: s.count, title: s.title, class: 'section-head' }, s.section),
        ),
        h('td', { class: 'corner' }),
      ),
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, 'Submitter'),
        questions.map((q) =>
          h(
            'th',
            { scope: 'col', title: q.text, class: 'q-head' },
            visuallyHidden('Question '),
            String(q.number),
          ),
        ),
        h('th', { scope: 'col' }, 'Total'),
      ),
    ),
    h(
      'tbody',
      null,
      rows.map((row) => {
        const answered = new Set(row.questions);
        return h(
          'tr',
          null,
          h(
            'th',
            { scope: 'row' },
            h('a', { href: routeHref(`submissions/${row.submission_id}`) }, row.submitter_name),
            row.organization || row.submitter_type
              ? h(
                  'span',
                  { class: 'who' },
                  [row.organization, row.submitter_type ? SUBMITTER_TYPE_LABEL[row.submitter_type] : null]
                    .filter(Boolean)
                    .join(' · '),
                )
              : null,
          ),
          questions.map((q) =>
            answered.has(q.number)
              ? h(
                  'td',
                  { class: 'cell on' },
                  h('span', { 'aria-hidden': 'true' }, '●'),
                  visuallyHidden('answers'),
                )
              : h('td', { class: 'cell' }, visuallyHidden('no')),
          ),
          h('td', { class: 'total' }, answered.size),
        );
      }),
    ),
    h(
      'tfoot',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'row' }, 'Submissions answering'),
        questions.map((q) => {
          const count = answeredBy.get(q.number) ?? 0;
          return h(
            'td',
            { class: `cell ${heatClass(count, most)}` },
            h(
              'a',
              {
                href: routeHref(`questions/${q.number}`),
                'aria-label': `Question ${q.number}: ${plural(count, 'submission')}`,
              },
              count,
            ),
          );
        }),
        h('td'),
      ),
    ),
  );
  replaceContent(
    ctx.main,
    pageHeading('Coverage'),
    h(
      'p',
      { class: 'lede' },
      'Each row is a submission and each column a question; a dot means the submission has at least one passage answering that question. The bottom row counts submissions per question, darker where more answer it. Open a submitter to read the submission.',
    ),
    rows.length === 0
      ? h('p', { class: 'empty' }, 'No submissions have been read yet.')
      : h(
          'div',
          { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'Coverage table' },
          table,
        ),
  );
}
