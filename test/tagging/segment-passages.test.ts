import { describe, expect, it } from 'vitest';
import { buildExtractedDocument, type FixtureFile } from '../../fixtures/tagging/build-extracted-document.ts';
import type { ExtractedDocument, TextLine } from '../../src/extraction/extracted-document.ts';
import { segmentPassages } from '../../src/tagging/segment-passages.ts';

const LONG_A =
  'Export credit agencies price the risk of a sovereign buyer by the tenor of the loan and the strength of the guarantee, so a longer repayment period changes the economics of a campus more than a lower rate does over its life.';
const LONG_B =
  'Host governments also weigh the speed of delivery, because every month without capacity pushes local firms to rent computing from providers abroad whose terms they cannot negotiate and whose rules they do not control at all.';

function file(format: 'pdf' | 'docx' | 'txt', extra: Partial<FixtureFile> = {}): FixtureFile {
  return {
    name: `x.${format}`,
    format,
    header: 'BUSINESS CONFIDENTIAL',
    pages: [
      [
        { type: 'heading', text: 'Section F: Federal Support' },
        { type: 'para', text: LONG_A },
        { type: 'para', text: 'We rank the tools as follows:' },
        { type: 'list', items: ['Direct loans with long tenors.', 'Political risk insurance.'] },
      ],
      [{ type: 'para', text: LONG_B }],
    ],
    ...extra,
  };
}

describe.each(['pdf', 'docx', 'txt'] as const)('segmenting %s', (format) => {
  const passages = segmentPassages(buildExtractedDocument(file(format)));

  it('rebuilds whole paragraphs and keeps a list with its lead-in', () => {
    expect(passages.map((p) => p.text)).toEqual([
      LONG_A,
      'We rank the tools as follows:\n1. Direct loans with long tenors.\n2. Political risk insurance.',
      LONG_B,
    ]);
    expect(passages[1]?.kind).toBe('list');
  });

  it('keeps headings out of passages and in their heading path', () => {
    expect(passages.every((p) => p.headingPath[0] === 'Section F: Federal Support')).toBe(true);
  });

  it('drops the marking, caption and page numbers', () => {
    const all = passages.map((p) => p.text).join(' ');
    expect(all).not.toMatch(/BUSINESS CONFIDENTIAL|American AI Exports Program Comments|Page \d of/);
  });

  it('numbers pages and orders passages', () => {
    expect(passages.map((p) => [p.page, p.order])).toEqual([
      [1, 0],
      [1, 1],
      [2, 2],
    ]);
  });
});

describe('paragraphs over a page break', () => {
  it('join into one passage that keeps the first page number', () => {
    const first = LONG_A.replace(/ over its life\.$/, '');
    const doc = buildExtractedDocument({
      name: 'x.pdf',
      format: 'pdf',
      pages: [
        [{ type: 'para', text: first }],
        [
          { type: 'para', text: 'over its life.' },
          { type: 'para', text: LONG_B },
        ],
      ],
    });
    const passages = segmentPassages(doc);
    expect(passages.map((p) => [p.page, p.text])).toEqual([
      [1, LONG_A],
      [2, LONG_B],
    ]);
  });

  it('do not join when the first page ends a sentence and the next begins a new one', () => {
    const doc = buildExtractedDocument({
      name: 'x.pdf',
      format: 'pdf',
      pages: [[{ type: 'para', text: LONG_A }], [{ type: 'para', text: LONG_B }]],
    });
    expect(segmentPassages(doc)).toHaveLength(2);
  });
});

describe('PDF lines without furniture patterns', () => {
  const line = (text: string, y: number, extra: Partial<TextLine> = {}): TextLine => ({
    text,
    fontSizePt: 12,
    bold: false,
    headingLevel: null,
    part: 'body',
    x: 72,
    y,
    height: 14,
    ...extra,
  });

  it('drop a running header repeated at the top of every page, and split paragraphs by indentation', () => {
    const page = (n: number, lines: TextLine[]) => ({
      number: n,
      width: 612,
      height: 792,
      lines,
      hasTextLayer: true,
    });
    const doc: ExtractedDocument = {
      format: 'pdf',
      pagesAreReal: true,
      hasPageNumberField: false,
      pages: [
        page(1, [
          line('Acme Corp. comments on ITA-ITA-2025-0070', 60),
          line('First paragraph starts here and runs on across the whole width of the line', 90, { x: 90 }),
          line('and ends here.', 106),
          line('Second paragraph begins with an indent and also runs across the line', 122, { x: 90 }),
          line('before it ends.', 138),
        ]),
        page(2, [
          line('Acme Corp. comments on ITA-ITA-2025-0070', 60),
          line('Third paragraph on its own.', 90, { x: 90 }),
        ]),
      ],
    };
    expect(segmentPassages(doc).map((p) => p.text)).toEqual([
      'First paragraph starts here and runs on across the whole width of the line and ends here.',
      'Second paragraph begins with an indent and also runs across the line before it ends.',
      'Third paragraph on its own.',
    ]);
  });
});
