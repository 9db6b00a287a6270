import { classifyFilename, nearMissPrefix } from '../../../intake/filename-rules.ts';
import { ApiError, uploadForm } from '../api.ts';
import type { Receipt } from '../api-types.ts';
import { h, messageBox, replaceContent } from '../dom.ts';
import {
  CONFIDENTIALITY_LABEL,
  formatBytes,
  formatDateTime,
  plural,
  readableRule,
  SUBMITTER_TYPE_LABEL,
} from '../labels.ts';
import { go, type PageContext, pageHeading } from '../page-context.ts';

const ACCEPTED =
  '.pdf,.docx,.txt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain';
const MAX_COMMENT_CHARS = 5000;

interface ChosenFile {
  file: File;
  progress: HTMLProgressElement;
}

/** What the file's name will make of it, said before anything is sent. */
function nameAdvice(name: string): { kind: 'warning' | 'info'; text: string } | null {
  const aim = nearMissPrefix(name);
  if (aim) {
    const prefix = aim === 'business_confidential' ? 'BC' : 'P';
    const meaning = aim === 'business_confidential' ? 'business confidential' : 'the public version';
    return {
      kind: 'warning',
      text: `This name looks meant to mark ${meaning}, but only names beginning with exactly "${prefix}" (capital letters, first characters) count, so as named it would be published. Rename the file, or tick "Publish files as named" below.`,
    };
  }
  if (!/\.(pdf|docx|txt)$/i.test(name)) {
    return {
      kind: 'warning',
      text: 'The docket takes PDF, Word (DOCX) and plain-text files; other kinds are refused.',
    };
  }
  return null;
}

