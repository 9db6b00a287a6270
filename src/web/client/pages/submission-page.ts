import { apiJson, queryString } from '../api.ts';
import type { Page, SubmissionPassage, SubmissionStatus } from '../api-types.ts';
import { h, messageBox, passageText, replaceContent } from '../dom.ts';
import { filesTable } from '../files-table.ts';
import { docketFacts, findingsList } from '../findings-view.ts';
import {
  EVIDENCE_LABEL,
  formatConfidence,
  formatDateTime,
  plural,
  SUBMISSION_STATUS_LABEL,
  shortId,
} from '../labels.ts';
import { confidentialToggle, includesConfidential } from '../officer-toggle.ts';
import { go, type PageContext, pageHeading, routeHref } from '../page-context.ts';

// A submission rarely has more passages than this; past it the page says so rather than loading forever.
const MAX_PASSAGE_PAGES = 10;

function passageItem(passage: SubmissionPassage, number: number | null): HTMLElement {
  const tag = number === null ? null : passage.questions.find((q) => q.number === number);
  return h(
    'li',
    { class: 'passage' },
    h(
      'p',
      { class: 'passage-meta' },
      passage.filename,
      passage.page !== null ? `, page ${passage.page}` : null,
      tag ? ` · ${EVIDENCE_LABEL[tag.evidence] ?? tag.evidence}, ${formatConfidence(tag.confidence)}` : null,
      passage.confidentiality === 'business_confidential'
        ? h('span', { class: 'badge badge-business_confidential' }, 'BC')
        : null,
    ),
    passageText(passage.text.split('\n').map((line) => [{ text: line, marked: false }])),
  );
}

/** One submission for staff: its files, pages, findings, and its passages under each question they answer. */
export async function renderSubmissionPage(ctx: PageContext): Promise<void> {
  const id = ctx.segments[0] ?? '';
  const path = `/api/v1/submissions/${encodeURIComponent(id)}`;
  const statusPromise = apiJson<SubmissionStatus>(path, { signal: ctx.signal });
  const passages: SubmissionPassage[] = [];
  let withheld: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: Page<SubmissionPassage> & { withheld_file_ids: string[] } = await apiJson(
      `${path}/passages${queryString({ include_confidential: includesConfidential(ctx), cursor, limit: 500 })}`,
      { signal: ctx.signal },
    );
    passages.push(...page.items);
    withheld = page.withheld_file_ids;
    cursor = page.next_cursor;
    pages += 1;
  } while (cursor && pages < MAX_PASSAGE_PAGES);
  const view = await statusPromise;

  const filenames = new Map(view.files.map((f) => [f.id, f.filename]));
  const byQuestion = new Map<number, SubmissionPassage[]>();
  const untagged: SubmissionPassage[] = [];
  for (const passage of passages) {
    if (passage.questions.length === 0) untagged.push(passage);
    for (const q of passage.questions)
      byQuestion.set(q.number, [...(byQuestion.get(q.number) ?? []), passage]);
  }
  const numbers = [...byQuestion.keys()].sort((a, b) => a - b);

  const toggle = confidentialToggle(ctx);
  const toggleForm = toggle
    ? h(
        'form',
        {
          class: 'filters',
          onsubmit: (event: Event) => {
            event.preventDefault();
            const data = new FormData(event.currentTarget as HTMLFormElement);
            go(`submissions/${id}`, {
              include_confidential: data.get('include_confidential') ? 'true' : null,
            });
          },
        },
        toggle,
        h('div', { class: 'filter-actions' }, h('button', { type: 'submit' }, 'Show')),
      )
    : null;

  replaceContent(
    ctx.main,
    pageHeading(`Submission ${shortId(view.id)}`),
    h(
      'p',
      { class: 'lede' },
      `Received ${formatDateTime(view.received_at)}. ${SUBMISSION_STATUS_LABEL[view.status] ?? view.status}.`,
      h('span', { class: 'hint' }, ` Id ${view.id}.`),
    ),
    toggleForm,
    h(
      'section',
      { 'aria-labelledby': 'files-heading' },
      h('h2', { id: 'files-heading' }, 'Files'),
      filesTable(view.files, {
        confidentialityHeading: 'Confidentiality',
        withheldNote: 'withheld (failed redaction)',
        extraColumn: { heading: 'Text shown here', cell: (f) => (withheld.includes(f.id) ? 'No' : 'Yes') },
      }),
      withheld.length > 0
        ? messageBox(
            'info',
            ctx.session?.role === 'confidentiality_officer'
              ? `The text of ${plural(withheld.length, 'file')} is not shown: tick "Include business confidential and withheld text" to read it (the read is audited).`
              : `The text of ${plural(withheld.length, 'file')} is not shown: business confidential and withheld files are read only by confidentiality officers.`,
          )
        : null,
    ),
    h(
      'section',
      { 'aria-labelledby': 'findings-heading' },
      h('h2', { id: 'findings-heading' }, 'Findings'),
      findingsList(view.findings, filenames, docketFacts(ctx.docket)),
    ),
    h(
      'section',
      { 'aria-labelledby': 'passages-heading' },
      h('h2', { id: 'passages-heading' }, 'Passages by question'),
      numbers.length === 0
        ? h('p', { class: 'empty' }, 'No passages shown here are tagged with a question.')
        : null,
      numbers.map((n) =>
        h(
          'section',
          { class: 'question-passages', 'aria-labelledby': `q-${n}` },
          h(
            'h3',
            { id: `q-${n}` },
            h('a', { href: routeHref(`questions/${n}`) }, `Question ${n}`),
            ` (${plural(byQuestion.get(n)?.length ?? 0, 'passage')})`,
          ),
          h(
            'ul',
            { class: 'passages' },
            (byQuestion.get(n) ?? []).map((p) => passageItem(p, n)),
          ),
        ),
      ),
      untagged.length > 0
        ? h(
            'details',
            null,
            h('summary', null, `Passages not tagged with a question (${untagged.length})`),
            h(
              'ul',
              { class: 'passages' },
              untagged.map((p) => passageItem(p, null)),
            ),
          )
        : null,
      cursor ? messageBox('info', 'This submission has more passages than this page shows.') : null,
    ),
  );
}
