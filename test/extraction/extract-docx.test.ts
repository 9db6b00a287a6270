import { describe, expect, it } from 'vitest';
import { docxLimits } from '../../src/extraction/docx-package.ts';
import { extractDocument } from '../../src/extraction/extract-document.ts';
import type { ExtractedDocument } from '../../src/extraction/extracted-document.ts';
import { docxOf, p } from './docx-package.ts';
import { fixture } from './fixtures.ts';

const docx = (bytes: Uint8Array) => extractDocument(bytes, 'docx');
const pageTexts = (doc: ExtractedDocument) =>
  doc.pages.map((page) => page.lines.map((line) => `${line.part}:${line.text}`));
const damaged =
  'This Word file is damaged or incomplete and could not be read. Save it again from Word (as .docx) and upload the new copy.';

const sizeStyles = `
  <w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="24"/></w:rPr></w:rPrDefault></w:docDefaults>
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="Small"><w:name w:val="Small"/><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="20"/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="SmallChild"><w:name w:val="Small Child"/><w:basedOn w:val="Small"/></w:style>
  <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="Custom3"><w:name w:val="Section heading"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="Chapter"><w:name w:val="Chapter"/><w:pPr><w:pageBreakBefore/></w:pPr></w:style>
  <w:style w:type="character" w:styleId="Tiny"><w:name w:val="Tiny"/><w:rPr><w:sz w:val="16"/></w:rPr></w:style>`;

describe('DOCX font size and weight', () => {
  it('resolves size through docDefaults, paragraph style, its basedOn chain, character style and the run, the last set winning', async () => {
    const doc = await docx(
      docxOf({
        styles: sizeStyles,
        body: [
          p('default'),
          p('paragraph style', '<w:pStyle w:val="Small"/>'),
          p('inherited from basedOn', '<w:pStyle w:val="SmallChild"/>'),
          p('character style', '<w:pStyle w:val="Small"/>', '<w:rStyle w:val="Tiny"/>'),
          p('run size', '<w:pStyle w:val="Small"/>', '<w:rStyle w:val="Tiny"/><w:sz w:val="28"/>'),
        ].join(''),
      }),
    );
    expect(doc.pages[0]!.lines.map((line) => [line.text, line.fontSizePt])).toEqual([
      ['default', 12],
      ['paragraph style', 10],
      ['inherited from basedOn', 10],
      ['character style', 8],
      ['run size', 14],
    ]);
  });

  it('falls back to 10 pt when no layer sets a size', async () => {
    const doc = await docx(docxOf({ body: p('no styles part at all') }));
    expect(doc.pages[0]!.lines[0]!.fontSizePt).toBe(10);
  });

  it('gives a paragraph the size most of its characters have', async () => {
    const body =
      '<w:p><w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:t>1</w:t></w:r><w:r><w:rPr><w:sz w:val="22"/></w:rPr><w:t>eleven point text</w:t></w:r></w:p>';
    const doc = await docx(docxOf({ styles: sizeStyles, body }));
    expect(doc.pages[0]!.lines[0]).toMatchObject({ text: '1eleven point text', fontSizePt: 11 });
  });

  it('takes bold from the style chain unless the run turns it off', async () => {
    const doc = await docx(
      docxOf({
        styles: sizeStyles,
        body:
          p('styled bold', '<w:pStyle w:val="Heading1"/>') +
          p('turned off', '<w:pStyle w:val="Heading1"/>', '<w:b w:val="0"/>') +
          p('run bold', '', '<w:b/>'),
      }),
    );
    expect(doc.pages[0]!.lines.map((line) => line.bold)).toEqual([true, false, true]);
  });

  it('takes the heading level from the style outline level, the style name, or the paragraph outline level', async () => {
    const doc = await docx(
      docxOf({
        styles: sizeStyles,
        body:
          p('h1', '<w:pStyle w:val="Heading1"/>') +
          p('h3 by style outline', '<w:pStyle w:val="Custom3"/>') +
          p('h2 direct', '<w:outlineLvl w:val="1"/>') +
          p('body text level', '<w:outlineLvl w:val="9"/>') +
          p('plain'),
      }),
    );
    expect(doc.pages[0]!.lines.map((line) => line.headingLevel)).toEqual([1, 3, 2, null, null]);
  });

  it('reads the fixture whose sizes come from docDefaults and styles', async () => {
    const doc = await docx(fixture('docx-sizes-from-styles-no-page-breaks.docx'));
    const body = doc.pages[0]!.lines.filter((line) => line.part === 'body');
    expect(body.map((line) => [line.text, line.fontSizePt, line.headingLevel])).toEqual([
      ['American AI Exports Program Comments', 12, null],
      ['Section A: Respondent Background', 16, 1],
      ['Body at the document default size.', 12, null],
      ['Body in the 10 pt paragraph style.', 10, null],
      ['Body in a style based on the 10 pt style.', 10, null],
      ['Run in the 8 pt character style.', 8, null],
      ['Run sized 14 pt on the run itself.', 14, null],
      [expect.stringMatching(/^We recommend/), 12, null],
    ]);
  });

  it('reads 10 pt set on every run of the fixture', async () => {
    const doc = await docx(fixture('docx-10pt-runs-page-breaks-no-furniture.docx'));
    expect(new Set(doc.pages.flatMap((page) => page.lines.map((line) => line.fontSizePt)))).toEqual(
      new Set([10]),
    );
  });
});

