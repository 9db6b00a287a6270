import { describe, expect, it } from 'vitest';
import { extractDocument } from '../../src/extraction/extract-document.ts';
import type { ExtractedDocument } from '../../src/extraction/extracted-document.ts';
import { ExtractionError } from '../../src/extraction/extraction-error.ts';
import { fixture } from './fixtures.ts';

const pdf = (name: string) => extractDocument(fixture(name), 'pdf');
const texts = (doc: ExtractedDocument, page: number) => doc.pages[page - 1]!.lines.map((line) => line.text);
const lastLine = (doc: ExtractedDocument, page: number) => doc.pages[page - 1]!.lines.at(-1)!;

describe('PDF extraction', () => {
  it('reads every page of a PDF as real pages with their size in points', async () => {
    const doc = await pdf('pdf-12pt-page-numbers-footer.pdf');
    expect(doc.format).toBe('pdf');
    expect(doc.pagesAreReal).toBe(true);
    expect(doc.hasPageNumberField).toBe(false);
    expect(doc.pages.map((page) => [page.number, page.width, page.height, page.hasTextLayer])).toEqual([
      [1, 612, 792, true],
      [2, 612, 792, true],
      [3, 612, 792, true],
    ]);
  });

  it('gives one line per visual line, in reading order, with the caption first on page 1', async () => {
    const doc = await pdf('pdf-12pt-page-numbers-footer.pdf');
    const lines = doc.pages[0]!.lines;
    expect(lines[0]).toMatchObject({
      text: 'American AI Exports Program Comments',
      fontSizePt: 14,
      bold: true,
      x: 72,
      part: 'body',
    });
    expect(lines[1]).toMatchObject({ text: 'Section A: Respondent Background', fontSizePt: 14, bold: true });
    expect(lines[2]!.text).toBe(
      'Our company exports compute infrastructure to partners in allied countries, and we welcome the',
    );
    const ys = lines.map((line) => line.y!);
    expect([...ys].sort((a, b) => a - b)).toEqual(ys);
    expect(lines.every((line) => line.headingLevel === null)).toBe(true);
  });

  it('measures a 12 pt body as 12 pt and a 10 pt body as 10 pt, from the text transform', async () => {
    const twelve = await pdf('pdf-12pt-page-numbers-footer.pdf');
    const ten = await pdf('pdf-10pt-body-bare-page-numbers.pdf');
    const bodySizes = (doc: ExtractedDocument) =>
      new Set(
        doc.pages.flatMap((page) => page.lines.filter((line) => !line.bold).map((line) => line.fontSizePt)),
      );
    expect(bodySizes(twelve)).toEqual(new Set([12]));
    expect(bodySizes(ten)).toEqual(new Set([10]));
  });

  it.each([
    ['pdf-12pt-page-numbers-footer.pdf', ['Page 1', 'Page 2', 'Page 3']],
    ['pdf-10pt-body-bare-page-numbers.pdf', ['1', '2', '3']],
    ['pdf-12pt-dashed-page-numbers.pdf', ['- 1 -', '- 2 -', '- 3 -']],
    ['pdf-12pt-page-n-of-total.pdf', ['1 of 3', '2 of 3', '3 of 3']],
  ])('puts the page number of %s on its own last line, near the page bottom', async (name, numbers) => {
    const doc = await pdf(name);
    for (const [index, number] of numbers.entries()) {
      const line = lastLine(doc, index + 1);
      expect(line.text).toBe(number);
      expect(line.y!).toBeGreaterThan(792 * 0.9);
    }
  });

  it('has no page-number line when the PDF prints none', async () => {
    const doc = await pdf('pdf-12pt-no-caption-no-page-numbers.pdf');
    expect(lastLine(doc, 1).text).toBe('selecting priority markets.');
    expect(texts(doc, 1)[0]).toBe('Section A: Respondent Background');
  });

  it('reads a running header as its own bold line at the top of every page', async () => {
    for (const [name, header] of [
      ['BC-pair-header-business-confidential.pdf', 'BUSINESS CONFIDENTIAL'],
      ['P-pair-header-public-paragraph-removed.pdf', 'PUBLIC'],
    ] as const) {
      const doc = await pdf(name);
      for (const page of doc.pages) {
        expect(page.lines[0]).toMatchObject({ text: header, bold: true, fontSizePt: 12, part: 'body' });
        expect(page.lines[0]!.y!).toBeLessThan(792 / 5);
      }
    }
  });

  it('keeps the paragraph the public version removes only in the BC version', async () => {
    const bc = await pdf('BC-pair-header-business-confidential.pdf');
    const p = await pdf('P-pair-header-public-paragraph-removed.pdf');
    const confidential =
      'Confidential pricing: our committed unit price for the 2026 accelerator cluster is $41,300 per';
    expect(texts(bc, 2)).toContain(confidential);
    expect(texts(p, 2)).not.toContain(confidential);
    expect(texts(p, 3)).toEqual(
      texts(bc, 3).map((text) => (text === 'BUSINESS CONFIDENTIAL' ? 'PUBLIC' : text)),
    );
  });

  it('marks a page holding only an image as having no text layer', async () => {
    const doc = await pdf('pdf-image-only-second-page.pdf');
    expect(doc.pages.map((page) => page.hasTextLayer)).toEqual([true, false]);
    expect(doc.pages[1]!.lines).toEqual([]);
  });

  it('refuses a PDF that needs a password to open, permanently, asking for a copy without one', async () => {
    const error = await pdf('pdf-encrypted-user-password.pdf').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtractionError);
    expect(error).toMatchObject({
      permanent: true,
      message: 'This PDF is password-protected. Upload a copy without a password.',
    });
  });

  it('refuses a truncated PDF as damaged, permanently, asking for a new export', async () => {
    const error = await pdf('pdf-truncated.pdf').catch((e: unknown) => e);
    expect(error).toMatchObject({
      permanent: true,
      message:
        'This PDF is damaged or incomplete and could not be read. Export it again and upload the new copy.',
    });
  });

  it('reads no further than maxPages', async () => {
    const doc = await extractDocument(fixture('pdf-12pt-page-numbers-footer.pdf'), 'pdf', { maxPages: 2 });
    expect(doc.pages.map((page) => page.number)).toEqual([1, 2]);
  });

  it('leaves the caller’s bytes intact', async () => {
    const bytes = fixture('pdf-12pt-page-numbers-footer.pdf');
    const copy = bytes.slice();
    await extractDocument(bytes, 'pdf');
    expect(bytes).toEqual(copy);
  });
});
