import { describe, expect, it } from 'vitest';
import { complianceFindings } from '../../src/checks/compliance-findings.ts';
import { readPageNumber } from '../../src/checks/page-numbers.ts';
import type { ExtractedDocument } from '../../src/extraction/extracted-document.ts';
import type { Finding } from '../../src/findings/finding.ts';
import {
  CAPTION,
  DOCKET,
  docxDocument,
  imagePage,
  type LineInput,
  pdfDocument,
  submitted,
  txtDocument,
  wrap,
} from './builders.ts';

const PARAGRAPH =
  'Consortia should be free to choose their own members, but the Department should publish the criteria it will use to judge whether a consortium can deliver every layer of the stack.';

function missingPages(doc: ExtractedDocument, filename = 'acme.pdf'): Array<number | null> {
  return complianceFindings({ docket: DOCKET, bcJustification: null, files: [submitted(filename, doc)] })
    .filter((f: Finding) => f.code === 'page_number_missing')
    .map((f) => f.page);
}

/** A PDF of `count` pages whose footer (or header) is given per page. */
function numbered(
  count: number,
  footer: (page: number) => LineInput | undefined,
  where: 'footer' | 'header' = 'footer',
) {
  return pdfDocument(
    Array.from({ length: count }, (_, i) => {
      const mark = footer(i + 1);
      return {
        ...(mark === undefined ? {} : { [where]: mark }),
        body: [...(i === 0 ? [CAPTION] : []), ...wrap(PARAGRAPH)],
      };
    }),
  );
}

describe('reading a page number', () => {
  it.each([
    ['Page 3', 3, true],
    ['3', 3, false],
    ['- 3 -', 3, false],
    ['— 3 —', 3, false],
    ['3 of 12', 3, true],
    ['Page 3 of 12', 3, true],
    ['p. 3', 3, true],
    ['iii', 3, false],
    ['Page iv', 4, true],
    ['Acme Corp. Comments | 3', 3, false],
    [
      'Comments of Acme Corporation on the American AI Exports Program, ITA-ITA-2025-0070, Page 3 of 12',
      3,
      true,
    ],
  ])('"%s" reads as page %i', (text, value, explicit) => {
    expect(readPageNumber(text)).toEqual({ value, explicit });
  });

  it.each([
    'BUSINESS CONFIDENTIAL',
    'as described on page 3 of our earlier submission to the Department, we would',
    'In 2025 we commissioned 3 campuses in Ohio, Texas and Virginia for 2 customers',
  ])('"%s" is not a page number', (text) => {
    expect(readPageNumber(text)).toBeNull();
  });
});

describe('page_number_missing', () => {
  it.each([
    ['"Page N of M"', (n: number) => `Page ${n} of 3`],
    ['"Page N"', (n: number) => `Page ${n}`],
    ['a bare number', (n: number) => `${n}`],
    ['a dashed number', (n: number) => `- ${n} -`],
    ['"N of M"', (n: number) => `${n} of 3`],
    ['roman numerals', (n: number) => ['i', 'ii', 'iii'][n - 1]],
  ])('a page numbered with %s in the footer has its number', (_label, footer) => {
    expect(missingPages(numbered(3, footer))).toEqual([]);
  });

  it('a page number in the header zone counts', () => {
    expect(missingPages(numbered(2, (n) => `Acme Corp. Comments | ${n}`, 'header'))).toEqual([]);
  });

  it('each page without a number is reported by its page', () => {
    expect(missingPages(numbered(3, (n) => (n === 2 ? undefined : `Page ${n} of 3`)))).toEqual([2]);
    expect(missingPages(numbered(2, () => undefined))).toEqual([1, 2]);
  });

  it('an unnumbered cover page with numbering from 1 on the next page passes on the numbered pages', () => {
    expect(missingPages(numbered(3, (n) => (n === 1 ? undefined : `${n - 1}`)))).toEqual([1]);
  });

  it('a count that drifts from the physical pages (an unnumbered plate) still numbers each page', () => {
    // Physical pages 1-3 print 5, 6, 7; pages 4-5 print 9, 10 after an unnumbered plate was taken out.
    const printed = [5, 6, 7, 9, 10];
    expect(missingPages(numbered(5, (n) => `INTRODUCTION ${printed[n - 1]}`))).toEqual([]);
  });

  it('a bare figure that does not fit the page is not a page number', () => {
    // "2025" alone in the footer is a year, not page 1's number.
    expect(missingPages(numbered(2, () => '2025'))).toEqual([1, 2]);
  });

  it('a number in the middle of the page is not a page number', () => {
    const doc = pdfDocument([
      { body: [CAPTION, ...wrap(PARAGRAPH), { text: '1', y: 400 }, ...wrap(PARAGRAPH)] },
    ]);
    expect(missingPages(doc)).toEqual([1]);
  });

  it('a DOCX with a PAGE field numbers every page', () => {
    const doc = docxDocument({
      hasPageNumberField: true,
      footer: ['Page 1 of 2'],
      pages: [[CAPTION, PARAGRAPH], [PARAGRAPH]],
    });
    expect(missingPages(doc, 'a.docx')).toEqual([]);
  });

  it('a DOCX without one is reported per page where it has page breaks, once without a page where it has none', () => {
    expect(missingPages(docxDocument({ pages: [[CAPTION, PARAGRAPH], [PARAGRAPH]] }), 'a.docx')).toEqual([
      1, 2,
    ]);
    expect(
      missingPages(
        docxDocument({ pagesAreReal: false, pages: [[CAPTION, PARAGRAPH], [PARAGRAPH]] }),
        'a.docx',
      ),
    ).toEqual([null]);
  });

  it('a DOCX page number typed as the last paragraph of the page counts', () => {
    const doc = docxDocument({
      pages: [
        [CAPTION, PARAGRAPH, '- 1 -'],
        [PARAGRAPH, '- 2 -'],
      ],
    });
    expect(missingPages(doc, 'a.docx')).toEqual([]);
  });

  it('a TXT page number on the last line of the page counts; a TXT page without one is reported', () => {
    const numberedTxt = txtDocument(
      `${CAPTION}\n\n${PARAGRAPH}\n\nPage 1 of 2\n\f${PARAGRAPH}\n\nPage 2 of 2\n`,
    );
    expect(missingPages(numberedTxt, 'a.txt')).toEqual([]);
    const unnumbered = txtDocument(`${CAPTION}\n\n${PARAGRAPH}\n\f${PARAGRAPH}\n`);
    expect(missingPages(unnumbered, 'a.txt')).toEqual([1, 2]);
  });

  it('a page without a text layer is reported as such, not as unnumbered', () => {
    const doc = numbered(2, (n) => `Page ${n} of 3`);
    const withScan: ExtractedDocument = { ...doc, pages: [...doc.pages, imagePage(3)] };
    expect(missingPages(withScan)).toEqual([]);
  });

  it('the message names the page and says what to do', () => {
    const [found] = complianceFindings({
      docket: DOCKET,
      bcJustification: null,
      files: [
        submitted(
          'acme.pdf',
          numbered(1, () => undefined),
        ),
      ],
    }).filter((f) => f.code === 'page_number_missing');
    expect(found?.message).toBe(
      'Page 1 of acme.pdf shows no page number. Number every page (for example "Page 1" in the footer) and upload it again.',
    );
  });
});
