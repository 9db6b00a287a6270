import { ApiError, apiJson, uploadForm } from '../api.ts';
import type { SubmissionStatus } from '../api-types.ts';
import { type Child, h, messageBox, replaceContent } from '../dom.ts';
import { filesTable } from '../files-table.ts';
import { docketFacts, findingsList } from '../findings-view.ts';
import { SUBMISSION_STATUS_LABEL } from '../labels.ts';
import { go, type PageContext, pageHeading, routeHref } from '../page-context.ts';

const POLL_MS = 1500;

/** The token form, for someone who opens a receipt without the token in the link. */
function askForToken(ctx: PageContext, id: string): void {
  const input = h('input', {
    id: 'receipt-token',
    type: 'text',
    required: true,
    autocomplete: 'off',
    spellcheck: 'false',
  });
  replaceContent(
    ctx.main,
    pageHeading('Open your submission'),
    h(
      'form',
      {
        onsubmit: (event: Event) => {
          event.preventDefault();
          go(`receipt/${id}`, { token: input.value.trim() });
        },
      },
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'receipt-token' }, 'Receipt token (begins with rcpt_)'),
        input,
      ),
      h('button', { type: 'submit', class: 'primary' }, 'Open'),
    ),
  );
}

/** The filled-in status: files, findings as they arrive, next steps, and a way to add a corrected file. */
function statusView(ctx: PageContext, view: SubmissionStatus): Child[] {
  const filenames = new Map(view.files.map((f) => [f.id, f.filename]));
  const done = view.status === 'processed' || view.status === 'failed';
  return [
    h(
      'section',
      { 'aria-label': 'Files' },
      filesTable(view.files, {
        caption: 'Your files',
        confidentialityHeading: 'Treated as',
        withheldNote: 'withheld from publication',
      }),
    ),
    view.next_steps.length > 0
      ? h(
          'section',
          { 'aria-labelledby': 'next-heading', class: 'next-steps' },
          h('h2', { id: 'next-heading' }, 'What to do next'),
          h(
            'ul',
            null,
            view.next_steps.map((step) =>
              h('li', null, step.replace(/ \(POST [^)]*\)/, ' (use the form below)')),
            ),
          ),
        )
      : null,
    h(
      'section',
      { 'aria-labelledby': 'findings-heading' },
      h('h2', { id: 'findings-heading' }, 'Findings'),
      h(
        'p',
        { class: 'hint' },
        done
          ? 'What the checks found in your files. Problems are worth fixing; warnings and notes are for your information.'
          : 'Findings appear here as your files are read.',
      ),
      findingsList(view.findings, filenames, docketFacts(ctx.docket)),
    ),
  ];
}

/** Adding a corrected file: drawn once, so the status refreshing above it never clears a chosen file. */
function addFileSection(id: string, token: string, onAdded: () => void): HTMLElement {
  const addInput = h('input', { type: 'file', id: 'add-files', multiple: true, accept: '.pdf,.docx,.txt' });
  const addMessage = h('div');
  const addForm = h(
    'form',
    {
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const files = Array.from(addInput.files ?? []);
        if (files.length === 0) {
          replaceContent(addMessage, messageBox('error', 'Choose the corrected file first.'));
          return;
        }
        const body = new FormData();
        for (const file of files) body.append('files', file, file.name);
        try {
          await uploadForm(`/api/v1/submissions/${encodeURIComponent(id)}/files`, body, {
            receiptToken: token,
          });
          replaceContent(
            addMessage,
            messageBox('success', 'Received. It is being read now; its findings will appear above.'),
          );
          onAdded();
        } catch (error) {
          replaceContent(
            addMessage,
            messageBox('error', error instanceof ApiError ? error.message : 'The upload failed.'),
          );
        }
      },
    },
    h('div', { class: 'field' }, h('label', { for: 'add-files' }, 'Corrected or missing file'), addInput),
    h('button', { type: 'submit' }, 'Add to this submission'),
    addMessage,
  );
  return h(
    'section',
    { 'aria-labelledby': 'add-heading' },
    h('h2', { id: 'add-heading' }, 'Add a file to this submission'),
    h(
      'p',
      { class: 'hint' },
      'Send a corrected public version, or a readable copy of a file that could not be read, here. The same naming rules apply.',
    ),
    addForm,
  );
}

