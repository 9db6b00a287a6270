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

export const LETTER = { width: 612, height: 792 };
export const CAPTION = 'American AI Exports Program Comments';

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

function line(
  text: string,
  part: PagePart,
  size: number | null,
  extra: Partial<Pick<TextLine, 'bold' | 'x' | 'y' | 'height' | 'headingLevel'>> = {},
): TextLine {
  return {
    text,
    fontSizePt: size,
    bold: false,
    headingLevel: null,
    part,
    x: null,
    y: null,
    height: null,
    ...extra,
  };
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
    lines.push(
      line(s.text, 'body', lineSize, { bold: s.bold ?? false, x: 72, y: s.y ?? y, height: lineSize }),
    );
  };
  if (page.header !== undefined) place(page.header, 36, size);
  let y = 72;
  for (const input of page.body) {
    const s = spec(input);
    place(s, y, size);
    y = (s.y ?? y) + (s.size ?? size) * 1.35;
  }
  if (page.footer !== undefined) place(page.footer, 744, size);
  return { number, width: LETTER.width, height: LETTER.height, lines, hasTextLayer: true };
}

export function pdfDocument(pages: PdfPageSpec[]): ExtractedDocument {
  return {
    format: 'pdf',
    pages: pages.map((page, i) => pdfPage(i + 1, page)),
    pagesAreReal: true,
    hasPageNumberField: false,
  };
}

/** A scanned page: no text at all. */
export function imagePage(number: number): ExtractedPage {
  return { number, width: LETTER.width, height: LETTER.height, lines: [], hasTextLayer: false };
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
    (inputs ?? []).map((input) => {
      const s = spec(input);
      return line(s.text, which, s.size ?? size, { bold: s.bold ?? false });
    });
  return {
    format: 'docx',
    pages: docx.pages.map((paragraphs, i) => ({
      number: i + 1,
      width: null,
      height: null,
      lines: [
        ...part(docx.header, 'header'),
        ...paragraphs.map((input) => {
          const s = spec(input);
          return line(s.text, 'body', s.size ?? size, { bold: s.bold ?? false });
        }),
        ...part(docx.footer, 'footer'),
      ],
      hasTextLayer: true,
    })),
    pagesAreReal: docx.pagesAreReal ?? true,
    hasPageNumberField: docx.hasPageNumberField ?? false,
  };
}

/** A plain-text file: pages split at form feeds, lines kept raw (blank lines as ""). */
export function txtDocument(text: string): ExtractedDocument {
  const pages = text.replace(/\n$/, '').split('\f');
  return {
    format: 'txt',
    pages: pages.map((pageText, i) => ({
      number: i + 1,
      width: null,
      height: null,
      lines: pageText
        .replace(/^\n/, '')
        .split('\n')
        .map((text) => line(text, 'body', null)),
      hasTextLayer: true,
    })),
    pagesAreReal: true,
    hasPageNumberField: false,
  };
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
