/**
 * What every hand-made ExtractedDocument in the tests is built from, so the suites agree on the
 * shape an extractor delivers: a line with nothing measured unless given, Letter pages (PDF),
 * pages without geometry (DOCX, TXT), image-only pages and the document around them. It also holds
 * the eval's case layout (files of pages of heading/para/list blocks) and the page furniture its
 * DOCX and TXT renderings share; each suite keeps the PDF geometry of the renderer it imitates.
 */
import {
  type DocumentFormat,
  type ExtractedDocument,
  type ExtractedPage,
  type TextLine,
  unmeasuredLine,
} from '../../src/extraction/extracted-document.ts';

export const CAPTION = 'American AI Exports Program Comments';
/** US Letter in points, the page every PDF in the docket's fixtures is set on. */
export const LETTER = { width: 612, height: 792 };

/** A body line; size, weight, part and position stay null/false/body unless given, as for plain text. */
export function textLine(text: string, measured: Partial<Omit<TextLine, 'text'>> = {}): TextLine {
  return { ...unmeasuredLine(text), ...measured };
}

/** A PDF page with a text layer, on Letter. */
export function letterPage(number: number, lines: TextLine[]): ExtractedPage {
  return { number, width: LETTER.width, height: LETTER.height, lines, hasTextLayer: true };
}

/** A scanned PDF page: no text at all. */
export function imagePage(number: number): ExtractedPage {
  return { number, width: LETTER.width, height: LETTER.height, lines: [], hasTextLayer: false };
}

/** A DOCX or TXT page: those formats have no page geometry. */
export function unsizedPage(number: number, lines: TextLine[]): ExtractedPage {
  return { number, width: null, height: null, lines, hasTextLayer: true };
}

/** A TXT page of raw lines, blank lines kept as "". */
export function plainTextPage(number: number, rawLines: string[]): ExtractedPage {
  return unsizedPage(
    number,
    rawLines.map((text) => textLine(text)),
  );
}

/** The document around the pages; real pages and no PAGE field unless a DOCX says otherwise. */
export function extractedDocument(
  format: DocumentFormat,
  pages: ExtractedPage[],
  docx: { pagesAreReal?: boolean; hasPageNumberField?: boolean } = {},
): ExtractedDocument {
  return {
    format,
    pages,
    pagesAreReal: docx.pagesAreReal ?? true,
    hasPageNumberField: docx.hasPageNumberField ?? false,
  };
}

/** Words filled into lines of at most `columns` characters; continuation lines start with `indent`, counted in the width. */
export function wrapColumns(text: string, columns: number, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > columns) {
      lines.push(line);
      line = indent + word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** A block of the eval's case layout (../shared/eval/SCHEMA.md). */
export interface CaseLayoutBlock {
  type: 'heading' | 'para' | 'list';
  text?: string;
  items?: string[];
  bci?: boolean;
}

/** A file of the eval's case layout; settings left out take the eval's defaults. */
export interface CaseLayoutFile<Block extends CaseLayoutBlock = CaseLayoutBlock> {
  name: string;
  format?: 'pdf' | 'docx' | 'txt' | 'raw';
  font_size?: number;
  page_numbers?: boolean;
  caption?: boolean;
  header?: string | null;
  /** The pages that carry the header; all of them when null or left out. */
  header_pages?: number[] | null;
  derive_from?: string;
  pages?: Block[][];
}

/** The header this page carries, or null. */
export function pageHeader(
  file: Pick<CaseLayoutFile, 'header' | 'header_pages'>,
  page: number,
): string | null {
  if (!file.header) return null;
  return !Array.isArray(file.header_pages) || file.header_pages.includes(page) ? file.header : null;
}

/** What the eval's renderers put around a page's blocks. */
export interface PageFurniture {
  /** See pageHeader. */
  header: string | null;
  /** The caption, which only page 1 carries. */
  caption: boolean;
  size: number;
}

/** A DOCX page: the header part, the caption, the paragraphs, then `footer` (if any) in the footer part. */
export function docxLayoutPage(
  number: number,
  furniture: PageFurniture,
  paragraphs: TextLine[],
  footer: string | null,
): ExtractedPage {
  const { header, caption, size } = furniture;
  const lines: TextLine[] = [];
  if (header !== null) lines.push(textLine(header, { part: 'header', bold: true, fontSizePt: size }));
  if (caption) lines.push(textLine(CAPTION, { bold: true, fontSizePt: size + 2 }));
  lines.push(...paragraphs);
  if (footer !== null) lines.push(textLine(footer, { part: 'footer', fontSizePt: size }));
  return unsizedPage(number, lines);
}

/**
 * A TXT page: header and caption each followed by a blank line, the body (each block already followed
 * by its blank line), then `footer`; without one, the page ends at its last text.
 */
export function txtLayoutPage(
  number: number,
  furniture: Omit<PageFurniture, 'size'>,
  body: string[],
  footer: string | null,
): ExtractedPage {
  const raw: string[] = [];
  if (furniture.header !== null) raw.push(furniture.header, '');
  if (furniture.caption) raw.push(CAPTION, '');
  raw.push(...body);
  if (footer !== null) raw.push(footer);
  else while (raw.at(-1) === '') raw.pop();
  return plainTextPage(number, raw);
}