/** The receipt: the token to keep, then the status, refreshed until the files are read. */
export async function renderReceiptPage(ctx: PageContext): Promise<void> {
  const id = ctx.segments[0] ?? '';
  const token = ctx.params.get('token') ?? '';
  if (!token) {
    askForToken(ctx, id);
    return;
  }
  const link = `${location.origin}${location.pathname}${routeHref(`receipt/${id}`, { token })}`;
  const copyStatus = h('span', { role: 'status', class: 'hint' });
  const statusLine = h('p', { role: 'status', class: 'status' }, 'Loading the status…');
  const statusArea = h('div', { 'aria-busy': 'true' });
  const isNew = ctx.params.get('new') === '1';
  replaceContent(
    ctx.main,
    pageHeading(isNew ? 'Your response was received' : 'Your submission'),
    h(
      'section',
      { class: 'receipt', 'aria-labelledby': 'receipt-heading' },
      h('h2', { id: 'receipt-heading' }, 'Your receipt'),
      h(
        'p',
        null,
        'Keep this receipt token: it is the only way to see this submission again. It is not shown anywhere else.',
      ),
      h(
        'p',
        { class: 'token-line' },
        h('code', { id: 'receipt-token-value' }, token),
        ' ',
        h(
          'button',
          {
            type: 'button',
            onclick: async () => {
              try {
                await navigator.clipboard.writeText(token);
                copyStatus.textContent = 'Copied.';
              } catch {
                copyStatus.textContent = 'Select the token and copy it.';
              }
            },
          },
          'Copy token',
        ),
        ' ',
        copyStatus,
      ),
      h(
        'p',
        null,
        'Or bookmark ',
        h('a', { href: link, id: 'receipt-link' }, 'this link to your submission'),
        ' (it carries the token, so keep it private).',
      ),
      h('p', { class: 'hint' }, `Submission ${id}.`),
    ),
    h('h2', { id: 'status-heading' }, 'Status'),
    statusLine,
    statusArea,
    addFileSection(id, token, () => void refresh()),
  );

  let timer: ReturnType<typeof setTimeout> | undefined;
  ctx.signal.addEventListener('abort', () => clearTimeout(timer));
  async function refresh(): Promise<void> {
    clearTimeout(timer);
    try {
      const view = await apiJson<SubmissionStatus>(`/api/v1/submissions/${encodeURIComponent(id)}`, {
        receiptToken: token,
        signal: ctx.signal,
      });
      if (ctx.signal.aborted) return;
      // Re-read while anything is still being read: a corrected file restarts processing.
      const reading =
        view.status === 'received' ||
        view.status === 'processing' ||
        view.files.some((f) => f.status === 'queued' || f.status === 'processing');
      // One lasting live region, changed only when the words change, so a screen reader hears each step once.
      const said = `${SUBMISSION_STATUS_LABEL[view.status] ?? view.status}${reading ? ' (this page updates by itself)' : ''}`;
      if (statusLine.textContent !== said) statusLine.textContent = said;
      statusLine.className = `status status-${view.status}`;
      statusArea.setAttribute('aria-busy', String(reading));
      replaceContent(statusArea, statusView(ctx, view));
      if (reading) timer = setTimeout(() => void refresh(), POLL_MS);
    } catch (error) {
      if (ctx.signal.aborted) return;
      replaceContent(
        statusArea,
        messageBox('error', error instanceof ApiError ? error.message : 'The status could not be loaded.'),
      );
    }
  }
  await refresh();
}
