import type { SubmissionStatus } from './api-types.ts';
import { type Child, h } from './dom.ts';
import { CONFIDENTIALITY_LABEL, FILE_STATUS_LABEL } from './labels.ts';

export type SubmissionFile = SubmissionStatus['files'][number];

/**
 * Where the commenter's receipt and the staff submission page word the same table differently:
 * each speaks to its own reader (a commenter is told what the public sees, staff why a file is held).
 */
export interface FilesTableWording {
  caption?: string;
  confidentialityHeading: string;
  withheldNote: string;
  /** A last column only one page needs, such as whether staff can read the file's text. */
  extraColumn?: { heading: string; cell: (file: SubmissionFile) => Child };
}

/** One submission's files: name, how it is treated, where reading it got to, and its pages. */
export function filesTable(files: SubmissionFile[], wording: FilesTableWording): HTMLElement {
  const extra = wording.extraColumn;
  return h(
    'table',
    { class: 'file-table' },
    wording.caption ? h('caption', null, wording.caption) : null,
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, 'File'),
        h('th', { scope: 'col' }, wording.confidentialityHeading),
        h('th', { scope: 'col' }, 'Status'),
        h('th', { scope: 'col' }, 'Pages'),
        extra ? h('th', { scope: 'col' }, extra.heading) : null,
      ),
    ),
    h(
      'tbody',
      null,
      files.map((f) =>
        h(
          'tr',
          null,
          h('th', { scope: 'row' }, f.filename),
          h(
            'td',
            null,
            h(
              'span',
              { class: `badge badge-${f.confidentiality}` },
              CONFIDENTIALITY_LABEL[f.confidentiality],
            ),
          ),
          h(
            'td',
            null,
            FILE_STATUS_LABEL[f.status] ?? f.status,
            f.quarantined ? h('strong', { class: 'withheld' }, ` · ${wording.withheldNote}`) : null,
            f.error ? h('p', { class: 'inline-warning' }, f.error) : null,
          ),
          h('td', null, f.page_count ?? '–'),
          extra ? h('td', null, extra.cell(f)) : null,
        ),
      ),
    ),
  );
}
