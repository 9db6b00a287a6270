/**
 * What extraction makes of one file: pages of lines, with what the compliance checks and the
 * tagger need to know about each line (size, weight, where it sits). Pure data, no parser types,
 * so checks and tagging never depend on pdf.js or mammoth.
 */
export type DocumentFormat = 'pdf' | 'docx' | 'txt';

/** Which part of the page a line comes from: a DOCX header/footer part, else the body. */
export type PagePart = 'header' | 'body' | 'footer';

export interface TextLine {
  text: string;
  /** Dominant font size of the line in points; null where the format has none (plain text). */
  fontSizePt: number | null;
  bold: boolean;
  /** DOCX: heading level from the paragraph's style or outline level; null otherwise. */
  headingLevel: number | null;
  part: PagePart;
  /** PDF: left edge and top of the line in points from the page's top-left, in reading orientation (page rotation applied); null for DOCX and TXT. */
  x: number | null;
  y: number | null;
  /** PDF: line height in points; null otherwise. */
  height: number | null;
}

/** A line of body text with nothing measured about it: what plain text gives. */
export function unmeasuredLine(text: string): TextLine {
  return {
    text,
    fontSizePt: null,
    bold: false,
    headingLevel: null,
    part: 'body',
    x: null,
    y: null,
    height: null,
  };
}

export interface ExtractedPage {
  /** 1-based. */
  number: number;
  /** PDF: page size in points as read (rotation applied); null for DOCX and TXT. */
  width: number | null;
  height: number | null;
  /** In reading order. PDF: one entry per visual line. DOCX: one per paragraph. TXT: one per line, blank lines kept as "". */
  lines: TextLine[];
  /** false when the page has no extractable text at all (an image-only scan). */
  hasTextLayer: boolean;
}

export interface ExtractedDocument {
  format: DocumentFormat;
  pages: ExtractedPage[];
  /**
   * DOCX pages come from explicit page breaks when the document has them, else one page per
   * section: then page numbers are not the printed ones and findings carry page null.
   */
  pagesAreReal: boolean;
  /** DOCX: a header or footer holds a PAGE field, so every page prints its number. */
  hasPageNumberField: boolean;
}
