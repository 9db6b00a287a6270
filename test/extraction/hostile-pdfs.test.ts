import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseFileIsolated } from '../../src/extraction/sandbox.ts';
import { pdfFromObjects } from '../support/test-env.ts';

/**
 * PDFs built to abuse a reader: document JavaScript that would never end if it ran, an attached file
 * whose text must not pass for the document's, and a page tree claiming billions of pages. Each is
 * read through the same sandbox the worker uses: the page text comes back, and nothing else happens.
 */

const stream = (content: string, extra = '') =>
  `<< /Length ${content.length} ${extra}>>\nstream\n${content}\nendstream`;
const PAGE_TEXT = 'American AI Exports Program Comments';
const EMBEDDED_TEXT = 'ATTACHED-FILE-TEXT-MUST-NOT-APPEAR';
const pageContent = `BT /F1 12 Tf 72 720 Td (${PAGE_TEXT}) Tj ET`;

const hostile = {
  // An endless loop as document-open JavaScript, and again behind a link annotation on the page.
  javascript: pdfFromObjects([
    '<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R /Names << /JavaScript << /Names [(init) 6 0 R] >> >> >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R /Annots [7 0 R] /AA << /O 6 0 R >> >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    stream(pageContent),
    '<< /S /JavaScript /JS (while (true) {}) >>',
    '<< /Type /Annot /Subtype /Link /Rect [72 700 300 730] /A 6 0 R >>',
  ]),
  // A file attachment, in the name tree and as an annotation, holding text of its own.
  embeddedFile: pdfFromObjects([
    '<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(notes.txt) 6 0 R] >> >> >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R /Annots [8 0 R] >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    stream(pageContent),
    '<< /Type /Filespec /F (notes.txt) /UF (notes.txt) /EF << /F 7 0 R >> >>',
    stream(EMBEDDED_TEXT, '/Type /EmbeddedFile '),
    '<< /Type /Annot /Subtype /FileAttachment /Rect [72 600 90 618] /FS 6 0 R /Contents (notes) >>',
  ]),
  // /Count says four billion pages; there is one.
  absurdPageCount: pdfFromObjects([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 4000000000 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    stream(pageContent),
  ]),
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'docket-hostile-'));
  for (const [name, body] of Object.entries(hostile))
    await writeFile(path.join(dir, `${name}.pdf`), body, 'latin1');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const read = (name: keyof typeof hostile) =>
  analyseFileIsolated(path.join(dir, `${name}.pdf`), 'pdf', {
    timeoutMs: 30_000,
    maxHeapMb: 256,
    analyseRedactions: true,
  });
const textOf = (result: Awaited<ReturnType<typeof read>>) =>
  result.ok ? result.document.pages.map((p) => p.lines.map((l) => l.text).join('\n')) : [];

describe('hostile PDFs are read as documents, never run', () => {
  it('document JavaScript (an endless loop) is ignored: the page is read, in time', async () => {
    const result = await read('javascript');
    expect(result.ok).toBe(true);
    expect(textOf(result)).toEqual([PAGE_TEXT]);
  });

  it('an attached file’s text is not taken for the document’s', async () => {
    const result = await read('embeddedFile');
    expect(result.ok).toBe(true);
    expect(textOf(result)).toEqual([PAGE_TEXT]);
    expect(JSON.stringify(result)).not.toContain(EMBEDDED_TEXT);
  });

  it('a page count of four billion is not believed: the one real page is read', async () => {
    const result = await read('absurdPageCount');
    expect(result.ok).toBe(true);
    expect(textOf(result)).toEqual([PAGE_TEXT]);
  });
});
