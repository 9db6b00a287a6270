import type { Finding } from './api-types.ts';
import { h } from './dom.ts';
import { type DocketFacts, explainFinding, SEVERITY_LABEL, type Severity } from './finding-explanations.ts';

const SEVERITY_ORDER: Severity[] = ['error', 'warning', 'info'];

/** Findings grouped by severity, each with where it is, the plain explanation and the server's message. */
export function findingsList(
  findings: Finding[],
  filenames: Map<string, string>,
  docket: DocketFacts,
  headingLevel: 'h2' | 'h3' | 'h4' = 'h3',
): HTMLElement {
  if (findings.length === 0) return h('p', { class: 'empty' }, 'No findings.');
  return h(
    'div',
    { class: 'findings' },
    SEVERITY_ORDER.map((severity) => {
      const group = findings.filter((f) => f.severity === severity);
      if (group.length === 0) return null;
      const title = `${severity === 'error' ? 'Problems' : severity === 'warning' ? 'Warnings' : 'Notes'} (${group.length})`;
      return h(
        'section',
        { class: `finding-group finding-group-${severity}` },
        h(headingLevel, null, title),
        h(
          'ul',
          { class: 'finding-list' },
          group.map((f) => {
            const where = [
              f.file_id ? (filenames.get(f.file_id) ?? 'a file') : 'the submission',
              f.page !== null ? `page ${f.page}` : null,
            ]
              .filter(Boolean)
              .join(', ');
            return h(
              'li',
              { class: `finding finding-${f.severity}`, 'data-code': f.code },
              h('span', { class: `severity severity-${f.severity}` }, SEVERITY_LABEL[f.severity]),
              ' ',
              h('span', { class: 'finding-where' }, where),
              h('p', { class: 'finding-explanation' }, explainFinding(f.code, docket)),
              h(
                'p',
                { class: 'finding-message' },
                h('span', { class: 'finding-code' }, f.code),
                ': ',
                f.message,
              ),
            );
          }),
        ),
      );
    }),
  );
}

export function docketFacts(docket: { caption: string; min_font_pt: number }): DocketFacts {
  return { caption: docket.caption, minFontPt: docket.min_font_pt };
}
