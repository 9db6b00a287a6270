import type { ExtractedDocument, ExtractedPage, TextLine } from '../extraction/extracted-document.ts';

/**
 * Where a line sits on its page, as the rules speak of it: "on the top of that page" for markings,
 * a page number in the header or footer. The contract fixes the header zone as the top fifth of a
 * PDF page or a DOCX header part; the bottom fifth is its mirror for footers.
 */
const ZONE_SHARE = 0.2;
/** Lines that count as the top (or bottom) of a page when positions are unknown (TXT, DOCX body). */
const EDGE_LINE_COUNT = 3;

export type Zone = 'top' | 'bottom' | 'middle';

function nonEmptyBodyLines(page: ExtractedPage): TextLine[] {
  return page.lines.filter((line) => line.part === 'body' && line.text.trim() !== '');
}

/** Each body line's position among the page's non-empty body lines, computed once per page. */
const bodyOrder = new WeakMap<ExtractedPage, { index: Map<TextLine, number>; count: number }>();

function bodyPosition(page: ExtractedPage, line: TextLine): { index: number; count: number } {
  let order = bodyOrder.get(page);
  if (order === undefined) {
    const body = nonEmptyBodyLines(page);
    order = { index: new Map(body.map((bodyLine, i) => [bodyLine, i])), count: body.length };
    bodyOrder.set(page, order);
  }
  return { index: order.index.get(line) ?? -1, count: order.count };
}

/** The zone of a line: PDF by position, DOCX by part, TXT (and DOCX body) by order on the page. */
export function zoneOf(doc: ExtractedDocument, page: ExtractedPage, line: TextLine): Zone {
  if (line.part === 'header') return 'top';
  if (line.part === 'footer') return 'bottom';
  if (doc.format === 'pdf' && line.y !== null && page.height !== null && page.height > 0) {
    const bottomEdge = line.y + (line.height ?? 0);
    if (line.y < page.height * ZONE_SHARE) return 'top';
    if (bottomEdge > page.height * (1 - ZONE_SHARE)) return 'bottom';
    return 'middle';
  }
  const { index, count } = bodyPosition(page, line);
  if (index < 0) return 'middle';
  if (index < EDGE_LINE_COUNT) return 'top';
  if (index >= count - EDGE_LINE_COUNT) return 'bottom';
  return 'middle';
}

/**
 * Lines at the top of a page. A DOCX body paragraph is at the top only when it opens the page (the
 * header part is above it); elsewhere the top zone is used as it is.
 */
export function topLines(doc: ExtractedDocument, page: ExtractedPage): TextLine[] {
  if (doc.format === 'docx') {
    const opening = nonEmptyBodyLines(page).slice(0, 2);
    return page.lines.filter((line) => line.part === 'header' || opening.includes(line));
  }
  return page.lines.filter((line) => line.text.trim() !== '' && zoneOf(doc, page, line) === 'top');
}

/** Lines in the top or bottom zone of a page: where running headers, footers and page numbers sit. */
export function edgeLines(doc: ExtractedDocument, page: ExtractedPage): TextLine[] {
  return page.lines.filter((line) => line.text.trim() !== '' && zoneOf(doc, page, line) !== 'middle');
}

/**
 * The page a finding names. "DOCX findings carry a page only where the document has explicit page
 * breaks" (contract): without them a DOCX page is a section, not a printed page.
 */
export function reportedPage(doc: ExtractedDocument, page: ExtractedPage): number | null {
  return doc.format === 'docx' && !doc.pagesAreReal ? null : page.number;
}