describe('DOCX pages', () => {
  it('splits pages at explicit page breaks and says the pages are real', async () => {
    const body =
      p('one') +
      '<w:p><w:r><w:t>two</w:t><w:br w:type="page"/><w:t>three</w:t></w:r></w:p>' +
      p('four', '<w:pageBreakBefore/>');
    const doc = await docx(docxOf({ body }));
    expect(doc.pagesAreReal).toBe(true);
    expect(pageTexts(doc)).toEqual([['body:one', 'body:two'], ['body:three'], ['body:four']]);
  });

  it('breaks before a paragraph whose style asks for it', async () => {
    const doc = await docx(
      docxOf({ styles: sizeStyles, body: p('intro') + p('Chapter 2', '<w:pStyle w:val="Chapter"/>') }),
    );
    expect(pageTexts(doc)).toEqual([['body:intro'], ['body:Chapter 2']]);
  });

  it('ignores w:lastRenderedPageBreak, which only records where an earlier renderer broke', async () => {
    const body = `${p('one')}<w:p><w:r><w:lastRenderedPageBreak/><w:t>two</w:t></w:r></w:p>`;
    const doc = await docx(docxOf({ body }));
    expect(doc.pagesAreReal).toBe(false);
    expect(pageTexts(doc)).toEqual([['body:one', 'body:two']]);
  });

  it('makes one page per section, not real pages, when there are no explicit breaks', async () => {
    const doc = await docx(fixture('docx-two-sections-header-on-first-only.docx'));
    expect(doc.pagesAreReal).toBe(false);
    expect(doc.pages).toHaveLength(2);
    expect(doc.pages[0]!.lines.map((line) => line.part)).toEqual(['header', 'body', 'body', 'footer']);
    expect(doc.pages[0]!.lines[0]!.text).toBe('BUSINESS CONFIDENTIAL');
    expect(doc.pages[1]!.lines.map((line) => line.part)).toEqual(['body', 'footer']);
  });

  it('keeps empty body paragraphs as blank lines but drops the paragraph that only holds a page break', async () => {
    const body = `${p('one')}<w:p/>${p('two')}<w:p><w:r><w:br w:type="page"/></w:r></w:p>${p('three')}`;
    const doc = await docx(docxOf({ body }));
    expect(pageTexts(doc)).toEqual([['body:one', 'body:', 'body:two'], ['body:three']]);
  });

  it('reads each soft line break as its own line', async () => {
    const doc = await docx(
      docxOf({ body: '<w:p><w:r><w:t>BUSINESS CONFIDENTIAL</w:t><w:br/><w:t>Page 3</w:t></w:r></w:p>' }),
    );
    expect(pageTexts(doc)).toEqual([['body:BUSINESS CONFIDENTIAL', 'body:Page 3']]);
  });

  it('leaves out deleted text and alternate-content fallbacks', async () => {
    const body =
      '<w:p><w:r><w:t>kept </w:t></w:r><w:del><w:r><w:delText>deleted</w:delText></w:r></w:del><w:ins><w:r><w:t>inserted</w:t></w:r></w:ins></w:p>' +
      '<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps"><w:t>choice</w:t></mc:Choice><mc:Fallback><w:t>fallback</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>';
    const doc = await docx(docxOf({ body }));
    expect(pageTexts(doc)).toEqual([['body:kept inserted', 'body:choice']]);
  });
});

