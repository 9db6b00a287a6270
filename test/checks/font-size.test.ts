import { describe, expect, it } from 'vitest';
import { complianceFindings } from '../../src/checks/compliance-findings.ts';
import type { ExtractedDocument } from '../../src/extraction/extracted-document.ts';
import type { Finding } from '../../src/findings/finding.ts';
import {
  CAPTION,
  DOCKET,
  docxDocument,
  type LineSpec,
  pdfDocument,
  submitted,
  txtDocument,
  wrap,
} from './builders.ts';

const PARAGRAPH =
  'Federal support should follow the package, not the firm: a consortium that adds a member mid-way should not lose the financing it was promised for the rest of the stack.';
const OTHER =
  'Export controls should be settled before a package is designated, so that no partner country learns of a licence condition after it has signed.';
const FOOTNOTE =
  '1 See Export-Import Bank of the United States, Charter, 12 U.S.C. 635 (2024), and the bank’s content policy.';

function sized(lines: string[], size: number, extra: Partial<LineSpec> = {}): LineSpec[] {
  return lines.map((text) => ({ text, size, ...extra }));
}

function fontFindings(doc: ExtractedDocument, filename = 'acme.pdf'): Finding[] {
  return complianceFindings({
    docket: DOCKET,
    bcJustification: null,
    files: [submitted(filename, doc)],
  }).filter((f) => f.code === 'font_below_minimum');
}

describe('font_below_minimum', () => {
  it('10 pt body text under 12 pt headings fires', () => {
    const doc = pdfDocument([
      {
        size: 10,
        body: [
          { text: CAPTION, size: 14, bold: true },
          { text: 'Section F: Federal Support', size: 12, bold: true },
          ...sized(wrap(PARAGRAPH), 10),
          { text: 'Section G: National Security Regulations', size: 12, bold: true },
          ...sized(wrap(PARAGRAPH), 10),
        ],
        footer: { text: 'Page 1 of 1', size: 12 },
      },
    ]);
    const findings = fontFindings(doc);
    expect(findings.map((f) => [f.fileId, f.page])).toEqual([['acme.pdf', 1]]);
    expect(findings[0]?.message).toBe(
      'The body text on page 1 of acme.pdf is 10 pt; the RFI asks for 12 point or larger. Enlarge the body text and upload it again.',
    );
  });

  it('12 pt body text with 9 pt footnotes does not fire', () => {
    const doc = pdfDocument([
      {
        body: [
          CAPTION,
          ...wrap(PARAGRAPH),
          ...wrap(PARAGRAPH),
          ...sized(wrap(FOOTNOTE, 16), 9, { y: 650 }).map((line, i) => ({ ...line, y: 650 + i * 11 })),
        ],
        footer: { text: '1', size: 9 },
      },
    ]);
    expect(fontFindings(doc)).toEqual([]);
  });

  it('a page of footnotes longer than its 12 pt text does not fire', () => {
    const notes = [FOOTNOTE, FOOTNOTE.replace('1 See', '2 See'), FOOTNOTE.replace('1 See', '3 See')];
    const doc = pdfDocument([
      {
        body: [
          CAPTION,
          ...wrap(PARAGRAPH, 20).slice(0, 1),
          ...notes.flatMap((note) => sized(wrap(note, 16), 9)),
        ],
        footer: 'Page 1 of 1',
      },
    ]);
    expect(fontFindings(doc)).toEqual([]);
  });

  it('a small running header and page number do not fire', () => {
    const doc = pdfDocument([
      {
        header: { text: 'Acme Corp. Comments', size: 8 },
        body: [CAPTION, ...wrap(PARAGRAPH)],
        footer: { text: '1', size: 8 },
      },
      {
        header: { text: 'Acme Corp. Comments', size: 8 },
        body: wrap(`${PARAGRAPH} ${PARAGRAPH}`),
        footer: { text: '2', size: 8 },
      },
    ]);
    expect(fontFindings(doc)).toEqual([]);
  });

  it('11.9 pt, as a PDF text matrix reports 12 pt, is 12 point', () => {
    const doc = pdfDocument([{ size: 11.9, body: [CAPTION, ...wrap(PARAGRAPH)] }]);
    expect(fontFindings(doc)).toEqual([]);
  });

  it('11.5 pt fires', () => {
    const doc = docxDocument({ size: 11.5, pages: [[CAPTION, PARAGRAPH, PARAGRAPH]] });
    expect(fontFindings(doc, 'a.docx').map((f) => f.page)).toEqual([1]);
  });

  it('fires only on the pages set in small type', () => {
    const doc = pdfDocument([
      { body: [CAPTION, ...wrap(PARAGRAPH)] },
      { size: 10, body: wrap(OTHER) },
      { body: wrap(FOOTNOTE.slice(2)) },
    ]);
    expect(fontFindings(doc).map((f) => f.page)).toEqual([2]);
  });

  it('a 10 pt DOCX is reported on each page when it has page breaks, once without a page when it has none', () => {
    const pages = [
      [{ text: CAPTION, size: 12 }, PARAGRAPH],
      [{ text: 'Heading', size: 11 }, OTHER],
    ];
    expect(fontFindings(docxDocument({ size: 10, pages }), 'a.docx').map((f) => f.page)).toEqual([1, 2]);
    expect(
      fontFindings(docxDocument({ size: 10, pagesAreReal: false, pages }), 'a.docx').map((f) => f.page),
    ).toEqual([null]);
  });

  it('plain text has no font sizes and never fires', () => {
    expect(fontFindings(txtDocument(`${CAPTION}\n\n${PARAGRAPH}\n`), 'a.txt')).toEqual([]);
  });
});
