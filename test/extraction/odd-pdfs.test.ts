import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractedDocument } from '../../src/extraction/extracted-document.ts';
import { ExtractionSandbox, type SandboxResult } from '../../src/extraction/sandbox.ts';
import { oddPdfsDir } from './fixtures.ts';

/*
 * Every file of the shared odd-PDF corpus must end as its README says, read through the
 * sandbox in one runner, one after another: the runner has to survive all of them.
 */

const damaged =
  'This PDF is damaged or incomplete and could not be read. Export it again and upload the new copy.';
let sandbox: ExtractionSandbox;
const results = new Map<string, SandboxResult>();

beforeAll(async () => {
  sandbox = new ExtractionSandbox({ timeoutMs: 120_000, maxHeapMb: 256 });
  for (const name of [
    'pr6531_1.pdf',
    'empty_protected.pdf',
    'xref_command_missing.pdf',
    'PDFBOX-4352-0.pdf',
    'REDHAT-1531897-0.pdf',
    'bug1020226.pdf',
    'poppler-67295-0.pdf',
    'freeculture.pdf',
    'issue7229.pdf',
    'scan-bad.pdf',
    'arial_unicode_en_cidfont.pdf',
    'noembed-identity.pdf',
    'rotation.pdf',
    'hello_world_rotated.pdf',
    'synthetic_zero_pages.pdf',
  ]) {
    results.set(
      name,
      await sandbox.analyse(path.join(oddPdfsDir, name), 'pdf', { analyseRedactions: false }),
    );
  }
}, 300_000);

afterAll(() => sandbox.close());

function documentOf(name: string): ExtractedDocument {
  const result = results.get(name);
  if (!result?.ok) throw new Error(`${name} was not read: ${JSON.stringify(result)}`);
  return result.document;
}
const allText = (doc: ExtractedDocument) =>
  doc.pages.flatMap((page) => page.lines.map((line) => line.text)).join('\n');

describe('odd PDFs from the shared corpus', () => {
  it('pr6531_1.pdf (needs a user password) fails permanently, asking for an unencrypted file', () => {
    expect(results.get('pr6531_1.pdf')).toMatchObject({
      ok: false,
      permanent: true,
      message: 'This PDF is password-protected. Upload a copy without a password.',
    });
  });

  it('empty_protected.pdf (owner password only) opens, and its page has no text layer', () => {
    const doc = documentOf('empty_protected.pdf');
    expect(doc.pages.map((page) => page.hasTextLayer)).toEqual([false]);
  });

  it('xref_command_missing.pdf (broken xref) is recovered and reads "Reduced test-case"', () => {
    expect(allText(documentOf('xref_command_missing.pdf'))).toBe('Reduced test-case');
  });

  it('PDFBOX-4352-0.pdf (bogus xref entries) processes as one page without a text layer', () => {
    const doc = documentOf('PDFBOX-4352-0.pdf');
    expect(doc.pages.map((page) => [page.number, page.hasTextLayer])).toEqual([[1, false]]);
  });

  it.each(['REDHAT-1531897-0.pdf', 'bug1020226.pdf'])(
    '%s (unrecoverable) fails permanently as damaged',
    (name) => {
      expect(results.get(name)).toMatchObject({ ok: false, permanent: true, message: damaged });
    },
  );

  it('poppler-67295-0.pdf claims 9,999,999,999 pages; /Count is not trusted and its one page reads "TestString123"', () => {
    const doc = documentOf('poppler-67295-0.pdf');
    expect(doc.pages).toHaveLength(1);
    expect(allText(doc)).toBe('TestString123');
  });

  it('freeculture.pdf has all 352 pages extracted, its body mostly below 12 pt', () => {
    const doc = documentOf('freeculture.pdf');
    expect(doc.pages).toHaveLength(352);
    expect(doc.pages.map((page) => page.number)).toEqual(Array.from({ length: 352 }, (_, i) => i + 1));
    const charsBySize = new Map<number, number>();
    for (const page of doc.pages) {
      for (const line of page.lines)
        charsBySize.set(line.fontSizePt!, (charsBySize.get(line.fontSizePt!) ?? 0) + line.text.length);
    }
    const total = [...charsBySize.values()].reduce((a, b) => a + b, 0);
    const [dominant, count] = [...charsBySize].sort((a, b) => b[1] - a[1])[0]!;
    // The README says "mostly 11 pt": the body is set at 10.5 pt, which is what the text transform gives.
    expect(dominant).toBeGreaterThanOrEqual(10);
    expect(dominant).toBeLessThan(12);
    expect(count / total).toBeGreaterThan(0.6);
  });

  it('issue7229.pdf (image-only scan) has no text layer on either of its 2 pages', () => {
    expect(documentOf('issue7229.pdf').pages.map((page) => page.hasTextLayer)).toEqual([false, false]);
  });

  it('scan-bad.pdf (scanner image plus a few characters) processes', () => {
    const doc = documentOf('scan-bad.pdf');
    expect(doc.pages).toHaveLength(1);
    expect(allText(doc)).toBe('pdf.js');
  });

  it('arial_unicode_en_cidfont.pdf (CID font without ToUnicode) reads as its sentence', () => {
    expect(allText(documentOf('arial_unicode_en_cidfont.pdf')).replace(/\s+/g, ' ')).toBe(
      'This is an Arial Unicode PDF from OpenOffice.',
    );
  });

  it('noembed-identity.pdf (non-embedded Japanese CID font) reads "ABC あいうえお 123" through pdf.js cmaps', () => {
    expect(documentOf('noembed-identity.pdf').pages[0]!.lines[0]!.text).toBe('ABC あいうえお 123');
  });

  it('rotation.pdf: the /Rotate 90 page is read landscape, its first line at the top', () => {
    const [portrait, landscape] = documentOf('rotation.pdf').pages;
    expect([portrait!.width, portrait!.height]).toEqual([612, 792]);
    expect([landscape!.width, landscape!.height]).toEqual([792, 612]);
    expect(landscape!.lines.map((line) => line.text)).toEqual([
      'This is my second page. It will have a landscape layout.',
      'Second line here.',
    ]);
    expect(landscape!.lines[0]!.y!).toBeLessThan(612 / 5);
  });

  it('hello_world_rotated.pdf: text drawn turned on a rotated page is read in the orientation a reader turns it to', () => {
    const doc = documentOf('hello_world_rotated.pdf');
    expect(doc.pages).toHaveLength(5);
    for (const page of doc.pages) {
      expect(page.lines.map((line) => line.text)).toEqual(['Hello world']);
      expect([page.width, page.height]).toEqual([612, 792]);
      expect(page.lines[0]).toMatchObject({ fontSizePt: 36, bold: true });
    }
  });

  it('synthetic_zero_pages.pdf fails permanently: there is nothing to read', () => {
    expect(results.get('synthetic_zero_pages.pdf')).toMatchObject({
      ok: false,
      permanent: true,
      message:
        'This PDF has no pages, so there is nothing to read. Check that you chose the right file and upload it again.',
    });
  });

  it('the runner reads a normal file after all of them', async () => {
    const result = await sandbox.analyse(path.join(oddPdfsDir, 'rotation.pdf'), 'pdf', {
      analyseRedactions: false,
    });
    expect(result.ok).toBe(true);
  });
});