describe('DOCX headers, footers and page numbers', () => {
  const furniture = {
    'header1.xml': p('BUSINESS CONFIDENTIAL'),
    'footer1.xml':
      '<w:p><w:r><w:t xml:space="preserve">Page </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE \\* MERGEFORMAT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> of </w:t></w:r><w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>9</w:t></w:r></w:fldSimple></w:p>',
  };
  const rels = { rIdH: 'header1.xml', rIdF: 'footer1.xml' };
  const sectPr =
    '<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/><w:footerReference w:type="default" r:id="rIdF"/></w:sectPr>';

  it('repeats header and footer lines on every page of the section, with each page’s own number', async () => {
    const body = p('one') + p('two', '<w:pageBreakBefore/>') + sectPr;
    const doc = await docx(docxOf({ body, furniture, rels }));
    expect(doc.hasPageNumberField).toBe(true);
    expect(pageTexts(doc)).toEqual([
      ['header:BUSINESS CONFIDENTIAL', 'body:one', 'footer:Page 1 of 2'],
      ['header:BUSINESS CONFIDENTIAL', 'body:two', 'footer:Page 2 of 2'],
    ]);
  });

  it('finds a PAGE field written as fldSimple', async () => {
    const doc = await docx(
      docxOf({
        body: `${p('one')}<w:sectPr><w:footerReference w:type="default" r:id="rIdF"/></w:sectPr>`,
        furniture: {
          'footer1.xml': '<w:p><w:fldSimple w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>',
        },
        rels: { rIdF: 'footer1.xml' },
      }),
    );
    expect(doc.hasPageNumberField).toBe(true);
    expect(pageTexts(doc)).toEqual([['body:one', 'footer:1']]);
  });

  it('does not count NUMPAGES alone, or a PAGE field in the body, as page numbering', async () => {
    const footer = {
      'footer1.xml': '<w:p><w:fldSimple w:instr="NUMPAGES"><w:r><w:t>3</w:t></w:r></w:fldSimple></w:p>',
    };
    const body =
      '<w:p><w:fldSimple w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p><w:sectPr><w:footerReference w:type="default" r:id="rIdF"/></w:sectPr>';
    const doc = await docx(docxOf({ body, furniture: footer, rels: { rIdF: 'footer1.xml' } }));
    expect(doc.hasPageNumberField).toBe(false);
  });

  it('uses the first-page header on a title page and carries headers into sections that name none', async () => {
    const parts = { 'header1.xml': p('DEFAULT'), 'header2.xml': p('FIRST') };
    const body =
      p('a') +
      p(
        'b',
        '<w:pageBreakBefore/><w:sectPr><w:headerReference w:type="default" r:id="rId1"/><w:headerReference w:type="first" r:id="rId2"/><w:titlePg/></w:sectPr>',
      ) +
      p('c') +
      '<w:sectPr/>';
    const doc = await docx(
      docxOf({ body, furniture: parts, rels: { rId1: 'header1.xml', rId2: 'header2.xml' } }),
    );
    expect(pageTexts(doc)).toEqual([
      ['header:FIRST', 'body:a'],
      ['header:DEFAULT', 'body:b'],
      ['header:DEFAULT', 'body:c'],
    ]);
  });

  it('reads the header/footer fixture: PUBLIC header, "Page N of 3" footer with PAGE and NUMPAGES fields', async () => {
    const doc = await docx(fixture('docx-header-footer-page-field-page-breaks.docx'));
    expect(doc.pagesAreReal).toBe(true);
    expect(doc.hasPageNumberField).toBe(true);
    expect(
      doc.pages.map((page) => [
        page.lines[0]!.text,
        page.lines[0]!.part,
        page.lines.at(-1)!.text,
        page.lines.at(-1)!.part,
      ]),
    ).toEqual([
      ['PUBLIC', 'header', 'Page 1 of 3', 'footer'],
      ['PUBLIC', 'header', 'Page 2 of 3', 'footer'],
      ['PUBLIC', 'header', 'Page 3 of 3', 'footer'],
    ]);
    expect(doc.pages[0]!.lines[1]).toMatchObject({
      text: 'American AI Exports Program Comments',
      bold: true,
      fontSizePt: 12,
    });
    expect(doc.pages[0]!.lines[2]).toMatchObject({
      text: 'Section A: Respondent Background',
      headingLevel: 1,
    });
  });

  it('reads a file whose writer bound WordprocessingML to another prefix', async () => {
    const body = '<x:p><x:r><x:rPr><x:sz x:val="22"/></x:rPr><x:t>other prefix</x:t></x:r></x:p>';
    const doc = await docx(
      docxOf({
        body: '',
        extra: {
          'word/document.xml': `<x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><x:body>${body}</x:body></x:document>`,
        },
      }),
    );
    expect(doc.pages[0]!.lines[0]).toMatchObject({ text: 'other prefix', fontSizePt: 11 });
  });
});

