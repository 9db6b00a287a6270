import { describe, expect, it } from 'vitest';
import { complianceFindings } from '../../src/checks/compliance-findings.ts';
import type { ExtractedDocument } from '../../src/extraction/extracted-document.ts';
import {
  CAPTION,
  DOCKET,
  docxDocument,
  imagePage,
  pdfDocument,
  submitted,
  txtDocument,
  wrap,
} from './builders.ts';

const PARAGRAPH =
  'Priority markets should be judged first on firm power: a campus that cannot be connected to the grid within three years should not count towards a package.';

function captionFindings(doc: ExtractedDocument, filename = 'acme.pdf', extra = {}) {
  return complianceFindings({
    docket: DOCKET,
    bcJustification: null,
    files: [submitted(filename, doc, extra)],
  }).filter((f) => f.code === 'caption_missing');
}

function firstPageWith(...lines: string[]): ExtractedDocument {
  return pdfDocument([{ body: [...lines, ...wrap(PARAGRAPH)], footer: 'Page 1 of 1' }]);
}

describe('caption_missing', () => {
  it('a file without the caption is reported once, without a page', () => {
    const findings = captionFindings(firstPageWith('Comments of Acme Corp.'));
    expect(findings.map((f) => [f.fileId, f.page])).toEqual([['acme.pdf', null]]);
    expect(findings[0]?.message).toBe(
      'acme.pdf is not captioned. Put “American AI Exports Program Comments” at the top of its first page and upload it again.',
    );
  });

  it.each([
    ['as the RFI writes it', [CAPTION]],
    ['in capitals', ['AMERICAN AI EXPORTS PROGRAM COMMENTS']],
    ['with punctuation', ['American AI Exports Program — Comments.']],
    ['broken over two lines', ['American AI Exports', 'Program Comments']],
    ['inside a longer title line', ['Acme Corp.: American AI Exports Program Comments (ITA-ITA-2025-0070)']],
    ['turned round as a title', ['Comments on the American AI Exports Program']],
  ])('the caption %s counts', (_label, lines) => {
    expect(captionFindings(firstPageWith(...lines))).toEqual([]);
  });

  it('the program named inside a sentence is not a caption', () => {
    expect(
      captionFindings(
        firstPageWith('We offer these comments on the American AI Exports Program because we export chips.'),
      ),
    ).toHaveLength(1);
  });

  it('a caption on the second page, after a cover letter, counts; one on the third does not', () => {
    const onSecond = pdfDocument([{ body: wrap(PARAGRAPH) }, { body: [CAPTION, ...wrap(PARAGRAPH)] }]);
    expect(captionFindings(onSecond)).toEqual([]);
    const onThird = pdfDocument([{ body: wrap(PARAGRAPH) }, { body: wrap(PARAGRAPH) }, { body: [CAPTION] }]);
    expect(captionFindings(onThird)).toHaveLength(1);
  });

  it('a caption in a DOCX header counts', () => {
    expect(captionFindings(docxDocument({ header: [CAPTION], pages: [[PARAGRAPH]] }), 'a.docx')).toEqual([]);
  });

  it('a plain-text file without the caption is reported', () => {
    const txt = txtDocument(
      `To the International Trade Administration, regarding docket\nITA-ITA-2025-0070.\n\n${PARAGRAPH}\n\nPage 1 of 1\n`,
    );
    expect(captionFindings(txt, 'comments.txt')).toHaveLength(1);
  });

  it('a first page without a text layer may hold the caption, so nothing is claimed', () => {
    const doc = pdfDocument([{ body: wrap(PARAGRAPH) }, { body: wrap(PARAGRAPH) }]);
    expect(captionFindings({ ...doc, pages: [imagePage(1), ...doc.pages.slice(1)] })).toEqual([]);
  });

  it('the comment typed into the form needs no caption', () => {
    const typed = txtDocument(`${PARAGRAPH}\n`);
    expect(captionFindings(typed, 'comment.txt', { isTypedComment: true })).toEqual([]);
  });
});
