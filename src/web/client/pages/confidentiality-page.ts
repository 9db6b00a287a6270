import { ApiError, apiJson, queryString } from '../api.ts';
import type { AuditEvent, ConfidentialityItem, Page } from '../api-types.ts';
import { h, messageBox, replaceContent } from '../dom.ts';
import { docketFacts, findingsList } from '../findings-view.ts';
import { FILE_STATUS_LABEL, formatDateTime, plural, shortId } from '../labels.ts';
import { type PageContext, pageHeading, routeHref } from '../page-context.ts';

const ACTION_LABEL: Record<string, string> = {
  read_confidential_text: 'Read confidential or withheld text',
  file_released: 'Released a withheld file',
};

const errorCount = (item: ConfidentialityItem) => item.findings.filter((f) => f.severity === 'error').length;

/** Asks for the reason in a modal dialog, then releases the file; resolves true once it is released. */
function askAndRelease(file: { file_id: string; filename: string }): Promise<boolean> {
  return new Promise((resolve) => {
    const reason = h('textarea', {
      id: 'release-reason',
      name: 'reason',
      rows: 4,
      required: true,
      minlength: 10,
      'aria-describedby': 'release-hint',
    });
    const message = h('div');
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': 'release-title' });
    const close = (released: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(released);
    };
    const form = h(
      'form',
      {
        onsubmit: async (event: Event) => {
          event.preventDefault();
          try {
            await apiJson(`/api/v1/files/${encodeURIComponent(file.file_id)}/release`, {
              method: 'POST',
              body: { reason: reason.value.trim() },
            });
            close(true);
          } catch (error) {
            replaceContent(
              message,
              messageBox(
                'error',
                error instanceof ApiError ? error.message : 'The file could not be released.',
              ),
            );
          }
        },
      },
      h('h2', { id: 'release-title' }, `Release ${file.filename}?`),
      h(
        'p',
        null,
        'Text under a black box in this file can be read. Releasing it lets analysts read the whole file, and it may be published. Release only if the covered text may be public.',
      ),
      message,
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'release-reason' }, 'Reason (recorded in the audit log)'),
        h(
          'p',
          { class: 'hint', id: 'release-hint' },
          'At least a sentence, for example: "The covered figure is already in the company\'s annual report."',
        ),
        reason,
      ),
      h(
        'div',
        { class: 'dialog-actions' },
        h('button', { type: 'submit', class: 'primary' }, 'Release file'),
        ' ',
        h('button', { type: 'button', onclick: () => close(false) }, 'Cancel'),
      ),
    );
    dialog.append(form);
    dialog.addEventListener('cancel', () => resolve(false));
    document.body.append(dialog);
    dialog.showModal();
    reason.focus();
  });
}

function submissionCard(
  ctx: PageContext,
  item: ConfidentialityItem,
  onReleased: (filename: string) => void,
): HTMLElement {
  const bc = item.files.filter((f) => f.confidentiality === 'business_confidential');
  const publicVersions = item.files.filter((f) => f.confidentiality === 'public');
  const others = item.files.filter((f) => f.confidentiality === 'assumed_public');
  const errors = errorCount(item);
  const warnings = item.findings.filter((f) => f.severity === 'warning').length;
  const fileItem = (f: ConfidentialityItem['files'][number]) =>
    h(
      'li',
      null,
      f.filename,
      f.status === 'processed'
        ? null
        : h('span', { class: 'hint' }, ` (${FILE_STATUS_LABEL[f.status] ?? f.status})`),
      f.released_at
        ? h(
            'p',
            { class: 'hint release-note' },
            `Released ${formatDateTime(f.released_at)} by ${f.released_by ?? 'an officer'}: ${f.release_reason ?? ''}`,
          )
        : null,
      f.quarantined
        ? [
            h('strong', { class: 'withheld' }, ' · withheld: failed redaction '),
            h(
              'button',
              {
                type: 'button',
                class: 'release-button',
                'aria-label': `Release ${f.filename}`,
                onclick: async () => {
                  if (await askAndRelease(f)) onReleased(f.filename);
                },
              },
              'Release…',
            ),
          ]
        : null,
    );
  return h(
    'article',
    {
      class: `bc-card ${errors > 0 ? 'bc-card-problem' : ''}`,
      'aria-labelledby': `sub-${item.submission_id}`,
    },
    h(
      'h3',
      { id: `sub-${item.submission_id}` },
      h(
        'a',
        { href: routeHref(`submissions/${item.submission_id}`) },
        item.submitter_name,
        item.organization ? ` (${item.organization})` : null,
      ),
      ' ',
      h(
        'span',
        { class: errors > 0 ? 'tally tally-error' : 'tally' },
        errors > 0
          ? `${plural(errors, 'problem')}, ${plural(warnings, 'warning')}`
          : warnings > 0
            ? plural(warnings, 'warning')
            : 'no problems',
      ),
    ),
    h(
      'p',
      { class: 'hint' },
      `Submission ${shortId(item.submission_id)}, received ${formatDateTime(item.received_at)}.`,
    ),
    h(
      'div',
      { class: 'bc-files' },
      bc.length > 0
        ? h('div', null, h('h4', null, 'Business confidential'), h('ul', null, bc.map(fileItem)))
        : null,
      bc.length > 0 || publicVersions.length > 0
        ? h(
            'div',
            null,
            h('h4', null, 'Public versions'),
            publicVersions.length > 0
              ? h('ul', null, publicVersions.map(fileItem))
              : h('p', { class: 'inline-warning' }, 'None: the BC file has no public version.'),
          )
        : null,
      others.length > 0
        ? h('div', null, h('h4', null, 'Assumed public'), h('ul', null, others.map(fileItem)))
        : null,
    ),
    findingsList(
      item.findings,
      new Map(item.files.map((f) => [f.file_id, f.filename])),
      docketFacts(ctx.docket),
      'h4',
    ),
  );
}

