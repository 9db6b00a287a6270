import { describe, expect, it } from 'vitest';
import { extractDocument } from '../../src/extraction/extract-document.ts';
import type { ExtractedDocument } from '../../src/extraction/extracted-document.ts';
import { fixture } from './fixtures.ts';

const txt = (text: string | Uint8Array) =>
  extractDocument(typeof text === 'string' ? new TextEncoder().encode(text) : text, 'txt');
const pageLines = (doc: ExtractedDocument) => doc.pages.map((page) => page.lines.map((line) => line.text));

describe('TXT extraction', () => {
  it('starts a new page at each form feed and keeps blank lines as ""', async () => {
    const doc = await txt(fixture('txt-form-feed-pages.txt'));
    expect(doc.pagesAreReal).toBe(true);
    expect(pageLines(doc).map((lines) => [lines[0], lines[1], lines.at(-1)])).toEqual([
      ['American AI Exports Program Comments', '', 'Page 1 of 3'],
      ['Question 4: Consortium Formation', '', 'Page 2 of 3'],
      [expect.stringMatching(/^Financing remains/), '', 'Page 3 of 3'],
    ]);
  });

  it('strips the byte-order mark', async () => {
    const doc = await txt(fixture('txt-form-feed-pages.txt'));
    expect(doc.pages[0]!.lines[0]!.text.charCodeAt(0)).toBe('A'.charCodeAt(0));
  });

  it('has no size, weight or position for plain text', async () => {
    const doc = await txt('one line\n');
    expect(doc.pages).toEqual([
      {
        number: 1,
        width: null,
        height: null,
        hasTextLayer: true,
        lines: [
          {
            text: 'one line',
            fontSizePt: null,
            bold: false,
            headingLevel: null,
            part: 'body',
            x: null,
            y: null,
            height: null,
          },
        ],
      },
    ]);
  });

  it('treats CRLF and CR line ends alike, and a final form feed as closing the last page', async () => {
    expect(pageLines(await txt('a\r\nb\rc\n\f'))).toEqual([['a', 'b', 'c']]);
    expect(pageLines(await txt('a\n\n\nb'))).toEqual([['a', '', '', 'b']]);
  });

  it('reads text that is not UTF-8 as Windows-1252 rather than failing', async () => {
    const doc = await txt(new Uint8Array([0x93, 0x50, 0x55, 0x42, 0x4c, 0x49, 0x43, 0x94]));
    expect(doc.pages[0]!.lines[0]!.text).toBe('\u201cPUBLIC\u201d');
  });
});
