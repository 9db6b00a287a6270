import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { rectanglesOf } from '../../src/redaction/pdf-drawing.ts';
import { findRecoverableText } from '../../src/redaction/recoverable-text.ts';

describe('plain text', () => {
  it('hides nothing: every character is in plain view', async () => {
    expect(await findRecoverableText(strToU8('Kestrel will pay $780 million.'), 'txt')).toEqual([]);
  });
});

describe('hostile DOCX packages are refused, not parsed', () => {
  it('a DOCTYPE (entity expansion) is rejected', async () => {
    const xml =
      '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaa">]><w:document xmlns:w="x"><w:body/></w:document>';
    const bytes = zipSync({ 'word/document.xml': strToU8(xml) });
    await expect(findRecoverableText(bytes, 'docx')).rejects.toThrow(/DOCTYPE/);
  });
  it('a package with thousands of entries is rejected', async () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 2500; i++) files[`x/${i}`] = new Uint8Array(1);
    await expect(findRecoverableText(zipSync(files), 'docx')).rejects.toThrow(/too many entries/);
  });
  it('bytes that are no zip are rejected', async () => {
    await expect(findRecoverableText(strToU8('not a zip'), 'docx')).rejects.toThrow(/cannot be read/);
  });
});

describe('path decoding', () => {
  it('splits a path into its rectangles instead of taking its outer box', () => {
    // moveTo/lineTo/closePath codes as pdf.js packs them: two bars far apart.
    const bar = (x: number) => [0, x, 0, 1, x + 10, 0, 1, x + 10, 5, 1, x, 5, 3];
    const rects = rectanglesOf(new Float32Array([...bar(0), ...bar(100)]), [1, 0, 0, 1, 0, 0]);
    expect(rects).toEqual([
      { x0: 0, y0: 0, x1: 10, y1: 5 },
      { x0: 100, y0: 0, x1: 110, y1: 5 },
    ]);
  });
  it('applies the current transformation matrix', () => {
    const square = [0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 3];
    expect(rectanglesOf(new Float32Array(square), [2, 0, 0, 3, 10, 20])).toEqual([
      { x0: 10, y0: 20, x1: 12, y1: 23 },
    ]);
  });
});