function auditTable(events: AuditEvent[]): HTMLElement {
  if (events.length === 0) return h('p', { class: 'empty' }, 'Nothing recorded yet.');
  return h(
    'table',
    { class: 'audit-table' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, 'When'),
        h('th', { scope: 'col' }, 'Who'),
        h('th', { scope: 'col' }, 'What'),
        h('th', { scope: 'col' }, 'Submission'),
        h('th', { scope: 'col' }, 'Files'),
        h('th', { scope: 'col' }, 'Where / why'),
      ),
    ),
    h(
      'tbody',
      null,
      events.map((e) =>
        h(
          'tr',
          { 'data-action': e.action },
          h('td', null, formatDateTime(e.at)),
          h('td', null, e.actor),
          h('td', null, ACTION_LABEL[e.action] ?? e.action),
          h(
            'td',
            null,
            e.submission_id
              ? h('a', { href: routeHref(`submissions/${e.submission_id}`) }, shortId(e.submission_id))
              : '–',
          ),
          h('td', null, e.file_ids.map(shortId).join(', ') || '–'),
          h(
            'td',
            null,
            e.endpoint,
            typeof e.detail.reason === 'string'
              ? h('p', { class: 'reason' }, `Reason: ${e.detail.reason}`)
              : null,
          ),
        ),
      ),
    ),
  );
}

/** The officer's desk: submissions with BC or withheld files and their problems, releases, and the audit log. */
export async function renderConfidentialityPage(ctx: PageContext): Promise<void> {
  const onlyProblems = ctx.params.get('problems') === '1';
  const cursor = ctx.params.get('events_cursor');
  const [overview, events] = await Promise.all([
    apiJson<{ items: ConfidentialityItem[] }>('/api/v1/audit/confidentiality', { signal: ctx.signal }),
    apiJson<Page<AuditEvent>>(`/api/v1/audit/events${queryString({ cursor, limit: 50 })}`, {
      signal: ctx.signal,
    }),
  ]);
  // Worst first, so the submissions that need attention lead.
  const items = [...overview.items].sort((a, b) => errorCount(b) - errorCount(a));
  const shown = onlyProblems ? items.filter((i) => errorCount(i) > 0) : items;
  const withProblems = items.filter((i) => errorCount(i) > 0).length;
  const withheld = items.flatMap((i) => i.files.filter((f) => f.quarantined)).length;
  const notice = h('div', { tabindex: -1 });

  const rerender = async (filename: string) => {
    await renderConfidentialityPage(ctx);
    const box = ctx.main.querySelector<HTMLElement>('#release-notice');
    if (box) {
      replaceContent(
        box,
        messageBox(
          'success',
          `"${filename}" was released. The release and its reason are in the audit log below.`,
        ),
      );
      box.focus();
    }
  };
  notice.id = 'release-notice';

  replaceContent(
    ctx.main,
    pageHeading('Confidentiality'),
    h(
      'p',
      { class: 'lede' },
      `${plural(items.length, 'submission')} with business confidential (BC) or withheld files; ${plural(withProblems, 'submission')} with problems; ${plural(withheld, 'file')} withheld for a failed redaction.`,
    ),
    notice,
    h(
      'section',
      { 'aria-labelledby': 'bc-heading' },
      h('h2', { id: 'bc-heading' }, 'BC submissions and withheld files'),
      h(
        'p',
        null,
        onlyProblems
          ? h('a', { href: routeHref('confidentiality') }, 'Show all submissions')
          : h(
              'a',
              { href: routeHref('confidentiality', { problems: 1 }) },
              'Show only submissions with problems',
            ),
      ),
      shown.length === 0
        ? h('p', { class: 'empty' }, 'None.')
        : shown.map((item) => submissionCard(ctx, item, (name) => void rerender(name))),
    ),
    h(
      'section',
      { 'aria-labelledby': 'audit-heading' },
      h('h2', { id: 'audit-heading' }, 'Audit log'),
      h(
        'p',
        { class: 'hint' },
        'Every read of BC or withheld text and every release, newest first. The log cannot be edited; `npm run cli -- audit verify` checks its hash chain.',
      ),
      auditTable(events.items),
      h(
        'p',
        { class: 'pager' },
        cursor
          ? h(
              'a',
              { href: routeHref('confidentiality', { problems: onlyProblems ? 1 : null }) },
              'Newest events',
            )
          : null,
        events.next_cursor
          ? h(
              'a',
              {
                href: routeHref('confidentiality', {
                  problems: onlyProblems ? 1 : null,
                  events_cursor: events.next_cursor,
                }),
              },
              'Older events',
            )
          : null,
      ),
    ),
  );
}