/** Submit: the docket's rules, then the form. A sent response goes to its receipt page. */
export async function renderSubmitPage(ctx: PageContext): Promise<void> {
  const { docket } = ctx;
  const chosen: ChosenFile[] = [];

  const summary = h('div', { class: 'form-summary', tabindex: -1 });
  const fileRows = h('tbody');
  const fileTable = h(
    'table',
    { class: 'file-table', hidden: true },
    h('caption', null, 'Files to upload'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, 'File'),
        h('th', { scope: 'col' }, 'Size'),
        h('th', { scope: 'col' }, 'Will be treated as'),
        h('th', { scope: 'col' }, 'Upload'),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Remove')),
      ),
    ),
    fileRows,
  );
  const fileInput = h('input', {
    type: 'file',
    id: 'files',
    name: 'files',
    multiple: true,
    accept: ACCEPTED,
  });
  const justification = h('textarea', {
    id: 'bc_justification',
    name: 'bc_justification',
    rows: 4,
    'aria-describedby': 'bc_justification-hint',
  });
  const justificationField = h(
    'div',
    { class: 'field', hidden: true },
    h(
      'label',
      { for: 'bc_justification' },
      'Why should the business confidential information be withheld? (required)',
    ),
    h(
      'p',
      { class: 'hint', id: 'bc_justification-hint' },
      'Explain why it should not be disclosed and cite the legal authority, for example 5 U.S.C. 552(b)(4) (FOIA Exemption 4).',
    ),
    justification,
  );
  const acknowledge = h('input', {
    type: 'checkbox',
    id: 'acknowledge_public',
    name: 'acknowledge_public',
    value: 'true',
  });
  const acknowledgeField = h(
    'div',
    { class: 'field checkbox', hidden: true },
    acknowledge,
    h(
      'label',
      { for: 'acknowledge_public' },
      'Publish files as named: I know a name above does not begin with "BC" or "P", and it may be published.',
    ),
  );

  function redrawFiles(): void {
    // What was wrong with the earlier choice of files may no longer be.
    replaceContent(summary);
    const rows = chosen.map((entry, index) => {
      const confidentiality = classifyFilename(entry.file.name);
      const advice = nameAdvice(entry.file.name);
      const tooLarge = entry.file.size > docket.max_file_bytes;
      return h(
        'tr',
        null,
        h('th', { scope: 'row' }, entry.file.name),
        h(
          'td',
          null,
          formatBytes(entry.file.size),
          tooLarge
            ? h('p', { class: 'inline-warning' }, `Over the ${formatBytes(docket.max_file_bytes)} limit.`)
            : null,
        ),
        h(
          'td',
          null,
          h('span', { class: `badge badge-${confidentiality}` }, CONFIDENTIALITY_LABEL[confidentiality]),
          advice ? h('p', { class: `inline-${advice.kind}` }, advice.text) : null,
        ),
        h('td', null, entry.progress),
        h(
          'td',
          null,
          h(
            'button',
            {
              type: 'button',
              class: 'link-button',
              'aria-label': `Remove ${entry.file.name}`,
              onclick: () => {
                chosen.splice(index, 1);
                redrawFiles();
                fileInput.focus();
              },
            },
            'Remove',
          ),
        ),
      );
    });
    replaceContent(fileRows, rows);
    fileTable.hidden = chosen.length === 0;
    const anyBc = chosen.some((c) => classifyFilename(c.file.name) === 'business_confidential');
    justificationField.hidden = !anyBc;
    justification.required = anyBc;
    acknowledgeField.hidden = !chosen.some((c) => nearMissPrefix(c.file.name) !== null);
  }

  function addFiles(files: FileList | File[]): void {
    for (const file of Array.from(files)) {
      const progress = h('progress', { max: 100, value: 0, 'aria-label': `Upload of ${file.name}` });
      chosen.push({ file, progress });
    }
    redrawFiles();
  }

  fileInput.addEventListener('change', () => {
    if (fileInput.files) addFiles(fileInput.files);
    // Lets the same file be chosen again after it was removed.
    fileInput.value = '';
  });

  const dropZone = h(
    'div',
    { class: 'drop-zone' },
    h('label', { for: 'files' }, 'Choose files (PDF, DOCX or TXT)'),
    fileInput,
    h(
      'p',
      { class: 'hint' },
      `Or drag and drop them here. Up to ${plural(docket.max_files, 'file')}, ${formatBytes(docket.max_file_bytes)} each.`,
    ),
  );
  dropZone.addEventListener('dragover', (event) => {
    event.preventDefault();
    dropZone.classList.add('drop-zone-active');
  });
  dropZone.addEventListener('dragleave', () => dropZone.classList.remove('drop-zone-active'));
  dropZone.addEventListener('drop', (event) => {
    event.preventDefault();
    dropZone.classList.remove('drop-zone-active');
    if (event.dataTransfer?.files) addFiles(event.dataTransfer.files);
  });

  const comment = h('textarea', {
    id: 'comment',
    name: 'comment',
    rows: 5,
    maxlength: MAX_COMMENT_CHARS,
    'aria-describedby': 'comment-count',
  });
  const commentCount = h(
    'p',
    { class: 'hint', id: 'comment-count', 'aria-live': 'polite' },
    `${MAX_COMMENT_CHARS.toLocaleString('en-US')} characters left`,
  );
  comment.addEventListener('input', () => {
    commentCount.textContent = `${(MAX_COMMENT_CHARS - comment.value.length).toLocaleString('en-US')} characters left`;
  });

  const submitButton = h('button', { type: 'submit', class: 'primary' }, 'Submit response');
  const textField = (id: string, label: string, attrs: Record<string, string | boolean> = {}) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: id }, label),
      h('input', { id, name: id, type: 'text', ...attrs }),
    );

  const form = h(
    'form',
    { novalidate: false, 'aria-labelledby': 'form-heading' },
    h('h2', { id: 'form-heading' }, 'Your response'),
    summary,
    h(
      'fieldset',
      null,
      h('legend', null, 'About you'),
      textField('submitter_name', 'Your name (required)', { required: true, autocomplete: 'name' }),
      textField('email', 'Email (required; not published)', {
        required: true,
        type: 'email',
        autocomplete: 'email',
      }),
      textField('organization', 'Organization', { autocomplete: 'organization' }),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'submitter_type' }, 'You are responding as'),
        h(
          'select',
          { id: 'submitter_type', name: 'submitter_type' },
          h('option', { value: '' }, 'Choose one (optional)'),
          Object.entries(SUBMITTER_TYPE_LABEL).map(([value, label]) => h('option', { value }, label)),
        ),
      ),
    ),
    h(
      'fieldset',
      null,
      h('legend', null, 'Files and comment'),
      dropZone,
      fileTable,
      justificationField,
      acknowledgeField,
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'comment' }, 'Comment (optional if you upload a file)'),
        comment,
        commentCount,
      ),
    ),
    submitButton,
  );

  function problemsBeforeUpload(): string[] {
    const problems: string[] = [];
    const classes = chosen.map((c) => classifyFilename(c.file.name));
    if (chosen.length === 0 && comment.value.trim() === '')
      problems.push('Upload at least one file or type a comment.');
    if (chosen.length > docket.max_files) problems.push(`Upload at most ${docket.max_files} files.`);
    for (const c of chosen) {
      if (c.file.size > docket.max_file_bytes)
        problems.push(`"${c.file.name}" is larger than ${formatBytes(docket.max_file_bytes)}.`);
      if (c.file.size === 0) problems.push(`"${c.file.name}" is empty.`);
    }
    if (classes.includes('business_confidential') && !classes.includes('public')) {
      problems.push(
        'A business confidential (BC…) file needs its public version: add a file whose name begins with "P".',
      );
    }
    if (!acknowledgeField.hidden && !acknowledge.checked) {
      problems.push(
        'A file name looks meant to begin with "BC" or "P". Rename it, or tick "Publish files as named".',
      );
    }
    return problems;
  }

  function showProblems(problems: string[]): void {
    replaceContent(
      summary,
      messageBox('error', [
        h('p', null, problems.length === 1 ? 'Please fix this first:' : 'Please fix these first:'),
        h(
          'ul',
          null,
          problems.map((p) => h('li', null, p)),
        ),
      ]),
    );
    summary.focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const problems = problemsBeforeUpload();
    if (problems.length > 0) {
      showProblems(problems);
      return;
    }
    const body = new FormData();
    for (const name of ['submitter_name', 'email', 'organization', 'submitter_type', 'comment']) {
      const value = (form.elements.namedItem(name) as HTMLInputElement | null)?.value.trim() ?? '';
      if (value) body.append(name, value);
    }
    if (!justificationField.hidden && justification.value.trim())
      body.append('bc_justification', justification.value.trim());
    if (!acknowledgeField.hidden && acknowledge.checked) body.append('acknowledge_public', 'true');
    for (const c of chosen) body.append('files', c.file, c.file.name);

    submitButton.disabled = true;
    submitButton.textContent = 'Uploading…';
    replaceContent(summary, messageBox('info', 'Uploading your files…'));
    const totalBytes = chosen.reduce((sum, c) => sum + c.file.size, 0);
    try {
      const receipt = await uploadForm<Receipt>(
        `/api/v1/dockets/${encodeURIComponent(docket.id)}/submissions`,
        body,
        {
          onProgress(loaded, total) {
            // One request carries every file in order; the share sent so far says how far each file got.
            let sent = (loaded / total) * totalBytes;
            for (const c of chosen) {
              const part = Math.min(Math.max(sent, 0), c.file.size);
              c.progress.value = c.file.size === 0 ? 100 : Math.round((part / c.file.size) * 100);
              sent -= c.file.size;
            }
          },
        },
      );
      for (const c of chosen) c.progress.value = 100;
      go(`receipt/${receipt.id}`, { token: receipt.receipt_token, new: 1 });
    } catch (error) {
      submitButton.disabled = false;
      submitButton.textContent = 'Submit response';
      for (const c of chosen) c.progress.value = 0;
      showProblems([error instanceof ApiError ? error.message : 'The upload failed. Try again.']);
    }
  });

  replaceContent(
    ctx.main,
    pageHeading(`Comment on the ${docket.title} request for information`),
    h(
      'p',
      { class: 'lede' },
      `${docket.agency}. Docket ${docket.id}. Comments are due by `,
      h('strong', null, formatDateTime(docket.deadline)),
      '.',
    ),
    docket.accepting_on_time
      ? null
      : messageBox(
          'info',
          'The comment deadline has passed. A response sent now is still received, and marked late.',
        ),
    h(
      'section',
      { 'aria-labelledby': 'rules-heading', class: 'rules' },
      h('h2', { id: 'rules-heading' }, 'Before you upload'),
      h(
        'ul',
        null,
        docket.rules.map((rule) => h('li', null, readableRule(rule))),
      ),
    ),
    form,
  );
}