describe('DOCX hostile and broken files', () => {
  it('refuses a part with a DOCTYPE instead of processing its entities', async () => {
    const xml =
      '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>';
    await expect(docx(docxOf({ body: '', extra: { 'word/document.xml': xml } }))).rejects.toMatchObject({
      permanent: true,
      message: damaged,
    });
  });

  it('refuses a package with more entries than the limit', async () => {
    const extra = Object.fromEntries(
      Array.from({ length: docxLimits.maxEntries + 1 }, (_, i) => [`junk/${i}.bin`, 'x']),
    );
    await expect(docx(docxOf({ body: p('x'), extra }))).rejects.toMatchObject({ permanent: true });
  });

  it('refuses a package whose XML parts declare more than the unpacked-size limit', async () => {
    const bytes = docxOf({ body: p('x') });
    // Forge the central directory's uncompressed size of the first entry, as a zip bomb would.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let at = bytes.length - 22; at >= 0; at--) {
      if (view.getUint32(at, true) !== 0x02014b50) continue;
      view.setUint32(at + 24, docxLimits.maxUnpackedBytes + 1, true);
    }
    await expect(docx(bytes)).rejects.toMatchObject({
      permanent: true,
      message:
        'This Word file unpacks to more data than we accept. Remove large embedded objects or save it as PDF and upload that.',
    });
  });

  it('refuses bytes that are not a zip, or a zip without a Word document', async () => {
    await expect(docx(new TextEncoder().encode('not a zip at all'))).rejects.toMatchObject({
      permanent: true,
      message: damaged,
    });
    const { zipSync, strToU8 } = await import('fflate');
    await expect(docx(zipSync({ 'readme.txt': strToU8('hello') }))).rejects.toMatchObject({
      permanent: true,
      message:
        'This file is not a Word document (.docx) we can read. Save it as .docx or PDF and upload that.',
    });
  });

  it('refuses malformed XML as damaged', async () => {
    await expect(docx(docxOf({ body: '<w:p><w:r><w:t>unclosed</w:r></w:p>' }))).rejects.toMatchObject({
      permanent: true,
      message: damaged,
    });
  });
});
