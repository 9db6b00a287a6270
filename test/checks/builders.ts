/**
 * Small builders for hand-made extraction results, shaped as the extractors deliver them: PDF pages of
 * visual lines with positions (US Letter, header at the top margin, "Page N of M" at the bottom), DOCX
 * pages of paragraphs with header and footer parts, TXT pages of raw lines.
 */

import type { Confidentiality, SubmittedFile } from '../../src/checks/submitted-file.ts';
import type {
  ExtractedDocument,
  ExtractedPage,
  PagePart,
  TextLine,
} from '../../src/extraction/extracted-document.ts';
import {
  CAPTION,
  extractedDocument,
  letterPage,
  plainTextPage,
  textLine,
  unsizedPage,
} from '../support/document-builder.ts';

export { CAPTION, imagePage, LETTER } from '../support/document-builder.ts';

export interface LineSpec {
  text: string;
  size?: number;
  bold?: boolean;
  /** PDF: top of the line in points; the builder stacks body lines when it is left out. */
  y?: number;
}
export type LineInput = string | LineSpec;

function spec(input: LineInput): LineSpec {
  return typeof input === 'string' ? { text: input } : input;
}

/** Words wrapped into lines of at most `perLine` words, as a renderer wraps a paragraph. */
export function wrap(text: string, perLine = 13): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  for (let i = 0; i < words.length; i += perLine) lines.push(words.slice(i, i + perLine).join(' '));
  return lines;
}

/** A line of a spec at the suite's body size unless it gives its own. */
function specLine(input: LineInput, part: PagePart, size: number, placed: Partial<TextLine> = {}): TextLine {
  const s = spec(input);
  return textLine(s.text, { fontSizePt: s.size ?? size, bold: s.bold ?? false, part, ...placed });
}

export interface PdfPageSpec {
  header?: LineInput;
  body: LineInput[];
  footer?: LineInput;
  /** Body size in points (12 unless given). */
  size?: number;
}

/** A PDF page: header at y 36, body from y 72 down in steps of 1.35 × size, footer at y 744. */
export function pdfPage(number: number, page: PdfPageSpec): ExtractedPage {
  const size = page.size ?? 12;
  const lines: TextLine[] = [];
  const place = (input: LineInput, y: number, fallbackSize: number) => {
    const s = spec(input);
    const lineSize = s.size ?? fallbackSize;
    lines.push(specLine(s, 'body', lineSize, { x: 72, y: s.y ?? y, height: lineSize }));
  };
  if (page.header !== undefined) place(page.header, 36, size);
  let y = 72;
  for (const input of page.body) {
    const s = spec(input);
    place(s, y, size);
    y = (s.y ?? y) + (s.size ?? size) * 1.35;
  }
  if (page.footer !== undefined) place(page.footer, 744, size);
  return letterPage(number, lines);
}

export function pdfDocument(pages: PdfPageSpec[]): ExtractedDocument {
  return extractedDocument(
    'pdf',
    pages.map((page, i) => pdfPage(i + 1, page)),
  );
}

export interface DocxSpec {
  header?: LineInput[];
  footer?: LineInput[];
  hasPageNumberField?: boolean;
  /** false: the document has no page breaks and each "page" is a section. */
  pagesAreReal?: boolean;
  size?: number;
  pages: LineInput[][];
}

/** A DOCX: one line per paragraph, header and footer part lines repeated on every page. */
export function docxDocument(docx: DocxSpec): ExtractedDocument {
  const size = docx.size ?? 12;
  const part = (inputs: LineInput[] | undefined, which: PagePart) =>
    (inputs ?? []).map((input) => specLine(input, which, size));
  return extractedDocument(
    'docx',
    docx.pages.map((paragraphs, i) =>
      unsizedPage(i + 1, [
        ...part(docx.header, 'header'),
        ...part(paragraphs, 'body'),
        ...part(docx.footer, 'footer'),
      ]),
    ),
    { pagesAreReal: docx.pagesAreReal, hasPageNumberField: docx.hasPageNumberField },
  );
}

/** A plain-text file: pages split at form feeds, lines kept raw (blank lines as ""). */
export function txtDocument(text: string): ExtractedDocument {
  const pages = text.replace(/\n$/, '').split('\f');
  return extractedDocument(
    'txt',
    pages.map((pageText, i) => plainTextPage(i + 1, pageText.replace(/^\n/, '').split('\n'))),
  );
}

/** The class the contract gives a name: `BC…` confidential, `P…` public, anything else assumed public. */
export function confidentialityOf(filename: string): Confidentiality {
  if (filename.startsWith('BC')) return 'business_confidential';
  if (filename.startsWith('P')) return 'public';
  return 'assumed_public';
}

/** A submitted file whose id is its name, so findings read plainly in assertions. */
export function submitted(
  filename: string,
  document: ExtractedDocument | null,
  extra: Partial<SubmittedFile> = {},
): SubmittedFile {
  return { fileId: filename, filename, confidentiality: confidentialityOf(filename), document, ...extra };
}

export const DOCKET = { caption: CAPTION, minFontPt: 12 };
