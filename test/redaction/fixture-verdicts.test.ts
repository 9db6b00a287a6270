/**
 * Our own fixtures (fixtures/redaction/make.ts writes them): one file per rule, named by the
 * verdict it must get. ".bad-pN" is flagged on page N, ".bad" on no real page, ".clean" not at all.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRecoverableText } from '../../src/redaction/recoverable-text.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/redaction');
const LEAK = 'Kestrel will pay $780 million for 9,000 accelerators over seven years.';

async function check(name: string) {
  const format = name.endsWith('.docx') ? 'docx' : 'pdf';
  return findRecoverableText(new Uint8Array(readFileSync(path.join(FIXTURES, name))), format);
}

describe('PDF fixtures', () => {
  it('a black box drawn over a line of text leaks that line, on its page (2)', async () => {
    expect(await check('black-box-over-text.bad-p2.pdf')).toEqual([{ page: 2, text: LEAK, boxes: 1 }]);
  });
  it('a white box over text hides it just as well: all-light pixels count as opaque', async () => {
    expect(await check('white-box-over-text.bad-p1.pdf')).toEqual([{ page: 1, text: LEAK, boxes: 1 }]);
  });
  it('black text drawn on top of a black box is still hidden (Word highlight printed to PDF)', async () => {
    expect(await check('black-text-on-black-box.bad-p1.pdf')).toEqual([{ page: 1, text: LEAK, boxes: 1 }]);
  });
  it('a box with no text under it is a proper redaction', async () => {
    expect(await check('black-box-no-text-under.clean.pdf')).toEqual([]);
  });
  it('a box over placeholder text ("[REDACTED]", XXXX) leaks nothing', async () => {
    expect(await check('black-box-over-placeholder.clean.pdf')).toEqual([]);
  });
  it('text drawn on top of a grey box (table shading) is visible', async () => {
    expect(await check('text-on-grey-box.clean.pdf')).toEqual([]);
  });
  it('white text drawn on top of a black bar is visible', async () => {
    expect(await check('white-text-on-black-box.clean.pdf')).toEqual([]);
  });
  it('a nonzero-filled frame whose hole shows the text is not opaque: rendering decides', async () => {
    expect(await check('holed-frame-over-text.clean.pdf')).toEqual([]);
  });
  it('each rectangle of one path is a box of its own; the path outer box would cover the text', async () => {
    expect(await check('two-bars-one-path-spanning-lines.clean.pdf')).toEqual([]);
  });
});

describe('DOCX fixtures', () => {
  it('a black-shaded run leaks, on the page its explicit page break gives (2)', async () => {
    expect(await check('black-shaded-run.bad-p2.docx')).toEqual([{ page: 2, text: LEAK, boxes: 1 }]);
  });
  it('a black-highlighted run leaks; without page breaks the page is null', async () => {
    expect(await check('black-highlight.bad.docx')).toEqual([{ page: null, text: LEAK, boxes: 1 }]);
  });
  it('white text on the white page leaks', async () => {
    expect(await check('white-text.bad.docx')).toEqual([{ page: null, text: LEAK, boxes: 1 }]);
  });
  it('black shading over blanks is a proper redaction', async () => {
    expect(await check('black-shaded-blanks.clean.docx')).toEqual([]);
  });
  it('white text on black shading is readable', async () => {
    expect(await check('white-text-on-black.clean.docx')).toEqual([]);
  });
  it('ordinary text is clean', async () => {
    expect(await check('normal.clean.docx')).toEqual([]);
  });
});

it('every fixture has a test: the generator and this file agree', () => {
  const names = readdirSync(FIXTURES).filter((n) => /\.(pdf|docx)$/.test(n));
  expect(names).toHaveLength(15);
});
