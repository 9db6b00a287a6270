import { describe, expect, it } from 'vitest';
import { complianceFindings } from '../../src/checks/compliance-findings.ts';
import type { ExtractedDocument } from '../../src/extraction/extracted-document.ts';
import { CAPTION, DOCKET, imagePage, pdfDocument, submitted, wrap } from './builders.ts';

const PARAGRAPH =
  'The Program should publish the list of designated packages and the conditions attached to each, so that partner countries and the public can hold consortia to them.';

describe('no_text_layer', () => {
  it('each page without a text layer is reported, and nothing else is said about it', () => {
    const text = pdfDocument([{ body: [CAPTION, ...wrap(PARAGRAPH)], footer: 'Page 1 of 3' }]);
    const doc: ExtractedDocument = { ...text, pages: [...text.pages, imagePage(2), imagePage(3)] };
    const findings = complianceFindings({
      docket: DOCKET,
      bcJustification: null,
      files: [submitted('scan.pdf', doc)],
    });
    expect(findings.map((f) => [f.code, f.page])).toEqual([
      ['no_text_layer', 2],
      ['no_text_layer', 3],
    ]);
    expect(findings[0]?.message).toBe(
      'Page 2 of scan.pdf is an image with no text layer, so its text cannot be read, searched or checked. If you can, upload it again with selectable text (save it as PDF from your word processor, or run text recognition on a scan).',
    );
  });

  it('an image-only file yields only no_text_layer: no caption, page number or font noise', () => {
    const doc: ExtractedDocument = {
      format: 'pdf',
      pages: [imagePage(1)],
      pagesAreReal: true,
      hasPageNumberField: false,
    };
    const findings = complianceFindings({
      docket: DOCKET,
      bcJustification: null,
      files: [submitted('scan.pdf', doc)],
    });
    expect(findings.map((f) => [f.code, f.fileId, f.page])).toEqual([['no_text_layer', 'scan.pdf', 1]]);
  });

  it('a file whose extraction failed yields no page findings (the worker reports extraction_failed)', () => {
    const findings = complianceFindings({
      docket: DOCKET,
      bcJustification: null,
      files: [submitted('broken.pdf', null)],
    });
    expect(findings).toEqual([]);
  });

  it('a page with text is not reported', () => {
    const doc = pdfDocument([{ body: [CAPTION, ...wrap(PARAGRAPH)], footer: 'Page 1 of 1' }]);
    const findings = complianceFindings({
      docket: DOCKET,
      bcJustification: null,
      files: [submitted('a.pdf', doc)],
    });
    expect(findings).toEqual([]);
  });
});
