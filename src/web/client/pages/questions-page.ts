import { apiJson, queryString } from '../api.ts';
import type { Question } from '../api-types.ts';
import { h, replaceContent } from '../dom.ts';
import { plural } from '../labels.ts';
import { type PageContext, pageHeading, routeHref } from '../page-context.ts';

/** The docket's questions by section, each with a bar for how many passages answer it. */
export async function renderQuestionsPage(ctx: PageContext): Promise<void> {
  const includeConfidential =
    ctx.session?.role === 'confidentiality_officer' && ctx.params.get('include_confidential') === 'true';
  const { items } = await apiJson<{ items: Question[] }>(
    `/api/v1/dockets/${encodeURIComponent(ctx.docket.id)}/questions${queryString({ include_confidential: includeConfidential })}`,
    { signal: ctx.signal },
  );
  const most = Math.max(1, ...items.map((q) => q.answer_count));
  const sections = new Map<string, Question[]>();
  for (const question of items) {
    const key = `${question.section}. ${question.section_title}`;
    sections.set(key, [...(sections.get(key) ?? []), question]);
  }
  const total = items.reduce((sum, q) => sum + q.answer_count, 0);
  replaceContent(
    ctx.main,
    pageHeading('Questions'),
    h(
      'p',
      { class: 'lede' },
      `The ${plural(items.length, 'question')} of ${ctx.docket.title}, grouped by section, with ${plural(total, 'tagged passage')} in all. Open a question to read every answer to it.`,
    ),
    [...sections.entries()].map(([title, questions]) =>
      h(
        'section',
        { class: 'question-section', 'aria-labelledby': `section-${questions[0]?.section}` },
        h('h2', { id: `section-${questions[0]?.section}` }, `Section ${title}`),
        h(
          'ol',
          { class: 'question-list' },
          questions.map((q) => {
            const bar = h('span', { class: 'bar-fill' });
            bar.style.width = `${(q.answer_count / most) * 100}%`;
            return h(
              'li',
              { value: q.number },
              h(
                'a',
                { href: routeHref(`questions/${q.number}`), class: 'question-link' },
                h('span', { class: 'question-number' }, `Question ${q.number}`),
                h('span', { class: 'question-text' }, q.text),
              ),
              h(
                'div',
                { class: 'count-line' },
                h('span', { class: 'bar', 'aria-hidden': 'true' }, bar),
                h(
                  'span',
                  { class: 'count' },
                  `${plural(q.answer_count, 'answer')} from ${plural(q.submission_count, 'submission')}`,
                ),
              ),
            );
          }),
        ),
      ),
    ),
  );
}
